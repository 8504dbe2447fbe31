package dev.sluice.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derived metrics, inlined so that one may use another: each reference to a derived metric becomes
 * its expression in parentheses, each reference to a metric {@code CAST(`m` AS DOUBLE)} (so that
 * {@code big / tx} of two counts is a ratio, not an integer division). Only names are replaced,
 * never text inside a string literal. Cycles are refused.
 */
final class DerivedMetrics {
  private final Map<String, SqlExpression> declared = new LinkedHashMap<>();
  private final Set<String> metrics;

  private DerivedMetrics(Set<String> metrics) {
    this.metrics = metrics;
  }

  /**
   * @param names the names of the group's metrics so far (derived ones are added)
   */
  static List<ResolvedGroup.DerivedMetric> inline(
      MetricGroup g, Set<String> names, Map<String, FieldType> columns, Problems problems) {
    Set<String> metricNames = new LinkedHashSet<>();
    g.metrics().forEach(m -> metricNames.add(m.name()));
    DerivedMetrics d = new DerivedMetrics(metricNames);
    for (int i = 0; i < g.derived().size(); i++) {
      MetricGroup.Derived derived = g.derived().get(i);
      String p = "derived[" + i + "]";
      problems.name(
          derived.name(),
          p + ".name",
          names.add(derived.name()) && !columns.containsKey(derived.name()),
          derived.name() + " is already used");
      if (problems.check(
          DefinitionValidator.notBlank(derived.expr()),
          p + ".expr",
          "an expression over metrics of the group")) {
        try {
          d.declared.put(derived.name(), SqlExpression.parse(derived.expr(), p + ".expr"));
        } catch (DefinitionException e) {
          e.problems().forEach(problems::add);
        }
      }
    }
    List<ResolvedGroup.DerivedMetric> out = new ArrayList<>();
    for (int i = 0; i < g.derived().size(); i++) {
      String name = g.derived().get(i).name();
      if (name == null || !d.declared.containsKey(name)) {
        continue;
      }
      try {
        Set<String> uses = new LinkedHashSet<>();
        SqlExpression inlined = d.inline(name, new ArrayList<>(), uses);
        if (problems.check(
            !uses.isEmpty(), "derived[" + i + "].expr", "uses no metric of the group")) {
          out.add(new ResolvedGroup.DerivedMetric(i, name, inlined, uses));
        }
      } catch (IllegalStateException cycle) {
        problems.add("derived[" + i + "].expr", cycle.getMessage());
      }
    }
    return out;
  }

  private SqlExpression inline(String name, List<String> stack, Set<String> uses) {
    if (stack.contains(name)) {
      stack.add(name);
      throw new IllegalStateException("a cycle of derived metrics: " + String.join(" -> ", stack));
    }
    stack.add(name);
    SqlExpression out =
        declared
            .get(name)
            .replace(
                id -> {
                  if (declared.containsKey(id)) {
                    return "(" + inline(id, stack, uses).sql() + ")";
                  }
                  if (metrics.contains(id)) {
                    uses.add(id);
                    return "CAST(" + Sql.identifier(id) + " AS DOUBLE)";
                  }
                  return null;
                });
    stack.remove(stack.size() - 1);
    return out;
  }
}
