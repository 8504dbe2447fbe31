package dev.sluice.metrics;

import dev.sluice.metrics.DefinitionException.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a resolved group's statements. {@link Layout#FUSED}: the metrics of one window are one
 * aggregation, derived metrics computed beside them. {@link Layout#PER_METRIC}: each metric is its
 * own aggregation and each derived metric aggregates its inputs itself, so editing one keeps the
 * state of every other. Statement names are {@code [<unit>__]<window>__<sink>}: deployments restore
 * their state by these names, so they must stay as they are.
 */
final class StatementPlanner {
  private StatementPlanner() {}

  static StatementPlan plan(ResolvedGroup g) {
    List<StatementPlan.Insert> inserts = new ArrayList<>();
    Map<String, List<String>> windows = new LinkedHashMap<>();
    Set<String> tables = new HashSet<>();
    for (ResolvedGroup.Window window : g.windows()) {
      List<String> metricNames = window.metricNames();
      List<ResolvedGroup.DerivedMetric> derivedHere =
          g.derivedMetrics().stream().filter(d -> metricNames.containsAll(d.uses())).toList();
      for (StatementPlan.Unit unit : units(g.layout(), window, derivedHere)) {
        for (ResolvedGroup.Sink sink : g.sinks()) {
          String part = unit.name() == null ? "" : unit.name() + "_";
          String table = "out_" + window.spec().id() + "_" + part + sink.name();
          if (!tables.add(table)) {
            throw new DefinitionException(
                List.of(
                    new Problem(
                        sink.path() + ".name",
                        "its tables would be named like another sink's ("
                            + table
                            + "): choose a name that does not end like a metric name")));
          }
          String statement =
              (unit.name() == null ? "" : unit.name() + "__")
                  + window.spec().id()
                  + "__"
                  + sink.name();
          inserts.add(new StatementPlan.Insert(statement, table, window.spec(), unit, sink));
        }
      }
      List<String> names = new ArrayList<>(metricNames);
      derivedHere.forEach(d -> names.add(d.name()));
      windows.put(window.spec().id(), names);
    }
    List<StatementPlan.Malformed> malformed = new ArrayList<>();
    for (ResolvedGroup.Sink sink : g.sinks()) {
      malformed.add(
          new StatementPlan.Malformed(
              "malformed__" + sink.name(), "out_malformed_" + sink.name(), sink));
    }
    return new StatementPlan(g, inserts, malformed, windows);
  }

  private static List<StatementPlan.Unit> units(
      Layout layout, ResolvedGroup.Window window, List<ResolvedGroup.DerivedMetric> derived) {
    if (layout == Layout.FUSED) {
      return List.of(
          new StatementPlan.Unit(
              null, window.metrics(), true, derived, window.metrics().get(0).path()));
    }
    List<StatementPlan.Unit> units = new ArrayList<>();
    for (ResolvedGroup.Metric m : window.metrics()) {
      units.add(new StatementPlan.Unit(m.name(), List.of(m), true, List.of(), m.path()));
    }
    for (ResolvedGroup.DerivedMetric d : derived) {
      List<ResolvedGroup.Metric> inputs =
          window.metrics().stream().filter(m -> d.uses().contains(m.name())).toList();
      units.add(new StatementPlan.Unit(d.name(), inputs, false, List.of(d), d.path()));
    }
    return units;
  }
}
