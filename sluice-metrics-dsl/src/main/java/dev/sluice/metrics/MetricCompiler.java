package dev.sluice.metrics;

import java.util.List;
import java.util.Map;

/**
 * Compiles a metric group to one Flink SQL script, in named stages: {@link DefinitionValidator}
 * (checks, and the {@link ResolvedGroup}) → {@link StatementPlanner} (fused or per_metric
 * statements) → {@link SqlRenderer} (SQL through one quoting helper, a {@link SinkDialect} per sink
 * type). Metrics that share a window are computed by one aggregation, each with its own {@code
 * FILTER (WHERE ...)}; statements are named after their window (and metric), so editing metrics of
 * one window keeps the state of the others. Events that are not JSON or have no event time are
 * skipped and counted per source.
 */
public final class MetricCompiler {
  private MetricCompiler() {}

  /**
   * A compiled group.
   *
   * @param script the Flink SQL script (one job)
   * @param statements the definition path each statement was made from, by statement number, so
   *     that the engine's problems can be shown where the user wrote them
   * @param windows the windows, by id, with the metrics each computes
   */
  public record Compiled(
      String script, Map<Integer, String> statements, Map<String, List<String>> windows) {}

  /** Compiles a group; a {@link DefinitionException} with every problem found if it has any. */
  public static Compiled compile(MetricGroup group) {
    StatementPlan plan = StatementPlanner.plan(DefinitionValidator.resolve(group));
    Script script = SqlRenderer.render(plan);
    return new Compiled(script.text(), script.paths(), plan.windows());
  }

  /** The statements of a group's script, one text each, as rendered. */
  static List<String> statements(MetricGroup group) {
    return SqlRenderer.render(StatementPlanner.plan(DefinitionValidator.resolve(group)))
        .statements();
  }
}
