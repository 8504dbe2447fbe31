package dev.sluice.server.jobs;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;

/**
 * A job as the store holds it: what the user wants ({@code desiredState}) beside what was last seen
 * on the cluster ({@code state}), so that a restarted server can reconcile the two. It belongs to
 * one project, whose roles say who may read, edit and run it.
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
    Integer maxParallelism,
    String project) {
  public Job {
    requireNonNull(name, "name is null");
    requireNonNull(desiredState, "desiredState is null");
    requireNonNull(state, "state is null");
    requireNonNull(project, "project is null");
  }

  /** States in which the job occupies the cluster. */
  public boolean active() {
    return state.active();
  }
}
