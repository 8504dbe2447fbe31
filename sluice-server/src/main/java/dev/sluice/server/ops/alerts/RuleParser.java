package dev.sluice.server.ops.alerts;

import static dev.sluice.server.errors.JsonFields.onlyFields;
import static dev.sluice.server.errors.JsonFields.text;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.ops.metrics.MetricNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A rule as a request gives it, checked field by field (a mistake is a 400 naming its path, such as
 * {@code conditions[1].op}) and with a template expanded into the conditions it stands for.
 */
public final class RuleParser {
  /** Rule and channel names: never all digits, so that a path segment is either an id or a name. */
  static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

  private static final Set<String> RULE_FIELDS =
      Set.of(
          "name",
          "project",
          "job",
          "tier",
          "severity",
          "for",
          "match",
          "conditions",
          "channels",
          "repeatInterval",
          "description",
          "template",
          "value",
          "count",
          "window");

  private static final Set<String> CONDITION_FIELDS =
      Set.of("metric", "op", "value", "vertex", "column", "over");

  private RuleParser() {}

  public static AlertRule.Definition parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidFieldException("$", "a rule is a JSON object");
    }
    onlyFields(body, RULE_FIELDS, "");
    String template = text(body, "template");
    RuleTemplates.Expansion expansion = null;
    if (template != null) {
      if (body.has("conditions") || body.has("match")) {
        throw new InvalidFieldException(
            body.has("conditions") ? "conditions" : "match",
            "a rule has either a template or its own conditions, not both");
      }
      expansion = RuleTemplates.expand(template, body);
    } else {
      for (String param : List.of("value", "count", "window")) {
        if (body.has(param)) {
          throw new InvalidFieldException(
              param, "only a template takes '" + param + "'; a rule's conditions carry values");
        }
      }
    }
    String name = text(body, "name");
    if (name == null && template != null) {
      name = template.trim().replace('_', '-');
    }
    if (name == null) {
      throw new InvalidFieldException("name", "a rule needs a name");
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name",
          "'"
              + name
              + "' is not a rule name: a letter, then letters, digits, '_', '.' or '-' (at most"
              + " 128)");
    }
    String job = text(body, "job");
    Tier tier = body.hasNonNull("tier") ? Tier.parse("tier", text(body, "tier")) : null;
    if (job != null && tier != null) {
      throw new InvalidFieldException(
          "tier", "a rule is for one job or for a tier's jobs, not both");
    }
    Tier severity =
        body.hasNonNull("severity") ? Tier.parse("severity", text(body, "severity")) : null;
    Duration forDuration = duration(body, "for");
    if (forDuration == null) {
      forDuration = expansion == null ? Duration.ZERO : expansion.defaultFor();
    }
    Match match = Match.ALL;
    List<Condition> conditions;
    if (expansion != null) {
      conditions = expansion.conditions();
    } else {
      match = match(body);
      conditions = conditions(body.get("conditions"));
    }
    Duration repeat = repeat(body);
    String description = text(body, "description");
    if (description != null && description.length() > 1024) {
      throw new InvalidFieldException("description", "at most 1024 characters");
    }
    return new AlertRule.Definition(
        name,
        text(body, "project"),
        job,
        tier,
        severity,
        forDuration,
        match,
        conditions,
        channels(body.get("channels")),
        repeat,
        description,
        template == null ? null : template.trim());
  }

  private static Match match(JsonNode body) {
    String m = text(body, "match");
    if (m == null) {
      return Match.ALL;
    }
    return switch (m.trim().toLowerCase(Locale.ROOT)) {
      case "all", "and" -> Match.ALL;
      case "any", "or" -> Match.ANY;
      default -> throw new InvalidFieldException("match", "'" + m + "' is not all or any");
    };
  }

  private static List<Condition> conditions(JsonNode list) {
    if (list == null || list.isNull()) {
      throw new InvalidFieldException(
          "conditions", "a rule needs conditions or a template (" + RuleTemplates.names() + ")");
    }
    if (!list.isArray() || list.isEmpty()) {
      throw new InvalidFieldException("conditions", "a non-empty array of conditions");
    }
    if (list.size() > 20) {
      throw new InvalidFieldException("conditions", "at most 20 conditions");
    }
    List<Condition> conditions = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      conditions.add(condition(list.get(i), "conditions[" + i + "]"));
    }
    return conditions;
  }

  static Condition condition(JsonNode c, String path) {
    if (!c.isObject()) {
      throw new InvalidFieldException(path, "a condition is an object {metric, op, value}");
    }
    onlyFields(c, CONDITION_FIELDS, path + ".");
    String metric = text(c, "metric", path + ".metric");
    if (metric == null) {
      throw new InvalidFieldException(path + ".metric", "a metric is required");
    }
    if (!MetricNames.ALL.contains(metric)) {
      throw new InvalidFieldException(
          path + ".metric",
          "'" + metric + "' is not a metric; the metrics are " + new TreeSet<>(MetricNames.ALL));
    }
    String opText = text(c, "op", path + ".op");
    if (opText == null) {
      throw new InvalidFieldException(path + ".op", "an op is required: one of " + Op.symbols());
    }
    Op op = Op.of(opText.trim());
    if (op == null) {
      throw new InvalidFieldException(
          path + ".op", "'" + opText + "' is not one of " + Op.symbols());
    }
    double value = value(metric, c.get("value"), path + ".value");
    String vertex = text(c, "vertex", path + ".vertex");
    // A data-quality metric's series are per column (or key): "column" names one, as "vertex" does.
    String column = text(c, "column", path + ".column");
    if (column != null) {
      if (!metric.startsWith("dq_")) {
        throw new InvalidFieldException(
            path + ".column", "only data-quality metrics (dq_...) are per column; use vertex");
      }
      if (vertex != null && !vertex.equals(column)) {
        throw new InvalidFieldException(path + ".column", "give either column or vertex");
      }
      vertex = column;
    }
    Duration over = duration(c, "over", path + ".over");
    if (over != null) {
      if (!Condition.COUNTERS.contains(metric)) {
        throw new InvalidFieldException(
            path + ".over",
            "only counters ("
                + new TreeSet<>(Condition.COUNTERS)
                + ") have an increase over a window");
      }
      if (over.isZero()) {
        throw new InvalidFieldException(path + ".over", "a window longer than 0s");
      }
    }
    return new Condition(metric, op, value, vertex, over);
  }

  /** A threshold: a number, a state name for job_state, a duration for a metric in ms. */
  static double value(String metric, JsonNode v, String path) {
    if (v == null || v.isNull()) {
      throw new InvalidFieldException(path, "a value is required");
    }
    if (v.isNumber()) {
      double d = v.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new InvalidFieldException(path, "a finite number");
      }
      return d;
    }
    if (v.isString()) {
      String s = v.stringValue();
      if (metric.equals(MetricNames.JOB_STATE)) {
        Integer code = JobStateCodes.code(s);
        if (code == null) {
          throw new InvalidFieldException(
              path, "'" + s + "' is not a job state; the states are " + JobStateCodes.names());
        }
        return code;
      }
      if (Condition.MILLIS.contains(metric)) {
        Duration d = Durations.parse(s);
        if (d == null) {
          throw new InvalidFieldException(
              path, "'" + s + "' is neither a number of milliseconds nor a duration like 10m");
        }
        return d.toMillis();
      }
    }
    throw new InvalidFieldException(
        path,
        metric.equals(MetricNames.JOB_STATE)
            ? "a state name (FAILED, RESTARTING...) or its number"
            : "a number in the unit of " + metric);
  }

  private static Duration repeat(JsonNode body) {
    String r = text(body, "repeatInterval");
    if (r == null) {
      return null;
    }
    if (r.trim().equalsIgnoreCase("none") || r.trim().equalsIgnoreCase("never")) {
      return Duration.ZERO;
    }
    Duration d = Durations.parse(r);
    if (d == null) {
      throw new InvalidFieldException(
          "repeatInterval", "'" + r + "' is not a duration like 30m (or none)");
    }
    if (!d.isZero() && d.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new InvalidFieldException("repeatInterval", "at least 1m (or none)");
    }
    return d;
  }

  /** The named channels; null (none given): the channels of the alert's severity. */
  private static List<String> channels(JsonNode list) {
    if (list == null || list.isNull()) {
      return null;
    }
    if (!list.isArray()) {
      throw new InvalidFieldException("channels", "an array of channel names");
    }
    List<String> channels = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      if (!c.isString() || !NAME.matcher(c.stringValue()).matches()) {
        throw new InvalidFieldException("channels[" + i + "]", "a channel's name");
      }
      if (!channels.contains(c.stringValue())) {
        channels.add(c.stringValue());
      }
    }
    return channels;
  }

  static Duration duration(JsonNode object, String field) {
    return duration(object, field, field);
  }

  static Duration duration(JsonNode object, String field, String path) {
    String s = text(object, field, path);
    if (s == null) {
      return null;
    }
    Duration d = Durations.parse(s);
    if (d == null) {
      throw new InvalidFieldException(
          path, "'" + s + "' is not a duration like 500ms, 20s, 5m, 2h or 1d");
    }
    if (d.compareTo(Duration.ofDays(30)) > 0) {
      throw new InvalidFieldException(path, "at most 30d");
    }
    return d;
  }
}
