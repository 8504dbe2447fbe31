package dev.sluice.server.jobs;

import dev.sluice.server.errors.NotFoundException;

/** No job with that id or name. */
public final class JobNotFoundException extends NotFoundException {
  public JobNotFoundException(long id) {
    super("Job " + id);
  }

  public JobNotFoundException(String name) {
    super("Job '" + name + "'");
  }
}
