package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice jobs scaling-policy JOB [--set k=v ...] [--window 08:00-20:00=4 ...]}: the job's
 * automatic scaling and its schedule of default parallelism.
 */
@Command(
    name = "scaling-policy",
    description =
        "The job's scaling policy: --set auto=true --set maxParallelism=8 --set coolDown=10m"
            + " (also minParallelism, scaleDownDelay, utilization, catchUp, zone); --window"
            + " 08:00-20:00=4 sets the schedule (repeatable), --no-schedule clears it.")
final class ScalingPolicyCommand extends SluiceCli.Jobs.JobCommand {
  @Parameters(paramLabel = "JOB")
  String job;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a field of the policy")
  List<String> set = new ArrayList<>();

  @Option(
      names = "--window",
      paramLabel = "FROM-TO=P",
      description = "a window of the schedule: from-to (time of day) = default parallelism")
  List<String> windows = new ArrayList<>();

  @Option(names = "--no-schedule", description = "clear the schedule")
  boolean noSchedule;

  @Override
  public Integer call() {
    Api api = root().api();
    long id = SluiceCli.findJob(api, job).path("id").asLong();
    String path = "/jobs/" + id + "/scaling-policy";
    Map<String, Object> body = body();
    JsonNode p = body.isEmpty() ? api.get(path) : api.put(path, body);
    root().print(out(), p, describe(p));
    return 0;
  }

  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    for (String s : set) {
      int eq = s.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("--set takes KEY=VALUE (got '" + s + "')");
      }
      String key = s.substring(0, eq).trim();
      String value = s.substring(eq + 1).trim();
      body.put(
          key,
          switch (key) {
            case "auto" -> JobRecoveryCommands.Policy.bool(value);
            case "minParallelism", "maxParallelism" -> JobRecoveryCommands.Policy.number(value);
            case "utilization" ->
                value.matches("\\d+(\\.\\d+)?") ? Double.parseDouble(value) : value;
            default -> value;
          });
    }
    if (noSchedule) {
      body.put("schedule", List.of());
    } else if (!windows.isEmpty()) {
      List<Map<String, Object>> schedule = new ArrayList<>();
      for (String w : windows) {
        int dash = w.indexOf('-');
        int eq = w.indexOf('=');
        if (dash < 1 || eq < dash) {
          throw new IllegalArgumentException(
              "--window takes FROM-TO=P, like 08:00-20:00=4 (got '" + w + "')");
        }
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("from", w.substring(0, dash).trim());
        window.put("to", w.substring(dash + 1, eq).trim());
        window.put("parallelism", JobRecoveryCommands.Policy.number(w.substring(eq + 1).trim()));
        schedule.add(window);
      }
      body.put("schedule", schedule);
    }
    return body;
  }

  static String describe(JsonNode p) {
    StringBuilder s =
        new StringBuilder(p.path("job").asText())
            .append(": automatic scaling ")
            .append(p.path("auto").asBoolean() ? "on" : "off")
            .append(" (")
            .append(
                p.path("source").asText().equals("job")
                    ? "the job's own policy"
                    : "the default of its tier")
            .append(")\n");
    Table table = new Table("SETTING", "VALUE");
    int max = p.path("maxParallelism").asInt();
    table.row(
        "parallelism",
        p.path("minParallelism").asText() + "-" + (max == 0 ? "each vertex's max" : max));
    table.row("coolDown", p.path("coolDown"));
    table.row("scaleDownDelay", p.path("scaleDownDelay"));
    table.row("utilization", p.path("utilization"));
    table.row("catchUp", p.path("catchUp"));
    table.row("zone", p.path("zone"));
    s.append(table);
    if (p.path("schedule").isEmpty()) {
      s.append("\nno schedule");
    }
    for (JsonNode w : p.path("schedule")) {
      s.append("\n")
          .append(w.path("from").asText())
          .append("-")
          .append(w.path("to").asText())
          .append(": default parallelism ")
          .append(w.path("parallelism").asInt());
    }
    if (p.hasNonNull("lastScaledAt")) {
      s.append("\nlast scaled at ").append(p.path("lastScaledAt").asText());
    }
    return s.toString();
  }
}
