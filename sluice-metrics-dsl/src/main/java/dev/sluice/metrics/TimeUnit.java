package dev.sluice.metrics;

/** What an epoch number of a TIMESTAMP or TIMESTAMP_LTZ field counts. */
enum TimeUnit {
  MILLISECONDS,
  SECONDS;

  /** The definition's spelling (the schema's enum), or null when it is none. */
  static TimeUnit of(String text) {
    return switch (text) {
      case "milliseconds" -> MILLISECONDS;
      case "seconds" -> SECONDS;
      default -> null;
    };
  }
}
