package dev.sluice.server.ops.quality;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A data-quality monitor, checked and with its source's columns resolved: it reads a Kafka topic
 * and computes its checks per tumbling window of event time.
 *
 * @param source where the rows come from
 * @param columns the source's physical columns, from the job's declared table or the given schema
 * @param eventTime the column of event time
 * @param lateness how long after a window's end late rows still count in it
 * @param window the size of the tumbling windows
 */
public record QualityMonitor(
    String name,
    String project,
    Source source,
    List<Column> columns,
    String eventTime,
    Duration lateness,
    Duration window,
    List<Check> checks) {
  public QualityMonitor {
    requireNonNull(name, "name is null");
    requireNonNull(project, "project is null");
    requireNonNull(source, "source is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(lateness, "lateness is null");
    requireNonNull(window, "window is null");
    columns = List.copyOf(columns);
    checks = List.copyOf(checks);
  }

  /** The job that runs the monitor. */
  public String jobName() {
    return jobName(name);
  }

  public static String jobName(String monitor) {
    return "quality." + monitor;
  }

  /** The topic the monitor's job writes its per-window results to. */
  public String resultsTopic() {
    return resultsTopic(name);
  }

  public static String resultsTopic(String monitor) {
    return QualityResults.TOPIC_PREFIX + monitor;
  }

  Column column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * Where the rows are read.
   *
   * @param job the job whose declared table gives the columns, or null
   * @param table that table's name, or null
   * @param startFrom {@code latest} or {@code earliest}
   */
  public record Source(
      String job,
      String table,
      String topic,
      String bootstrapServers,
      String format,
      String startFrom) {
    public Source {
      requireNonNull(topic, "topic is null");
      requireNonNull(bootstrapServers, "bootstrapServers is null");
      requireNonNull(format, "format is null");
      requireNonNull(startFrom, "startFrom is null");
    }
  }

  /** A column and its Flink SQL type. */
  public record Column(String name, String type) {
    public Column {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
    }
  }

  /**
   * One check.
   *
   * @param column the column of a null_ratio or range check, else null
   * @param min the lower bound of a range (inclusive), or null for none
   * @param max the upper bound of a range (inclusive), or null for none
   * @param key the key columns of a duplicate_key_ratio check, else empty
   */
  public record Check(CheckType type, String column, Double min, Double max, List<String> key) {
    public Check {
      requireNonNull(type, "type is null");
      key = List.copyOf(key);
    }

    /**
     * The label of the check's metric series (recorded as its vertex): the column, the key columns
     * joined by commas, or null for a check of the whole window.
     */
    public String label() {
      return switch (type) {
        case NULL_RATIO, RANGE -> column;
        case DUPLICATE_KEY_RATIO -> String.join(",", key);
        case FRESHNESS, VOLUME_VS_PREVIOUS_DAY -> null;
      };
    }
  }
}
