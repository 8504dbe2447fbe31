package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The compiled form of a script.
 *
 * @param graph the operator graph that would be submitted
 * @param planText the planner's own plan text (abstract syntax tree, optimized plan)
 * @param connectors the connector bundles the job needs beyond a stock Flink cluster
 */
public record ExplainResult(JobGraphView graph, String planText, List<String> connectors) {
  public ExplainResult {
    requireNonNull(graph, "graph is null");
    requireNonNull(planText, "planText is null");
    connectors = List.copyOf(connectors);
  }
}
