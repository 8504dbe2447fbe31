package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A job as the cluster reports it.
 *
 * @param jobId Flink job id
 * @param name job name
 * @param state the job's state on the cluster
 * @param startTime start time in epoch milliseconds
 * @param endTime end time in epoch milliseconds, -1 while running
 * @param restarts how often the job restarted after failures
 * @param lastCheckpoint latest completed checkpoint, if any
 * @param lastSavepoint latest completed savepoint, if any
 * @param failure the root cause of a failing or failed job, if any, for people: {@code
 *     OutOfMemoryError: Java heap space in Source: pay[41]}
 */
public record JobStatus(
    String jobId,
    String name,
    FlinkJobState state,
    long startTime,
    long endTime,
    long restarts,
    Optional<Checkpoint> lastCheckpoint,
    Optional<Checkpoint> lastSavepoint,
    Optional<String> failure) {
  public JobStatus {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(state, "state is null");
    requireNonNull(lastCheckpoint, "lastCheckpoint is null");
    requireNonNull(lastSavepoint, "lastSavepoint is null");
    requireNonNull(failure, "failure is null");
  }

  /** True for states after which the job will not run again by itself. */
  public boolean terminal() {
    return state.terminal();
  }

  /**
   * A completed checkpoint or savepoint.
   *
   * @param id checkpoint id
   * @param path external path it can be restored from
   * @param timestamp completion time in epoch milliseconds
   * @param stateSize full state size in bytes
   */
  public record Checkpoint(long id, String path, long timestamp, long stateSize) {}
}
