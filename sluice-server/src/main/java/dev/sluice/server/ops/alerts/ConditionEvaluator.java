package dev.sluice.server.ops.alerts;

import dev.sluice.server.ops.metrics.MetricNames;
import dev.sluice.server.ops.metrics.MetricSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a rule's conditions hold on a job, given its latest samples: on the job, or per vertex when
 * a condition is on a vertex-level metric. A condition whose metric has no fresh sample does not
 * hold. A pure function, so that it is tested on its own.
 */
final class ConditionEvaluator {
  /** The rule's conditions hold at the vertex (null: the job), with the value that made them. */
  record Holding(String vertex, double value) {}

  private final Map<String, Double> job = new HashMap<>();
  private final Map<String, Map<String, Double>> byVertex = new HashMap<>();
  private final Map<Condition, Double> increases;

  /**
   * @param latest the job's newest sample of each metric and vertex
   * @param storedJobState the job_state code the store's job state stands for, used when no
   *     job_state sample is fresh; null for none
   * @param increases the increase of each windowed ({@code over}) condition's counter
   */
  ConditionEvaluator(
      List<MetricSample> latest, Integer storedJobState, Map<Condition, Double> increases) {
    for (MetricSample s : latest) {
      if (s.vertex() == null) {
        job.put(s.name(), s.value());
      } else {
        byVertex.computeIfAbsent(s.name(), n -> new HashMap<>()).put(s.vertex(), s.value());
      }
    }
    if (storedJobState != null) {
      job.putIfAbsent(MetricNames.JOB_STATE, storedJobState.doubleValue());
    }
    this.increases = Map.copyOf(increases);
  }

  /** The job's job_state code, if known. */
  Double jobState() {
    return job.get(MetricNames.JOB_STATE);
  }

  List<Holding> evaluate(AlertRule rule) {
    List<Holding> holding = new ArrayList<>();
    for (String vertex : keys(rule.conditions())) {
      Double first = null;
      boolean all = true;
      boolean any = false;
      for (Condition c : rule.conditions()) {
        Double v = value(c, vertex);
        boolean holds = v != null && c.op().test(v, c.value());
        all &= holds;
        any |= holds;
        if (v != null && first == null && (holds || rule.match() == Match.ALL)) {
          first = v;
        }
      }
      if (rule.match() == Match.ALL ? all : any) {
        holding.add(new Holding(vertex, first));
      }
    }
    return holding;
  }

  /**
   * The alert keys: the vertices the rule's vertex-wide conditions have samples for (sorted), else
   * the one vertex its narrowed conditions name, else the job (null).
   */
  private Set<String> keys(List<Condition> conditions) {
    Set<String> keys = new TreeSet<>();
    Set<String> narrowed = new LinkedHashSet<>();
    for (Condition c : conditions) {
      if (c.vertex() != null) {
        narrowed.add(c.vertex());
      } else if (c.perVertex() && c.over() == null) {
        keys.addAll(byVertex.getOrDefault(c.metric(), Map.of()).keySet());
      }
    }
    if (!keys.isEmpty()) {
      return keys;
    }
    Set<String> one = new LinkedHashSet<>();
    one.add(narrowed.size() == 1 ? narrowed.iterator().next() : null);
    return one;
  }

  /** The current value of the rule's first condition at the vertex (null: the job), if any. */
  Double current(AlertRule rule, String vertex) {
    return value(rule.conditions().get(0), vertex);
  }

  private Double value(Condition c, String vertex) {
    if (c.over() != null) {
      return increases.get(c);
    }
    if (c.vertex() != null) {
      return byVertex.getOrDefault(c.metric(), Map.of()).get(c.vertex());
    }
    if (c.perVertex() && vertex != null) {
      return byVertex.getOrDefault(c.metric(), Map.of()).get(vertex);
    }
    return job.get(c.metric());
  }
}
