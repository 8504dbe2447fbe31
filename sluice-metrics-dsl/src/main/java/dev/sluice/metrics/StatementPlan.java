package dev.sluice.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the statements of a compiled group compute: per window, the units of aggregation, each
 * written to every sink by one named INSERT.
 *
 * @param windows the metrics (and derived metrics) of each window, by window id
 */
record StatementPlan(
    ResolvedGroup group,
    List<Insert> inserts,
    List<Malformed> malformed,
    Map<String, List<String>> windows) {
  StatementPlan {
    Objects.requireNonNull(group, "group is null");
    inserts = List.copyOf(inserts);
    malformed = List.copyOf(malformed);
    windows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(windows));
  }

  /**
   * What one aggregation of a window computes.
   *
   * @param name the metric (or derived metric) it is named after; null for a fused window
   * @param metrics the metrics it aggregates
   * @param emitsMetrics whether those metrics are written, or only feed derived metrics
   * @param derived the derived metrics it writes
   * @param path where in the definition it comes from
   */
  record Unit(
      String name,
      List<ResolvedGroup.Metric> metrics,
      boolean emitsMetrics,
      List<ResolvedGroup.DerivedMetric> derived,
      String path) {
    Unit {
      metrics = List.copyOf(metrics);
      derived = List.copyOf(derived);
    }
  }

  /**
   * One INSERT: a unit of a window written to a sink.
   *
   * @param statement its name ({@code -- @name:}), which identifies its state across versions
   * @param table the sink table it writes
   */
  record Insert(
      String statement, String table, WindowSpec window, Unit unit, ResolvedGroup.Sink sink) {}

  /** The count of malformed events per source, written to a sink. */
  record Malformed(String statement, String table, ResolvedGroup.Sink sink) {}
}
