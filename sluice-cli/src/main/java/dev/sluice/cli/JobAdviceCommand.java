package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice jobs advice JOB [--apply] [--set VERTEX=P ...]}: the tuning advice for a running
 * job, and applying it (through a savepoint that keeps every statement's state).
 */
@Command(
    name = "advice",
    description =
        "Tuning advice for a running job: the parallelism each vertex needs and the memory of its"
            + " TaskManagers, each with its reason. --apply sets the advised parallelism (or --set"
            + " VERTEX=P) and restarts the job from a savepoint that keeps all state.")
final class JobAdviceCommand extends SluiceCli.Jobs.JobCommand {
  @Parameters(paramLabel = "JOB")
  String job;

  @Option(names = "--utilization", description = "the busy fraction to size for (default 0.7)")
  String utilization;

  @Option(names = "--catch-up", description = "the time a backlog should be read in (default 5m)")
  String catchUp;

  @Option(names = "--apply", description = "apply the advice")
  boolean apply;

  @Option(
      names = "--set",
      paramLabel = "VERTEX=P",
      description = "apply this parallelism to a vertex (its id) instead of the advice's")
  Map<String, Integer> set = new LinkedHashMap<>();

  @Override
  public Integer call() {
    Api api = root().api();
    long id = SluiceCli.findJob(api, job).path("id").asLong();
    if (apply || !set.isEmpty()) {
      ObjectNode body = Api.JSON.createObjectNode();
      if (utilization != null) {
        body.put("utilization", utilization);
      }
      if (catchUp != null) {
        body.put("catchUp", catchUp);
      }
      if (!set.isEmpty()) {
        ObjectNode vertices = body.putObject("vertices");
        set.forEach(vertices::put);
      }
      JsonNode r = api.post("/jobs/" + id + "/advice/apply", body);
      StringBuilder text = new StringBuilder("applied to " + job + ":");
      r.path("parallelism")
          .properties()
          .forEach(
              e ->
                  text.append("\n  vertex ")
                      .append(e.getKey())
                      .append(" -> ")
                      .append(e.getValue().asInt()));
      text.append("\nrestored from ").append(r.path("savepoint").asText());
      text.append(" with every statement's state kept");
      root().print(out(), r, text.toString());
      return 0;
    }
    StringBuilder query = new StringBuilder();
    if (utilization != null) {
      query.append("?utilization=").append(URLEncoder.encode(utilization, StandardCharsets.UTF_8));
    }
    if (catchUp != null) {
      query
          .append(query.isEmpty() ? "?" : "&")
          .append("catchUp=")
          .append(URLEncoder.encode(catchUp, StandardCharsets.UTF_8));
    }
    JsonNode a = api.get("/jobs/" + id + "/advice" + query);
    Table vertices =
        new Table("VERTEX", "NAME", "P", "ADVISED", "BUSY%", "BACKPRESSURE%", "IN/S", "ACTION");
    for (JsonNode v : a.path("vertices")) {
      vertices.row(
          v.path("id"),
          v.path("name"),
          v.path("parallelism"),
          v.path("recommendedParallelism"),
          v.path("busyPercent"),
          v.path("backpressuredPercent"),
          v.path("inputRate"),
          v.path("action"));
    }
    StringBuilder text =
        new StringBuilder(a.path("job").asText())
            .append(": sized for ")
            .append(Math.round(a.path("targetUtilization").asDouble() * 100))
            .append("% busy, backlogs read within ")
            .append(a.path("catchUp").asText())
            .append('\n')
            .append(vertices);
    for (JsonNode v : a.path("vertices")) {
      text.append("\n")
          .append(v.path("name").asText())
          .append(": ")
          .append(v.path("reason").asText());
    }
    for (JsonNode tm : a.path("taskManagers")) {
      text.append("\nTaskManager ")
          .append(tm.path("taskManager").asText())
          .append(": ")
          .append(tm.path("reason").asText());
    }
    if (a.path("changes").asBoolean()) {
      text.append("\nApply it with: sluice jobs advice ").append(job).append(" --apply");
    }
    root().print(out(), a, text.toString());
    return 0;
  }
}
