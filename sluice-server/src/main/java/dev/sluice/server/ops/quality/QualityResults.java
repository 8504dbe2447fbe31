package dev.sluice.server.ops.quality;

import dev.sluice.server.ops.metrics.MetricNames;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One window's record of a monitor's job, as its results topic holds it. */
public final class QualityResults {
  /** The monitors' results topics: {@code sluice.quality.<monitor>}. */
  public static final String TOPIC_PREFIX = "sluice.quality.";

  private QualityResults() {}

  /** A series of a monitor: a metric and its label (column, key columns, or null). */
  public record Series(String metric, String label) {}

  /**
   * @param values the checks' ratios by series; a value is null when the window had none to judge
   *     (a range over a column that was NULL in every row)
   */
  public record Window(
      Instant start, Instant end, long rows, Instant lastEvent, Map<Series, Double> values) {}

  /** The record's window, or null when it is not a monitor's result. */
  public static Window parse(JsonNode record) {
    if (record == null || !record.isObject()) {
      return null;
    }
    Instant start = instant(record.get("window_start"));
    Instant end = instant(record.get("window_end"));
    JsonNode rows = record.get("rows");
    if (start == null || end == null || rows == null || !rows.isNumber()) {
      return null;
    }
    Map<Series, Double> values = new LinkedHashMap<>();
    for (String field : record.propertyNames()) {
      int dot = field.indexOf('.');
      if (dot <= 0 || !field.startsWith("dq_")) {
        continue;
      }
      String metric = field.substring(0, dot);
      if (!MetricNames.ALL.contains(metric)) {
        continue;
      }
      JsonNode v = record.get(field);
      values.put(
          new Series(metric, field.substring(dot + 1)), v.isNumber() ? v.doubleValue() : null);
    }
    return new Window(start, end, rows.longValue(), instant(record.get("last_event")), values);
  }

  /** An ISO-8601 time as Flink's JSON format writes it, with or without a zone (then UTC). */
  static Instant instant(JsonNode v) {
    if (v == null || !v.isString()) {
      return null;
    }
    String s = v.stringValue().trim().replace(' ', 'T');
    try {
      if (s.endsWith("Z")) {
        return Instant.parse(s);
      }
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
