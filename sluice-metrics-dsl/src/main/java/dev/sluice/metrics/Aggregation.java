package dev.sluice.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A metric's aggregation, by the name a definition spells it with. */
enum Aggregation {
  COUNT(false),
  SUM(true),
  AVG(true),
  MIN(false),
  MAX(false),
  VAR_POP(true),
  VAR_SAMP(true),
  STDDEV_POP(true),
  STDDEV_SAMP(true),
  COUNT_DISTINCT(false),
  APPROX_COUNT_DISTINCT(false),
  PERCENTILE(true),
  FIRST_VALUE(false),
  LAST_VALUE(false),
  LAST_K(false);

  private final boolean needsNumber;

  Aggregation(boolean needsNumber) {
    this.needsNumber = needsNumber;
  }

  /** Whether its input must be numeric. */
  boolean needsNumber() {
    return needsNumber;
  }

  /** As a definition writes it: {@code count_distinct}. */
  String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** From a definition's spelling, in any case; null when it is none. */
  static Aggregation of(String text) {
    if (text == null) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(a -> a.spelling().equals(lower)).findFirst().orElse(null);
  }

  static List<String> spellings() {
    return Arrays.stream(values()).map(Aggregation::spelling).toList();
  }
}
