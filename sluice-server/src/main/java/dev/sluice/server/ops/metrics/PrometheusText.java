package dev.sluice.server.ops.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format (version 0.0.4): per metric family one {@code # HELP} and
 * one {@code # TYPE} line, then its samples with labels.
 */
public final class PrometheusText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Map<String, Family> families = new LinkedHashMap<>();

  /** Declares a gauge; its samples follow in the order added. */
  public PrometheusText gauge(String name, String help) {
    families.computeIfAbsent(name, n -> new Family(help, new StringBuilder()));
    return this;
  }

  /** Adds a sample to a declared family; labels in pairs: name, value, name, value... */
  public PrometheusText sample(String name, double value, String... labels) {
    Family f = families.get(name);
    if (f == null) {
      throw new IllegalArgumentException("undeclared metric " + name);
    }
    StringBuilder b = f.samples;
    b.append(name);
    if (labels.length > 0) {
      b.append('{');
      for (int i = 0; i + 1 < labels.length; i += 2) {
        if (i > 0) {
          b.append(',');
        }
        b.append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1])).append('"');
      }
      b.append('}');
    }
    b.append(' ').append(number(value)).append('\n');
    return this;
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    families.forEach(
        (name, f) ->
            out.append("# HELP ")
                .append(name)
                .append(' ')
                .append(escapeHelp(f.help))
                .append('\n')
                .append("# TYPE ")
                .append(name)
                .append(" gauge\n")
                .append(f.samples));
    return out.toString();
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    } else if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String escapeHelp(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** The per-job gauges: metric name of {@link MetricNames} to Prometheus name and help. */
  public static final List<String[]> JOB_GAUGES =
      List.of(
          new String[] {
            MetricNames.JOB_STATE,
            "sluice_job_state",
            "Job state: 0 running, 1 restarting, 2 failing, 3 failed, 4 canceled, 5 finished, 6"
                + " created or initializing, 7 suspended, 8 unknown"
          },
          new String[] {MetricNames.RESTARTS, "sluice_job_restarts", "Restarts since submission"},
          new String[] {
            MetricNames.INPUT_RATE, "sluice_job_input_rate", "Records per second read by sources"
          },
          new String[] {
            MetricNames.OUTPUT_RATE, "sluice_job_output_rate", "Records per second written by sinks"
          },
          new String[] {
            MetricNames.KAFKA_LAG, "sluice_job_kafka_lag", "Kafka consumer lag in records"
          },
          new String[] {
            MetricNames.BACKPRESSURE,
            "sluice_job_backpressure_ms",
            "Milliseconds per second backpressured, max over vertices"
          },
          new String[] {
            MetricNames.BUSY,
            "sluice_job_busy_ms",
            "Milliseconds per second busy, max over vertices"
          },
          new String[] {
            MetricNames.EVENT_TIME_LAG,
            "sluice_job_event_time_lag_ms",
            "Milliseconds from event time to emission by the source, max"
          },
          new String[] {
            MetricNames.CHECKPOINT_AGE,
            "sluice_job_checkpoint_age_ms",
            "Milliseconds since the last completed checkpoint"
          },
          new String[] {
            MetricNames.CHECKPOINT_DURATION,
            "sluice_job_checkpoint_duration_ms",
            "Milliseconds the last completed checkpoint took"
          },
          new String[] {
            MetricNames.TASKMANAGERS,
            "sluice_job_taskmanagers",
            "TaskManagers registered with the job's cluster"
          });

  /** The data-quality gauges, labelled {@code column} where the result is a column's. */
  public static final List<String[]> QUALITY_GAUGES =
      List.of(
          new String[] {MetricNames.DQ_ROWS, "sluice_dq_rows", "Rows in the monitor's last window"},
          new String[] {
            MetricNames.DQ_NULL_RATIO, "sluice_dq_null_ratio", "Share of NULLs in the column"
          },
          new String[] {
            MetricNames.DQ_OUT_OF_RANGE_RATIO,
            "sluice_dq_out_of_range_ratio",
            "Share of the column's values outside the range"
          },
          new String[] {
            MetricNames.DQ_FRESHNESS,
            "sluice_dq_freshness_ms",
            "Milliseconds from the newest event time seen to now"
          },
          new String[] {
            MetricNames.DQ_VOLUME_VS_PREVIOUS_DAY,
            "sluice_dq_volume_vs_previous_day",
            "Rows against the same window a day earlier"
          },
          new String[] {
            MetricNames.DQ_DUPLICATE_KEY_RATIO,
            "sluice_dq_duplicate_key_ratio",
            "Share of rows whose key was seen before in the window"
          });

  private record Family(String help, StringBuilder samples) {}
}
