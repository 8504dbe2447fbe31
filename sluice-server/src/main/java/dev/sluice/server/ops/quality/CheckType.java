package dev.sluice.server.ops.quality;

import dev.sluice.server.ops.metrics.MetricNames;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a data-quality check measures per window, and the metric its value is recorded as. */
public enum CheckType {
  /** Share of rows whose column is NULL. */
  NULL_RATIO("null_ratio", MetricNames.DQ_NULL_RATIO),
  /** Share of the column's non-NULL values outside [min, max]. */
  RANGE("range", MetricNames.DQ_OUT_OF_RANGE_RATIO),
  /** Milliseconds from the window's newest event time to when its result was read. */
  FRESHNESS("freshness", MetricNames.DQ_FRESHNESS),
  /** The window's row count over that of the same window a day earlier. */
  VOLUME_VS_PREVIOUS_DAY("volume_vs_previous_day", MetricNames.DQ_VOLUME_VS_PREVIOUS_DAY),
  /** Share of rows with a complete key whose key an earlier row of the window had. */
  DUPLICATE_KEY_RATIO("duplicate_key_ratio", MetricNames.DQ_DUPLICATE_KEY_RATIO);

  private final String json;
  private final String metric;

  CheckType(String json, String metric) {
    this.json = json;
    this.metric = metric;
  }

  public String json() {
    return json;
  }

  public String metric() {
    return metric;
  }

  /** The type a definition names, or null. */
  static CheckType of(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (CheckType c : values()) {
      if (c.json.equals(t)) {
        return c;
      }
    }
    return null;
  }

  static String names() {
    return Arrays.stream(values()).map(CheckType::json).collect(Collectors.joining(", "));
  }
}
