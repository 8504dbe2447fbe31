package dev.sluice.metrics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as {@code 30s}, {@code 10min} / {@code 10m}, {@code 1h}, {@code 1d}. */
final class Durations {
  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|sec|m|min|h|hour|d|day)s?", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /** Seconds, or -1 when the text is not a duration of whole seconds. */
  static long seconds(String text) {
    if (text == null) {
      return -1;
    }
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return -1;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase()) {
      case "ms" -> n % 1000 == 0 ? n / 1000 : -1;
      case "s", "sec" -> n;
      case "m", "min" -> n * 60;
      case "h", "hour" -> n * 3600;
      default -> n * 86400;
    };
  }

  /** Short canonical text: {@code 90s}, {@code 10m}, {@code 1h}, {@code 1d}. */
  static String text(long seconds) {
    if (seconds % 86400 == 0) {
      return seconds / 86400 + "d";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  /** A Flink SQL interval literal in the largest unit that divides it. */
  static String interval(long seconds) {
    String unit;
    long n;
    if (seconds % 86400 == 0) {
      unit = "DAY";
      n = seconds / 86400;
    } else if (seconds % 3600 == 0) {
      unit = "HOUR";
      n = seconds / 3600;
    } else if (seconds % 60 == 0) {
      unit = "MINUTE";
      n = seconds / 60;
    } else {
      unit = "SECOND";
      n = seconds;
    }
    String digits = Long.toString(n);
    return "INTERVAL '"
        + digits
        + "' "
        + unit
        + (digits.length() > 2 ? "(" + digits.length() + ")" : "");
  }
}
