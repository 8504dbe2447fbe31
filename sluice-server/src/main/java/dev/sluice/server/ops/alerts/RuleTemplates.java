package dev.sluice.server.ops.alerts;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.ops.metrics.MetricNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Shorthands for common rules, each expanded into the conditions it stands for, so that the stored
 * rule says exactly what is evaluated. Parameters: {@code value} (the threshold), {@code count} and
 * {@code window} (restarts), and the rule's own {@code for}.
 */
final class RuleTemplates {
  record Expansion(List<Condition> conditions, Duration defaultFor) {}

  private interface Template {
    Expansion expand(JsonNode body);
  }

  private static final Map<String, Template> TEMPLATES = new TreeMap<>();

  static {
    TEMPLATES.put(
        "job_failed",
        b -> fixed(new Condition(MetricNames.JOB_STATE, Op.EQ, JobStateCodes.FAILED, null, null)));
    TEMPLATES.put(
        "job_restarting",
        b ->
            new Expansion(
                List.of(
                    new Condition(
                        MetricNames.JOB_STATE, Op.EQ, JobStateCodes.RESTARTING, null, null)),
                Duration.ofMinutes(2)));
    TEMPLATES.put(
        "sync_schema_changed",
        b -> fixed(new Condition(MetricNames.SYNC_SCHEMA_CHANGES, Op.GT, 0, null, null)));
    TEMPLATES.put(
        "restarts",
        b -> {
          double count = b.has("count") ? count(b) : 3;
          Duration window = RuleParser.duration(b, "window");
          return fixed(
              new Condition(
                  MetricNames.RESTARTS,
                  Op.GE,
                  count,
                  null,
                  window == null || window.isZero() ? Duration.ofMinutes(10) : window));
        });
    TEMPLATES.put(
        "no_checkpoint", b -> fixed(threshold(b, MetricNames.CHECKPOINT_AGE, Op.GT, 600_000.0)));
    TEMPLATES.put(
        "checkpoint_duration",
        b -> fixed(threshold(b, MetricNames.CHECKPOINT_DURATION, Op.GT, 60_000.0)));
    TEMPLATES.put(
        "input_rate_below",
        b -> lasting(threshold(b, MetricNames.INPUT_RATE, Op.LT, null), Duration.ofMinutes(1)));
    TEMPLATES.put(
        "kafka_lag_above",
        b -> lasting(threshold(b, MetricNames.KAFKA_LAG, Op.GT, null), Duration.ofMinutes(1)));
    TEMPLATES.put(
        "backpressure_above",
        b -> {
          // Percent of the time, as the web UI shows it; the metric is in ms per second.
          double percent = RuleParser.value(MetricNames.TASKMANAGERS, required(b), "value");
          if (percent < 0 || percent > 100) {
            throw new InvalidFieldException("value", "a percentage of time, 0 to 100");
          }
          return lasting(
              new Condition(MetricNames.BACKPRESSURE, Op.GT, percent * 10, null, null),
              Duration.ofMinutes(1));
        });
    TEMPLATES.put(
        "event_time_lag_above",
        b -> lasting(threshold(b, MetricNames.EVENT_TIME_LAG, Op.GT, null), Duration.ofMinutes(1)));
    TEMPLATES.put(
        "source_idle",
        b ->
            lasting(
                new Condition(MetricNames.INPUT_RATE, Op.LE, 0, null, null),
                Duration.ofMinutes(5)));
    TEMPLATES.put(
        "taskmanagers_below", b -> fixed(threshold(b, MetricNames.TASKMANAGERS, Op.LT, null)));
  }

  private RuleTemplates() {}

  static Expansion expand(String name, JsonNode body) {
    Template template = TEMPLATES.get(name.trim());
    if (template == null) {
      throw new InvalidFieldException(
          "template", "'" + name + "' is not a template; the templates are " + names());
    }
    for (String param : List.of("count", "window")) {
      if (body.has(param) && !name.trim().equals("restarts")) {
        throw new InvalidFieldException(param, "only the restarts template takes '" + param + "'");
      }
    }
    if (body.has("value")
        && List.of("job_failed", "job_restarting", "source_idle", "restarts")
            .contains(name.trim())) {
      throw new InvalidFieldException("value", "the template " + name.trim() + " takes no value");
    }
    return template.expand(body);
  }

  static String names() {
    return String.join(", ", TEMPLATES.keySet());
  }

  private static Expansion fixed(Condition c) {
    return new Expansion(List.of(c), Duration.ZERO);
  }

  private static Expansion lasting(Condition c, Duration defaultFor) {
    return new Expansion(List.of(c), defaultFor);
  }

  private static JsonNode required(JsonNode body) {
    JsonNode v = body.get("value");
    if (v == null || v.isNull()) {
      throw new InvalidFieldException("value", "this template needs a threshold value");
    }
    return v;
  }

  private static Condition threshold(JsonNode b, String metric, Op op, Double fallback) {
    JsonNode v = b.get("value");
    double value =
        (v == null || v.isNull()) && fallback != null
            ? fallback
            : RuleParser.value(metric, required(b), "value");
    return new Condition(metric, op, value, null, null);
  }

  private static double count(JsonNode b) {
    JsonNode c = b.get("count");
    if (c == null || !c.isIntegralNumber() || c.intValue() < 1) {
      throw new InvalidFieldException("count", "a whole number of restarts, at least 1");
    }
    return c.intValue();
  }
}
