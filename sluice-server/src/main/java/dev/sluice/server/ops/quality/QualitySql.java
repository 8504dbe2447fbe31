package dev.sluice.server.ops.quality;

import java.time.Duration;

/** The one place a monitor's names and values become SQL text. */
final class QualitySql {
  private QualitySql() {}

  static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  static String option(String key, String value) {
    return literal(key) + " = " + literal(value);
  }

  /** A number as Flink SQL reads it exactly: a DOUBLE literal in scientific notation. */
  static String number(double value) {
    return "CAST(" + literal(Double.toString(value)) + " AS DOUBLE)";
  }

  /** An interval of milliseconds, {@code INTERVAL '10.000' SECOND}. */
  static String interval(Duration d) {
    long ms = d.toMillis();
    return "INTERVAL '" + (ms / 1000) + "." + String.format("%03d", ms % 1000) + "' SECOND";
  }
}
