package dev.sluice.server.jobs;

import dev.sluice.server.errors.ConflictException;

/** A deploy, stop or savepoint that the job's current state does not allow. */
public final class JobConflictException extends ConflictException {
  public JobConflictException(String detail) {
    super(detail);
  }
}
