package dev.sluice.server.ops.advice;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the scaler knows of one running vertex: its place in the graph and what it did in the last
 * minute (Flink's rates and busy times are one-minute views).
 *
 * @param inputs the vertices it reads from, with Flink's ship strategy ({@code HASH} is keyed)
 * @param recordsIn records taken in per second, all subtasks; for a source, what its source
 *     operators emit (once, however many vertices read them)
 * @param recordsOut records sent on per second, all subtasks, counted once per output edge
 * @param busyPercent the busiest subtask's busy time, 0-100, null where it reports none (many
 *     sources)
 * @param backpressuredPercent the most back-pressured subtask's time, 0-100
 * @param idlePercent the most idle subtask's time, 0-100
 * @param pendingRecords a source's backlog (Kafka: records not yet read), or null
 * @param partitions a source's partition count, or null when it cannot be told
 * @param backlogGrowth how fast the backlog grew per second over the window (a source's arrivals
 *     beyond what it reads), 0 when unknown
 */
public record VertexLoad(
    String id,
    String name,
    int parallelism,
    int maxParallelism,
    List<Input> inputs,
    Double recordsIn,
    Double recordsOut,
    Double busyPercent,
    Double backpressuredPercent,
    Double idlePercent,
    Long pendingRecords,
    Integer partitions,
    double backlogGrowth) {
  public VertexLoad {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    inputs = List.copyOf(inputs);
  }

  /** An input edge. */
  public record Input(String id, String shipStrategy) {}

  public boolean source() {
    return inputs.isEmpty();
  }

  /** Whether its input is keyed, so its parallelism should divide the key groups evenly. */
  public boolean keyed() {
    return inputs.stream().anyMatch(i -> "HASH".equals(i.shipStrategy()));
  }

  /** Records it processes per second: what a source emits, else what it takes in. */
  public Double processed() {
    return source() && recordsIn == null ? recordsOut : recordsIn;
  }

  /**
   * Its busy share of the time, 0-100: the reported one, else (a source that reports none) what is
   * neither idle nor back-pressured; null when neither is known.
   */
  public Double busyOrDerived() {
    if (busyPercent != null) {
      return busyPercent;
    }
    if (idlePercent == null) {
      return null;
    }
    double bp = backpressuredPercent == null ? 0 : backpressuredPercent;
    return Math.max(0, 100 - idlePercent - bp);
  }
}
