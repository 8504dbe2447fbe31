package dev.sluice.server.api;

import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobNotFoundException;
import dev.sluice.server.jobs.ScriptService;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Role;
import org.springframework.stereotype.Component;

/**
 * The job a request names, if the caller holds the role in its project (else as if it did not
 * exist).
 */
@Component
class JobAccess {
  private final ScriptService scripts;
  private final Access access;

  JobAccess(ScriptService scripts, Access access) {
    this.scripts = scripts;
    this.access = access;
  }

  Job job(long id, Role needed) {
    Job job = scripts.get(id);
    access.require(job.project(), needed, () -> new JobNotFoundException(id));
    return job;
  }
}
