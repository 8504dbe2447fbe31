package dev.sluice.metrics;

/** How a group's metrics become statements. */
enum Layout {
  /** One aggregation per window: fastest; editing a metric restarts its window's state. */
  FUSED,
  /** One statement per metric, named after it: editing one keeps the state of every other. */
  PER_METRIC;

  /** The definition's spelling, or null when it is none; absent means fused. */
  static Layout of(String text) {
    return switch (text == null ? "fused" : text) {
      case "fused" -> FUSED;
      case "per_metric" -> PER_METRIC;
      default -> null;
    };
  }
}
