package dev.sluice.server.ops.quality;

import static dev.sluice.server.ops.quality.QualitySql.identifier;
import static dev.sluice.server.ops.quality.QualitySql.literal;
import static dev.sluice.server.ops.quality.QualitySql.option;

import java.util.ArrayList;
import java.util.List;

/**
 * A monitor as a Flink SQL script: its topic as a table with a watermark on the event time, a view
 * of the rows that have one, and one tumbling-window aggregation computing every check, written as
 * one JSON record per window to the monitor's results topic. Column names of the results are {@code
 * <metric>.<label>} ({@code dq_null_ratio.merchant}), so a record says what it holds. Freshness and
 * volume need only the window's newest event time and row count: the server computes them when it
 * reads the record (volume from the stored count of the window a day earlier).
 */
public final class MonitorCompiler {
  static final String SOURCE = "monitored";
  static final String TIMED = "timed";
  static final String RESULTS = "results";

  /** The event time column the window runs on when the source's is epoch milliseconds. */
  static final String EPOCH_EVENT_TIME = "__event_time";

  private MonitorCompiler() {}

  /**
   * @param resultsBootstrapServers the brokers the server reads results from
   */
  public static String compile(QualityMonitor m, String resultsBootstrapServers) {
    boolean epoch =
        MonitorParser.isBigint(
            m.columns().stream()
                .filter(c -> c.name().equals(m.eventTime()))
                .findFirst()
                .orElseThrow()
                .type());
    String rowtime = epoch ? EPOCH_EVENT_TIME : m.eventTime();
    StringBuilder sql = new StringBuilder();
    // Window bounds are written as instants: read in UTC, whatever the cluster's zone.
    sql.append("SET 'table.local-time-zone' = 'UTC';\n");
    // A partition without records for a window's length does not hold the other ones' windows.
    sql.append("SET 'table.exec.source.idle-timeout' = '")
        .append(m.window().toMillis())
        .append(" ms';\n\n");

    List<String> columns = new ArrayList<>();
    for (QualityMonitor.Column c : m.columns()) {
      columns.add(identifier(c.name()) + " " + c.type());
    }
    if (epoch) {
      columns.add(
          identifier(EPOCH_EVENT_TIME)
              + " AS TO_TIMESTAMP_LTZ("
              + identifier(m.eventTime())
              + ", 3)");
    }
    columns.add(
        "WATERMARK FOR "
            + identifier(rowtime)
            + " AS "
            + identifier(rowtime)
            + " - "
            + QualitySql.interval(m.lateness()));
    QualityMonitor.Source s = m.source();
    sql.append("CREATE TABLE ").append(identifier(SOURCE)).append(" (\n  ");
    sql.append(String.join(",\n  ", columns));
    sql.append("\n) WITH (\n  ");
    sql.append(
        String.join(
            ",\n  ",
            option("connector", "kafka"),
            option("topic", s.topic()),
            option("properties.bootstrap.servers", s.bootstrapServers()),
            option("properties.group.id", "sluice-quality-" + m.name()),
            option("scan.startup.mode", s.startFrom() + "-offset"),
            option("format", "json"),
            // A record that is not JSON, or a field of the wrong type, reads as NULLs: counted by
            // the null checks instead of failing the job.
            option("json.ignore-parse-errors", "true")));
    sql.append("\n);\n\n");

    // A window needs an event time: rows without one are not counted.
    sql.append("CREATE TEMPORARY VIEW ")
        .append(identifier(TIMED))
        .append(" AS SELECT * FROM ")
        .append(identifier(SOURCE))
        .append(" WHERE ")
        .append(identifier(rowtime))
        .append(" IS NOT NULL;\n\n");

    List<String> outColumns = new ArrayList<>();
    List<String> selects = new ArrayList<>();
    outColumns.add("`window_start` TIMESTAMP_LTZ(3)");
    selects.add("CAST(window_start AS TIMESTAMP_LTZ(3))");
    outColumns.add("`window_end` TIMESTAMP_LTZ(3)");
    selects.add("CAST(window_end AS TIMESTAMP_LTZ(3))");
    outColumns.add("`rows` BIGINT");
    selects.add("COUNT(*)");
    outColumns.add("`last_event` TIMESTAMP_LTZ(3)");
    String max = "MAX(" + identifier(m.eventTime()) + ")";
    selects.add(
        epoch
            ? "TO_TIMESTAMP_LTZ(" + max + ", 3)"
            : MonitorParser.isLocalZoned(eventTimeType(m))
                ? max
                : "CAST(" + max + " AS TIMESTAMP_LTZ(3))");
    for (QualityMonitor.Check c : m.checks()) {
      String expr =
          switch (c.type()) {
            case NULL_RATIO ->
                "CAST(COUNT(*) FILTER (WHERE "
                    + identifier(c.column())
                    + " IS NULL) AS DOUBLE) / COUNT(*)";
            case RANGE -> {
              String col = identifier(c.column());
              List<String> outside = new ArrayList<>();
              if (c.min() != null) {
                outside.add(col + " < " + QualitySql.number(c.min()));
              }
              if (c.max() != null) {
                outside.add(col + " > " + QualitySql.number(c.max()));
              }
              yield "CAST(COUNT("
                  + col
                  + ") FILTER (WHERE "
                  + String.join(" OR ", outside)
                  + ") AS DOUBLE) / NULLIF(COUNT("
                  + col
                  + "), 0)";
            }
            case DUPLICATE_KEY_RATIO -> {
              String key = keyExpression(c.key());
              yield "CAST(COUNT("
                  + key
                  + ") - COUNT(DISTINCT "
                  + key
                  + ") AS DOUBLE) / NULLIF(COUNT("
                  + key
                  + "), 0)";
            }
            case FRESHNESS, VOLUME_VS_PREVIOUS_DAY -> null;
          };
      if (expr != null) {
        String name = c.type().metric() + "." + c.label();
        outColumns.add(identifier(name) + " DOUBLE");
        selects.add(expr);
      }
    }
    sql.append("CREATE TABLE ").append(identifier(RESULTS)).append(" (\n  ");
    sql.append(String.join(",\n  ", outColumns));
    sql.append("\n) WITH (\n  ");
    sql.append(
        String.join(
            ",\n  ",
            option("connector", "kafka"),
            option("topic", m.resultsTopic()),
            option("properties.bootstrap.servers", resultsBootstrapServers),
            option("format", "json"),
            option("json.timestamp-format.standard", "ISO-8601")));
    sql.append("\n);\n\n");

    sql.append("INSERT INTO ").append(identifier(RESULTS)).append("\nSELECT\n  ");
    sql.append(String.join(",\n  ", selects));
    sql.append("\nFROM TABLE(TUMBLE(TABLE ")
        .append(identifier(TIMED))
        .append(", DESCRIPTOR(")
        .append(identifier(rowtime))
        .append("), ")
        .append(QualitySql.interval(m.window()))
        .append("))\nGROUP BY window_start, window_end;\n");
    return sql.toString();
  }

  private static String eventTimeType(QualityMonitor m) {
    return m.column(m.eventTime()).type();
  }

  /**
   * One value per key: the column itself, or for several columns their texts each prefixed with its
   * length (so that no two keys run together); NULL when any key column is NULL.
   */
  static String keyExpression(List<String> key) {
    if (key.size() == 1) {
      return identifier(key.get(0));
    }
    List<String> parts = new ArrayList<>();
    for (String k : key) {
      String text = "CAST(" + identifier(k) + " AS STRING)";
      parts.add("CAST(CHAR_LENGTH(" + text + ") AS STRING)");
      parts.add(literal(":"));
      parts.add(text);
    }
    return "CONCAT(" + String.join(", ", parts) + ")";
  }
}
