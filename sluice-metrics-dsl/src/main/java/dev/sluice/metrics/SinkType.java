package dev.sluice.metrics;

import java.util.Locale;

/** Where results go. */
enum SinkType {
  PRINT,
  BLACKHOLE,
  KAFKA,
  JDBC,
  PAIMON;

  /** The definition's spelling, or null when it is none. */
  static SinkType of(String text) {
    if (text == null) {
      return null;
    }
    for (SinkType t : values()) {
      if (t.spelling().equals(text)) {
        return t;
      }
    }
    return null;
  }

  String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
