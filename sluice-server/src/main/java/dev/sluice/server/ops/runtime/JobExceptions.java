package dev.sluice.server.ops.runtime;

import java.time.Instant;
import java.util.List;

/**
 * Why a job's Flink job failed or restarted, as its cluster keeps it. These are the job's own
 * errors (thrown by its operators or Flink), not the server's, so the beginning of each stack trace
 * is shown; secret values in them are replaced by their references.
 *
 * @param flinkJobId the job's latest Flink job; null when it was never deployed
 * @param state the Flink job's state; null when there is no Flink job the cluster knows
 * @param maxExceptions how many failures were asked for
 * @param rootCause the newest failure; null when there is none
 * @param history the failures, newest first, at most {@code maxExceptions}
 * @param truncated whether the cluster has more than it answered with
 */
public record JobExceptions(
    String job,
    long jobId,
    String flinkJobId,
    String state,
    Instant at,
    int maxExceptions,
    Failure rootCause,
    List<Failure> history,
    boolean truncated) {
  public JobExceptions {
    history = List.copyOf(history);
  }

  /**
   * One failure of the job.
   *
   * @param exceptionName the class of what was thrown ({@code java.lang.NumberFormatException})
   * @param message its message (the first line of the trace after the class name)
   * @param cause the innermost cause as {@code SimpleName: message}: usually the reason
   * @param stacktrace the first lines of the trace
   * @param timestamp when it happened, epoch milliseconds by the cluster's clock
   * @param taskName the subtask it happened in ({@code Source: words[1] -> Calc[2] (1/1)#0}); null
   *     for a failure of the job as a whole
   * @param location the TaskManager's address ({@code host:port}); null when not in a task
   * @param taskManagerId the TaskManager's id
   * @param concurrentExceptions how many other subtasks failed with it
   */
  public record Failure(
      String exceptionName,
      String message,
      String cause,
      String stacktrace,
      Long timestamp,
      String taskName,
      String location,
      String taskManagerId,
      int concurrentExceptions) {}
}
