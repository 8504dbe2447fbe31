package dev.sluice.server.security;

import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.secrets.KeyUseRecorder;
import org.springframework.stereotype.Component;

/** Each key handed to a running job is an event of the audit log, with the job as its actor. */
@Component
class AuditedKeyUses implements KeyUseRecorder {
  private final Audit audit;
  private final JobStore jobs;

  AuditedKeyUses(Audit audit, JobStore jobs) {
    this.audit = audit;
    this.jobs = jobs;
  }

  @Override
  public void keyUsed(long jobId, String flinkJobId, String keyName) {
    audit.record(
        "job:" + jobId,
        "secret.use",
        jobs.findById(jobId).map(Job::project).orElse(null),
        "secret " + keyName,
        "deployment " + flinkJobId);
  }
}
