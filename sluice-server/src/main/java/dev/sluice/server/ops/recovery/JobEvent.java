package dev.sluice.server.ops.recovery;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One entry of a job's history (or of its cluster's): what was seen, what was done about it, and
 * how that turned out.
 *
 * @param id the store's id, increasing; 0 for an event not yet recorded
 * @param jobId the job, or null for an event of the cluster itself
 * @param clusterId the cluster, or null when the event is only the job's
 * @param source who acted: {@code supervisor} (the local cluster's processes) or {@code recovery}
 * @param kind what happened, e.g. {@code taskmanager.restarted} or {@code recovery.attempt}
 * @param attempt the recovery attempt this is about (1, 2, ...), or null
 * @param flinkJobId the Flink job this is about, or null
 */
public record JobEvent(
    long id,
    Long jobId,
    Long clusterId,
    String source,
    String kind,
    String seen,
    String action,
    String outcome,
    Integer attempt,
    String flinkJobId,
    Instant at) {
  public JobEvent {
    requireNonNull(source, "source is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(at, "at is null");
    seen = clip(seen);
    action = clip(action);
    outcome = clip(outcome);
  }

  /** An event of a job, to be recorded. */
  public static JobEvent ofJob(
      long jobId,
      String source,
      String kind,
      String seen,
      String action,
      String outcome,
      Integer attempt,
      String flinkJobId,
      Instant at) {
    return new JobEvent(
        0, jobId, null, source, kind, seen, action, outcome, attempt, flinkJobId, at);
  }

  /** An event of a cluster, shown in the history of each of its jobs. */
  public static JobEvent ofCluster(
      long clusterId,
      String source,
      String kind,
      String seen,
      String action,
      String outcome,
      Instant at) {
    return new JobEvent(0, null, clusterId, source, kind, seen, action, outcome, null, null, at);
  }

  private static String clip(String text) {
    return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
  }
}
