package dev.sluice.server.ops.advice;

import static java.util.Objects.requireNonNull;

/**
 * The advice for one vertex.
 *
 * @param trueProcessingRate records per second it could process at full busy time (its processed
 *     rate divided by its busy fraction), all subtasks; null when it cannot be told
 * @param targetRate records per second it should be able to take: what its sources receive, through
 *     the graph, plus catching up the backlog within the catch-up time
 * @param recommendedParallelism what it should run at
 * @param action {@code scale-up}, {@code scale-down}, {@code keep} or {@code unknown}
 * @param reason why, in one sentence
 */
public record VertexAdvice(
    String id,
    String name,
    String statement,
    String uid,
    int parallelism,
    int maxParallelism,
    Double busyPercent,
    Double backpressuredPercent,
    Double inputRate,
    Double trueProcessingRate,
    Double targetRate,
    Long pendingRecords,
    Integer partitions,
    int recommendedParallelism,
    String action,
    String reason) {
  public static final String SCALE_UP = "scale-up";
  public static final String SCALE_DOWN = "scale-down";
  public static final String KEEP = "keep";
  public static final String UNKNOWN = "unknown";

  public VertexAdvice {
    requireNonNull(id, "id is null");
    requireNonNull(action, "action is null");
    requireNonNull(reason, "reason is null");
  }

  public boolean changes() {
    return recommendedParallelism != parallelism;
  }
}
