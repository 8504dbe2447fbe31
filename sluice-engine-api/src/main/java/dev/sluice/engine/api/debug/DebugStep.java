package dev.sluice.engine.api.debug;

import java.util.List;

/**
 * One tapped step of a debug run.
 *
 * @param name the view's or CTE's name, or the INSERT's statement name
 * @param kind VIEW, CTE or INSERT
 * @param statement the statement it belongs to (1-based)
 * @param columns the step's columns in order
 */
public record DebugStep(String name, String kind, int statement, List<Column> columns) {
  public DebugStep {
    columns = List.copyOf(columns);
  }

  /** A column of a step. */
  public record Column(String name, String type) {}
}
