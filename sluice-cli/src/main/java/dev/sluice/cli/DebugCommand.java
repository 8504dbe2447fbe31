package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice debug job.sql --sample orders=orders.json}: runs the script as a debug job and
 * prints every step's rows, with their changelog kind, as they arrive; Ctrl-C stops the run.
 */
@Command(
    name = "debug",
    description =
        "Run a script with a tap on every view and INSERT query and stream each step's rows; sinks are never written.")
final class DebugCommand implements Callable<Integer> {
  @CommandLine.ParentCommand SluiceCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the SQL script")
  Path file;

  @Option(
      names = "--sample",
      paramLabel = "TABLE=FILE",
      description =
          "replace a source with rows: a .json file (an array of objects, or one object per line) or a .csv file (one row per line, no header)")
  Map<String, Path> samples = new HashMap<>();

  @CommandLine.Mixin DebugRunOptions run;

  @Override
  public Integer call() throws Exception {
    Api api = root.api();
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode body = Api.JSON.createObjectNode();
    body.put("script", Files.readString(file));
    ObjectNode sampleNode = body.putObject("samples");
    for (var e : samples.entrySet()) {
      sampleNode.set(e.getKey(), sample(e.getValue()));
    }
    run.addTo(body);
    return follow(api, api.post("/debug-runs", body), out, root.json());
  }

  /**
   * Prints a started run's steps, then each step's rows as they arrive until the run ends; Ctrl-C
   * stops the run. Returns the exit code: 1 when the run failed.
   */
  static int follow(Api api, JsonNode run, PrintWriter out, boolean asJson) throws Exception {
    String id = run.path("id").asText();
    Thread stopper =
        new Thread(
            () -> {
              try {
                api.post("/debug-runs/" + id + "/stop", Map.of());
              } catch (RuntimeException ignored) {
                // the server may be gone already
              }
            });
    Runtime.getRuntime().addShutdownHook(stopper);
    if (!asJson) {
      out.println("debug run " + id);
      for (JsonNode step : run.path("steps")) {
        StringBuilder columns = new StringBuilder();
        for (JsonNode c : step.path("columns")) {
          columns
              .append(columns.isEmpty() ? "" : ", ")
              .append(c.path("name").asText())
              .append(' ')
              .append(c.path("type").asText());
        }
        out.printf(
            "step %s (%s, statement %d): %s%n",
            step.path("name").asText(),
            step.path("kind").asText(),
            step.path("statement").asInt(),
            columns);
      }
    }
    Map<String, Long> seen = new HashMap<>();
    ArrayNode all = Api.JSON.createArrayNode();
    while (true) {
      JsonNode state = api.get("/debug-runs/" + id);
      boolean ended = !state.path("status").asText().equals("RUNNING");
      for (JsonNode step : state.path("steps")) {
        String name = step.path("name").asText();
        long after = seen.getOrDefault(name, -1L);
        JsonNode rows =
            api.get(
                "/debug-runs/"
                    + id
                    + "/steps/"
                    + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                    + "/rows?after="
                    + after);
        for (JsonNode row : rows) {
          seen.put(name, row.path("seq").asLong());
          if (asJson) {
            ObjectNode r = all.addObject();
            r.put("step", name);
            r.put("kind", row.path("kind").asText());
            r.set("values", row.path("values"));
          } else {
            out.printf("%s %s %s%n", name, row.path("kind").asText(), row.path("values"));
          }
        }
      }
      out.flush();
      if (ended) {
        Runtime.getRuntime().removeShutdownHook(stopper);
        if (asJson) {
          ObjectNode result = Api.JSON.createObjectNode();
          result.set("run", state);
          result.set("rows", all);
          out.println(result.toPrettyString());
        } else {
          out.println(
              "run " + state.path("status").asText() + ": " + state.path("reason").asText());
        }
        return state.path("status").asText().equals("FAILED") ? 1 : 0;
      }
      Thread.sleep(500);
    }
  }

  private static ObjectNode sample(Path path) throws IOException {
    ObjectNode node = Api.JSON.createObjectNode();
    String text = Files.readString(path);
    ArrayNode rows = node.putArray("rows");
    if (path.toString().endsWith(".csv")) {
      node.put("format", "csv");
      text.lines().filter(l -> !l.isBlank()).forEach(rows::add);
      return node;
    }
    node.put("format", "json");
    String trimmed = text.strip();
    if (trimmed.startsWith("[")) {
      Api.JSON.readTree(trimmed).forEach(rows::add);
    } else {
      for (String line : trimmed.lines().filter(l -> !l.isBlank()).toList()) {
        rows.add(Api.JSON.readTree(line));
      }
    }
    return node;
  }
}
