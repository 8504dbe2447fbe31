package dev.sluice.server.ops.runtime;

import java.time.Instant;
import java.util.List;

/**
 * A job's checkpoint statistics as its cluster keeps them for the running Flink job. Timestamps are
 * epoch milliseconds by the cluster's clock; values Flink does not have yet ({@code -1}) are null.
 *
 * @param flinkJobId the job's latest Flink job; null when it was never deployed
 * @param state the Flink job's state; null when there is no Flink job the cluster knows (then the
 *     counts are 0 and the rest empty)
 * @param history the checkpoints the cluster remembers (its {@code web.checkpoints.history}, 10 by
 *     default), newest first
 */
public record JobCheckpoints(
    String job,
    long jobId,
    String flinkJobId,
    String state,
    Instant at,
    Counts counts,
    Latest latest,
    List<Checkpoint> history) {
  public JobCheckpoints {
    history = List.copyOf(history);
  }

  public record Counts(long completed, long failed, long inProgress, long restored, long total) {
    static final Counts NONE = new Counts(0, 0, 0, 0, 0);
  }

  /** Each null when there is none. */
  public record Latest(
      Checkpoint completed, Checkpoint failed, Checkpoint savepoint, Restored restored) {
    static final Latest NONE = new Latest(null, null, null, null);
  }

  /**
   * @param status {@code COMPLETED}, {@code FAILED} or {@code IN_PROGRESS}
   * @param checkpointType {@code CHECKPOINT}, {@code UNALIGNED_CHECKPOINT}, {@code SAVEPOINT} or
   *     {@code SYNC_SAVEPOINT}
   * @param stateSizeBytes the full size of the checkpoint's state
   * @param checkpointedSizeBytes what this checkpoint wrote (less than the state size when
   *     incremental)
   * @param processedDataBytes data processed during the alignment
   * @param externalPath where a completed checkpoint or savepoint is; null otherwise
   * @param failureMessage why a failed one failed, secret values replaced by their references
   */
  public record Checkpoint(
      long id,
      String status,
      boolean isSavepoint,
      Long triggerTimestamp,
      Long latestAckTimestamp,
      Long endToEndDurationMs,
      Long stateSizeBytes,
      Long checkpointedSizeBytes,
      Long processedDataBytes,
      String checkpointType,
      String externalPath,
      Long failureTimestamp,
      String failureMessage) {}

  /** The checkpoint or savepoint the Flink job started from. */
  public record Restored(
      long id, Long restoreTimestamp, boolean isSavepoint, String externalPath) {}
}
