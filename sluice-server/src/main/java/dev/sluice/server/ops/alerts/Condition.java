package dev.sluice.server.ops.alerts;

import static java.util.Objects.requireNonNull;

import dev.sluice.server.ops.metrics.MetricNames;
import java.time.Duration;
import java.util.Set;

/**
 * One comparison of a rule: a metric's latest value (or, with {@code over}, its increase over that
 * window) against a threshold in the metric's unit.
 *
 * @param vertex only this vertex (its id or name as the collector records it), or null for every
 *     vertex of a vertex-level metric and the job's value of a job-level one
 * @param over for counters (restarts, checkpoints): the window of the increase, or null
 */
public record Condition(String metric, Op op, double value, String vertex, Duration over) {
  /** Metrics whose alerts are per vertex (the vertex field of a sample names the vertex or TM). */
  static final Set<String> VERTEX_LEVEL =
      Set.of(
          MetricNames.BACKPRESSURE,
          MetricNames.BUSY,
          MetricNames.IDLE,
          MetricNames.RECORDS_IN_RATE,
          MetricNames.RECORDS_OUT_RATE,
          MetricNames.TM_HEAP_USED,
          MetricNames.TM_GC_TIME,
          MetricNames.TM_CPU,
          MetricNames.DQ_NULL_RATIO,
          MetricNames.DQ_OUT_OF_RANGE_RATIO,
          MetricNames.DQ_DUPLICATE_KEY_RATIO);

  /** Counters whose increase over a window a condition may ask for. */
  static final Set<String> COUNTERS =
      Set.of(
          MetricNames.RESTARTS, MetricNames.CHECKPOINTS_COMPLETED, MetricNames.CHECKPOINTS_FAILED);

  /** Metrics in milliseconds: a condition may give their threshold as a duration. */
  static final Set<String> MILLIS =
      Set.of(
          MetricNames.CHECKPOINT_AGE,
          MetricNames.CHECKPOINT_DURATION,
          MetricNames.EVENT_TIME_LAG,
          MetricNames.BACKPRESSURE,
          MetricNames.BUSY,
          MetricNames.IDLE,
          MetricNames.TM_GC_TIME,
          MetricNames.DQ_FRESHNESS);

  /** Metrics a failed or restarting job's own alerts on are inhibited. */
  static final Set<String> INHIBITED_BY_JOB_STATE =
      Set.of(
          MetricNames.INPUT_RATE,
          MetricNames.OUTPUT_RATE,
          MetricNames.KAFKA_LAG,
          MetricNames.BACKPRESSURE,
          MetricNames.EVENT_TIME_LAG);

  public Condition {
    requireNonNull(metric, "metric is null");
    requireNonNull(op, "op is null");
  }

  /** Evaluated per vertex: a vertex-level metric, or any metric narrowed to a vertex. */
  boolean perVertex() {
    return vertex != null || VERTEX_LEVEL.contains(metric);
  }

  /** The threshold as a person reads it: a state name for job_state, else the number. */
  String valueText() {
    if (metric.equals(MetricNames.JOB_STATE) && JobStateCodes.name(value) != null) {
      return JobStateCodes.name(value);
    }
    return Numbers.text(value);
  }

  /** For instance {@code input_rate < 1000} or {@code restarts >= 3 over 10m}. */
  String text() {
    return metric
        + (vertex == null ? "" : "[" + vertex + "]")
        + " "
        + op.symbol()
        + " "
        + valueText()
        + (over == null ? "" : " over " + Durations.format(over));
  }
}
