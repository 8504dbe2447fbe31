package dev.sluice.server.ops.scaling;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.JsonFields;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A scaling policy from a PUT body: the fields it names replace those of the current policy, each
 * mistake a 400 naming its field ({@code schedule[1].from}).
 */
public final class ScalingPolicyParser {
  private static final Set<String> FIELDS =
      Set.of(
          "auto",
          "minParallelism",
          "maxParallelism",
          "coolDown",
          "scaleDownDelay",
          "utilization",
          "catchUp",
          "zone",
          "schedule");
  private static final Set<String> WINDOW_FIELDS = Set.of("from", "to", "parallelism");
  static final int MAX_WINDOWS = 24;
  private static final int MAX_PARALLELISM = 32768;

  private ScalingPolicyParser() {}

  public static ScalingPolicy parse(JsonNode body, ScalingPolicy current) {
    if (body == null || !body.isObject()) {
      throw new InvalidFieldException("$", "a scaling policy is a JSON object");
    }
    JsonFields.onlyFields(body, FIELDS, "");
    boolean auto = JsonFields.bool(body, "auto", current.auto());
    int min =
        JsonFields.integer(body, "minParallelism", current.minParallelism(), 1, MAX_PARALLELISM);
    int max =
        JsonFields.integer(body, "maxParallelism", current.maxParallelism(), 0, MAX_PARALLELISM);
    if (max != 0 && max < min) {
      throw new InvalidFieldException(
          body.has("maxParallelism") ? "maxParallelism" : "minParallelism",
          "maxParallelism (" + max + ") must not be below minParallelism (" + min + ")");
    }
    Duration coolDown =
        JsonFields.duration(body, "coolDown", current.coolDown(), Duration.ofMinutes(1));
    Duration scaleDownDelay =
        JsonFields.duration(body, "scaleDownDelay", current.scaleDownDelay(), Duration.ZERO);
    Duration catchUp = JsonFields.duration(body, "catchUp", current.catchUp(), Duration.ZERO);
    double utilization = current.utilization();
    if (body.has("utilization")) {
      JsonNode u = body.get("utilization");
      if (!u.isNumber() || !(u.doubleValue() > 0 && u.doubleValue() <= 1)) {
        throw new InvalidFieldException(
            "utilization",
            "'" + JsonFields.raw(u) + "' is not a busy fraction above 0 and at most 1");
      }
      utilization = u.doubleValue();
    }
    ZoneId zone = current.zone();
    String z = JsonFields.text(body, "zone");
    if (z != null) {
      try {
        zone = ZoneId.of(z);
      } catch (DateTimeException e) {
        throw new InvalidFieldException(
            "zone", "'" + z + "' is not a time zone such as UTC or Asia/Shanghai");
      }
    }
    List<ScalingPolicy.Window> schedule = current.schedule();
    if (body.has("schedule")) {
      schedule = schedule(body.get("schedule"));
    }
    return new ScalingPolicy(
        auto, min, max, coolDown, scaleDownDelay, utilization, catchUp, zone, schedule);
  }

  private static List<ScalingPolicy.Window> schedule(JsonNode list) {
    if (list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new InvalidFieldException(
          "schedule",
          "a list such as [{\"from\": \"08:00\", \"to\": \"20:00\", \"parallelism\": 4}]");
    }
    if (list.size() > MAX_WINDOWS) {
      throw new InvalidFieldException("schedule", "at most " + MAX_WINDOWS + " windows");
    }
    List<ScalingPolicy.Window> windows = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "schedule[" + i + "]";
      JsonNode w = list.get(i);
      if (!w.isObject()) {
        throw new InvalidFieldException(path, "an object with from, to and parallelism");
      }
      JsonFields.onlyFields(w, WINDOW_FIELDS, path + ".");
      LocalTime from = time(w, "from", path);
      LocalTime to = time(w, "to", path);
      if (from.equals(to)) {
        throw new InvalidFieldException(path + ".to", "a window must not end where it starts");
      }
      if (!w.has("parallelism")) {
        throw new InvalidFieldException(
            path + ".parallelism", "required: the default parallelism in the window");
      }
      int p = JsonFields.integer(w, "parallelism", 1, 1, MAX_PARALLELISM, path + ".parallelism");
      ScalingPolicy.Window window = new ScalingPolicy.Window(from, to, p);
      for (int j = 0; j < windows.size(); j++) {
        if (overlap(windows.get(j), window)) {
          throw new InvalidFieldException(path, "overlaps schedule[" + j + "]");
        }
      }
      windows.add(window);
    }
    return windows;
  }

  private static boolean overlap(ScalingPolicy.Window a, ScalingPolicy.Window b) {
    return a.contains(b.from()) || b.contains(a.from());
  }

  private static LocalTime time(JsonNode w, String field, String path) {
    String t = JsonFields.text(w, field, path + "." + field);
    if (t == null) {
      throw new InvalidFieldException(path + "." + field, "required: a time of day such as 08:00");
    }
    try {
      return LocalTime.parse(t);
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(
          path + "." + field, "'" + t + "' is not a time of day such as 08:00");
    }
  }
}
