package dev.sluice.server.ops.recovery;

import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobState;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.secrets.SecretRedactor;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sync job whose source table changed its columns fails on purpose, without restarts, before it
 * writes a row of the new shape (the job was compiled for the old one). This follows the job's
 * {@code schemaChanges} policy: under {@code evolve} a change that only adds columns, and any
 * change into Kafka topics (whose records take the new shape), deploys the job again from its
 * latest checkpoint, compiled against the table as it is now (a JDBC or Paimon table gets the
 * columns first); a dropped, renamed or retyped column of a table target, and any change under
 * {@code pause}, leaves the job failed until someone deploys it. Each decision is an event.
 */
@Component
public class SyncSchemaChanges {
  private static final Logger LOG = LoggerFactory.getLogger(SyncSchemaChanges.class);

  /** How the failure of a changed table begins (the sync runtime's SchemaChangedException). */
  static final String PREFIX = "Sync schema change: ";

  static final String SOURCE = "sync";

  private final JobStore jobs;
  private final EventLog events;
  private final DeploymentService deployments;
  private final SecretRedactor redactor;
  private final JsonMapper json;

  public SyncSchemaChanges(
      JobStore jobs,
      EventLog events,
      DeploymentService deployments,
      SecretRedactor redactor,
      JsonMapper json) {
    this.jobs = jobs;
    this.events = events;
    this.deployments = deployments;
    this.redactor = redactor;
    this.json = json;
  }

  /** Whether the job is a sync that failed on a change of a source table's columns. */
  static boolean applies(Job job) {
    return "SYNC".equals(job.type())
        && job.state() == JobState.FAILED
        && job.lastError() != null
        && job.lastError().contains(PREFIX);
  }

  /** The change in words, from the failure: {@code table shop.orders added column(s) channel}. */
  static String change(String failure) {
    String rest = failure.substring(failure.indexOf(PREFIX) + PREFIX.length());
    int end = rest.indexOf(';');
    return end < 0 ? rest.strip() : rest.substring(0, end).strip();
  }

  /**
   * Acts on the failure once per Flink job: the event recorded for it says it was seen.
   *
   * @return whether the recovery policy must leave the job alone (always, for such a failure)
   */
  boolean handle(Job job, Instant now) {
    if (handled(job)) {
      return true;
    }
    String failure = redactor.redact(job.lastError());
    String change = change(failure);
    JsonNode definition = definition(job);
    String policy =
        definition == null ? "pause" : definition.path("schemaChanges").asString("evolve");
    // A Kafka topic takes records of the table's new shape as they come; a table's columns stay.
    boolean kafka =
        definition != null && "kafka".equals(definition.path("target").path("type").asString(""));
    boolean onlyAdded =
        change.contains(" added column(s) ")
            && !change.contains(" dropped ")
            && !change.contains(" changed the type ");
    if (!"evolve".equals(policy) || !(onlyAdded || kafka)) {
      String why =
          "evolve".equals(policy)
              ? "the policy evolve applies only added columns to a table; a dropped or renamed"
                  + " column, or a column of another type, would leave the target's rows wrong"
              : "the policy is pause";
      record(
          job,
          "sync.schema-paused",
          change,
          "the sync is paused: " + why,
          "deploy it again once the target is ready for the change",
          now);
      LOG.warn("Sync job '{}' paused on a schema change: {}", job.name(), change);
      return true;
    }
    String restore = job.lastCheckpoint() != null ? "latest-checkpoint" : "latest";
    String from =
        job.lastCheckpoint() != null
            ? "from its latest checkpoint " + job.lastCheckpoint()
            : "from its latest savepoint";
    int version = job.deployedVersion() == null ? job.currentVersion() : job.deployedVersion();
    String action =
        "deployed version "
            + version
            + " again "
            + from
            + ", compiled against the source tables as they are now";
    try {
      Job deployed = deployments.redeploy(job.id(), restore);
      record(
          job,
          "sync.schema-evolved",
          change,
          action,
          "submitted as Flink job " + deployed.flinkJobId(),
          now);
      LOG.info("Sync job '{}' evolved: {}; {}", job.name(), change, action);
    } catch (RuntimeException e) {
      record(
          job,
          "sync.schema-paused",
          change,
          action,
          "failed: " + redactor.redact(String.valueOf(e.getMessage())),
          now);
      LOG.warn("Sync job '{}' could not evolve: {}", job.name(), e.getMessage());
    }
    return true;
  }

  private boolean handled(Job job) {
    return events.ofJob(job.id(), job.clusterId(), Instant.EPOCH, 20).stream()
        .anyMatch(
            e ->
                e.kind().startsWith("sync.schema-")
                    && job.flinkJobId() != null
                    && job.flinkJobId().equals(e.flinkJobId()));
  }

  /** The definition of the version that ran, or null when it cannot be read (then: pause). */
  private JsonNode definition(Job job) {
    int version = job.deployedVersion() == null ? job.currentVersion() : job.deployedVersion();
    Optional<JobVersion> v = jobs.version(job.id(), version);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return json.readTree(v.get().script());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void record(
      Job job, String kind, String seen, String action, String outcome, Instant now) {
    events.record(
        JobEvent.ofJob(job.id(), SOURCE, kind, seen, action, outcome, null, job.flinkJobId(), now));
  }
}
