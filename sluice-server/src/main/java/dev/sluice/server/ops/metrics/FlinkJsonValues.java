package dev.sluice.server.ops.metrics;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Numbers out of Flink's REST answers, which send some as strings ({@code "0"}, {@code "NaN"}). */
public final class FlinkJsonValues {
  private FlinkJsonValues() {}

  /** The node's number, or NaN if it is missing or not a finite number. */
  public static double number(JsonNode node) {
    double value;
    if (node == null || node.isMissingNode() || node.isNull()) {
      return Double.NaN;
    } else if (node.isNumber()) {
      value = node.doubleValue();
    } else if (node.isString()) {
      try {
        value = Double.parseDouble(node.stringValue());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    } else {
      return Double.NaN;
    }
    return Double.isFinite(value) ? value : Double.NaN;
  }

  /** An aggregated metrics answer ({@code [{"id", "max", "sum"}]}) by metric name. */
  public static Map<String, Aggregate> aggregates(JsonNode answer) {
    Map<String, Aggregate> out = new HashMap<>();
    for (JsonNode m : answer) {
      out.put(m.path("id").asString(), new Aggregate(number(m.get("max")), number(m.get("sum"))));
    }
    return out;
  }

  /** A plain metrics answer ({@code [{"id", "value"}]}) by metric name. */
  public static Map<String, Double> values(JsonNode answer) {
    Map<String, Double> out = new HashMap<>();
    for (JsonNode m : answer) {
      out.put(m.path("id").asString(), number(m.get("value")));
    }
    return out;
  }

  /** A metric's maximum and sum over subtasks; NaN where Flink had no number. */
  public record Aggregate(double max, double sum) {}
}
