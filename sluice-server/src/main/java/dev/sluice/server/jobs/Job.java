package dev.sluice.server.jobs;

import java.time.OffsetDateTime;

/**
 * A job as the store holds it: what the user wants ({@code desiredState}) beside what was last seen
 * on the cluster ({@code state}), so that a restarted server can reconcile the two.
 */
public record Job(
    long id,
    String name,
    String type,
    long clusterId,
    int currentVersion,
    String desiredState,
    String state,
    String flinkJobId,
    Integer deployedVersion,
    OffsetDateTime startedAt,
    String lastCheckpoint,
    String lastError,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    Integer defaultParallelism,
    Integer maxParallelism) {

  /** States in which the job occupies the cluster. */
  public boolean active() {
    return JobState.valueOf(state).active();
  }
}
