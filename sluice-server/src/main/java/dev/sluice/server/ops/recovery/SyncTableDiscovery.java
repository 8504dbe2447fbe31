package dev.sluice.server.ops.recovery;

import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.DesiredState;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobLocks;
import dev.sluice.server.jobs.JobState;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.secrets.SecretRedactor;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * New tables matching a running sync's patterns are picked up: each running sync job's definition
 * is planned against its source's catalog now and then, and when it matches tables its running
 * deployment does not read, the job is stopped with a savepoint and deployed again from it. The
 * source keeps its offsets and reads only the new tables' snapshots; the other tables keep their
 * state. Each pickup is the event {@code sync.tables-added}; one that fails is recorded once per
 * Flink job and set of tables, and the sync keeps running as it was.
 */
@Component
public class SyncTableDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(SyncTableDiscovery.class);
  static final String KIND = "sync.tables-added";

  private final JobStore jobs;
  private final JobLocks locks;
  private final DeploymentService deployments;
  private final EventLog events;
  private final SecretRedactor redactor;
  private final Clock clock;

  public SyncTableDiscovery(
      JobStore jobs,
      JobLocks locks,
      DeploymentService deployments,
      EventLog events,
      SecretRedactor redactor,
      Clock clock) {
    this.jobs = jobs;
    this.locks = locks;
    this.deployments = deployments;
    this.events = events;
    this.redactor = redactor;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${sluice.ops.sync.discovery-initial-delay:30s}",
      fixedDelayString = "${sluice.ops.sync.discovery-interval:60s}")
  public void run() {
    for (Job job : jobs.findAll()) {
      if (!runningSync(job)) {
        continue;
      }
      try {
        // A job being deployed, stopped or recovered right now is looked at next time.
        locks.ifFree(job.id(), () -> jobs.findById(job.id()).ifPresent(this::look));
      } catch (RuntimeException e) {
        LOG.warn("New tables of sync job '{}' not looked for: {}", job.name(), e.toString());
      }
    }
  }

  private static boolean runningSync(Job job) {
    return "SYNC".equals(job.type())
        && job.desiredState() == DesiredState.RUNNING
        && job.state() == JobState.RUNNING;
  }

  /** One look at one sync job: the tables it now matches and does not read, and the pickup. */
  void look(Job job) {
    if (!runningSync(job)) {
      return;
    }
    List<String> added = deployments.newSyncTables(job);
    if (added.isEmpty()) {
      return;
    }
    String seen = "table(s) " + String.join(", ", added) + " match the sync's tables now";
    if (failedBefore(job, seen)) {
      return;
    }
    String action =
        "stopped with a savepoint and deployed version "
            + job.deployedVersion()
            + " again from it: only the new table(s) are read from their snapshots";
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try {
      Job deployed = deployments.resync(job.id());
      record(job, seen, action, "submitted as Flink job " + deployed.flinkJobId(), now);
      LOG.info("Sync job '{}' picked up {}", job.name(), added);
    } catch (RuntimeException e) {
      record(job, seen, action, "failed: " + redactor.redact(String.valueOf(e.getMessage())), now);
      LOG.warn("Sync job '{}' could not pick up {}: {}", job.name(), added, e.getMessage());
    }
  }

  private boolean failedBefore(Job job, String seen) {
    return events.ofJob(job.id(), job.clusterId(), Instant.EPOCH, 20).stream()
        .anyMatch(
            e ->
                KIND.equals(e.kind())
                    && seen.equals(e.seen())
                    && job.flinkJobId().equals(e.flinkJobId())
                    && e.outcome() != null
                    && e.outcome().startsWith("failed"));
  }

  private void record(Job job, String seen, String action, String outcome, Instant now) {
    events.record(
        JobEvent.ofJob(
            job.id(),
            SyncSchemaChanges.SOURCE,
            KIND,
            seen,
            action,
            outcome,
            null,
            job.flinkJobId(),
            now));
  }
}
