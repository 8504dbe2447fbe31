package dev.sluice.server.jobs;

import static java.util.Objects.requireNonNull;

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
    DesiredState desiredState,
    JobState state,
    String flinkJobId,
    Integer deployedVersion,
    OffsetDateTime startedAt,
    String lastCheckpoint,
    String lastError,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    Integer defaultParallelism,
    Integer maxParallelism) {
  public Job {
    requireNonNull(name, "name is null");
    requireNonNull(desiredState, "desiredState is null");
    requireNonNull(state, "state is null");
  }

  /** States in which the job occupies the cluster. */
  public boolean active() {
    return state.active();
  }
}
