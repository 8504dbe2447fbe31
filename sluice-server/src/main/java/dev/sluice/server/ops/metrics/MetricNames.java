package dev.sluice.server.ops.metrics;

import java.util.Set;

/**
 * The metrics the collector keeps and the alert rules use, with their units. Vertex-level ones are
 * kept per vertex; for a job they are summed (rates, lag) or maximised (times) over its vertices.
 */
public final class MetricNames {
  private MetricNames() {}

  /** Records per second entering the job's sources (sum over source vertices). */
  public static final String INPUT_RATE = "input_rate";

  /** Records per second leaving the job's sinks (sum over sink vertices). */
  public static final String OUTPUT_RATE = "output_rate";

  /** Per vertex: records in and out per second. */
  public static final String RECORDS_IN_RATE = "records_in_rate";

  public static final String RECORDS_OUT_RATE = "records_out_rate";

  /** Kafka consumer lag in records (sum over the job's Kafka sources' partitions). */
  public static final String KAFKA_LAG = "kafka_lag";

  /** Records a source has not read yet, {@code pendingRecords} (sum). */
  public static final String PENDING_RECORDS = "pending_records";

  /** Per vertex, and the job's maximum: milliseconds per second backpressured, 0-1000. */
  public static final String BACKPRESSURE = "backpressure";

  /** Milliseconds per second busy, 0-1000 (max over subtasks). */
  public static final String BUSY = "busy";

  /** Milliseconds per second idle, 0-1000 (max over subtasks). */
  public static final String IDLE = "idle";

  /** Milliseconds from an event's time to its emission by the source (max). */
  public static final String EVENT_TIME_LAG = "event_time_lag";

  /** Milliseconds since the last completed checkpoint. */
  public static final String CHECKPOINT_AGE = "checkpoint_age";

  /** Milliseconds the last completed checkpoint took. */
  public static final String CHECKPOINT_DURATION = "checkpoint_duration";

  /** Bytes of the last completed checkpoint. */
  public static final String CHECKPOINT_SIZE = "checkpoint_size";

  public static final String CHECKPOINTS_COMPLETED = "checkpoints_completed";

  public static final String CHECKPOINTS_FAILED = "checkpoints_failed";

  /** The job's restarts since it was submitted ({@code numRestarts}). */
  public static final String RESTARTS = "restarts";

  /**
   * The job's state as a number: 0 RUNNING, 1 RESTARTING, 2 FAILING, 3 FAILED, 4 CANCELED, 5
   * FINISHED, 6 CREATED/INITIALIZING, 7 SUSPENDED, 8 unknown (gone from the cluster).
   */
  public static final String JOB_STATE = "job_state";

  /**
   * Sync jobs: the schema changes of their source tables the platform acted on in the last 10
   * minutes (the events {@code sync.schema-evolved}, {@code sync.schema-paused} and {@code
   * sync.tables-added}).
   */
  public static final String SYNC_SCHEMA_CHANGES = "sync_schema_changes";

  /** TaskManagers registered with the job's cluster. */
  public static final String TASKMANAGERS = "taskmanagers";

  /** Per TaskManager (the vertex field holds its id): heap used in bytes, GC ms/s, CPU load 0-1. */
  public static final String TM_HEAP_USED = "tm_heap_used";

  public static final String TM_GC_TIME = "tm_gc_time";

  public static final String TM_CPU = "tm_cpu";

  /**
   * Data-quality monitors (docs/operations.md), one value per window of the monitor's job: rows
   * read, share of NULLs and of values out of range per column (the series' vertex is the column),
   * freshness in ms, volume against the same window a day earlier, share of duplicate keys (the
   * vertex is the key's columns, comma-separated).
   */
  public static final String DQ_ROWS = "dq_rows";

  public static final String DQ_NULL_RATIO = "dq_null_ratio";

  public static final String DQ_OUT_OF_RANGE_RATIO = "dq_out_of_range_ratio";

  public static final String DQ_FRESHNESS = "dq_freshness";

  public static final String DQ_VOLUME_VS_PREVIOUS_DAY = "dq_volume_vs_previous_day";

  public static final String DQ_DUPLICATE_KEY_RATIO = "dq_duplicate_key_ratio";

  /** The data-quality metrics. */
  public static final Set<String> QUALITY =
      Set.of(
          DQ_ROWS,
          DQ_NULL_RATIO,
          DQ_OUT_OF_RANGE_RATIO,
          DQ_FRESHNESS,
          DQ_VOLUME_VS_PREVIOUS_DAY,
          DQ_DUPLICATE_KEY_RATIO);

  public static final Set<String> ALL =
      Set.of(
          DQ_ROWS,
          DQ_NULL_RATIO,
          DQ_OUT_OF_RANGE_RATIO,
          DQ_FRESHNESS,
          DQ_VOLUME_VS_PREVIOUS_DAY,
          DQ_DUPLICATE_KEY_RATIO,
          INPUT_RATE,
          OUTPUT_RATE,
          RECORDS_IN_RATE,
          RECORDS_OUT_RATE,
          KAFKA_LAG,
          PENDING_RECORDS,
          BACKPRESSURE,
          BUSY,
          IDLE,
          EVENT_TIME_LAG,
          CHECKPOINT_AGE,
          CHECKPOINT_DURATION,
          CHECKPOINT_SIZE,
          CHECKPOINTS_COMPLETED,
          CHECKPOINTS_FAILED,
          RESTARTS,
          JOB_STATE,
          SYNC_SCHEMA_CHANGES,
          TASKMANAGERS,
          TM_HEAP_USED,
          TM_GC_TIME,
          TM_CPU);
}
