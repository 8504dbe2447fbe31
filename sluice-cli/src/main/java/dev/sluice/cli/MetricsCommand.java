package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice metrics compile|save|deploy|debug|list|diff}: metric groups as code. */
@Command(
    name = "metrics",
    description =
        "Metric groups defined in YAML or JSON, compiled to Flink SQL, versioned and deployed.",
    subcommands = {
      MetricsCommand.Compile.class,
      MetricsCommand.Save.class,
      MetricsCommand.Deploy.class,
      MetricsCommand.Debug.class,
      MetricsCommand.ListGroups.class,
      MetricsCommand.Diff.class
    })
final class MetricsCommand {
  @CommandLine.ParentCommand SluiceCli root;

  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand MetricsCommand metrics;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    SluiceCli root() {
      return metrics.root;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    static String contentType(Path file) {
      String name = file.getFileName().toString();
      return name.endsWith(".json") ? "application/json" : "application/yaml";
    }
  }

  @Command(name = "compile", description = "Check a definition and print the SQL it compiles to.")
  static final class Compile extends Sub {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws Exception {
      JsonNode c =
          root()
              .api()
              .postText("/metric-groups/compile", contentType(file), Files.readString(file));
      root().print(out(), c, c.path("script").asText().stripTrailing());
      return 0;
    }
  }

  @Command(name = "save", description = "Save a definition as the group's next version.")
  static final class Save extends Sub {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--comment")
    String comment;

    @Option(names = "--project", description = PROJECT)
    String project;

    @Override
    public Integer call() throws Exception {
      JsonNode v = save(root().api(), file, comment, project);
      root().print(out(), v, describe(v));
      return 0;
    }
  }

  static final String PROJECT =
      "the project of a new group (default: the token's project, else demo)";

  /**
   * Saves a definition; the body is the definition document itself, so the comment and the project
   * travel as query parameters.
   */
  static JsonNode save(Api api, Path file, String comment, String project) throws Exception {
    List<String> query = new ArrayList<>();
    if (comment != null) {
      query.add("comment=" + Api.query(comment));
    }
    if (project != null) {
      query.add("project=" + Api.query(project));
    }
    return api.postText(
        "/metric-groups" + (query.isEmpty() ? "" : "?" + String.join("&", query)),
        Sub.contentType(file),
        Files.readString(file));
  }

  static String describe(JsonNode v) {
    return v.path("name").asText()
        + " version "
        + v.path("version").asInt()
        + (v.path("changed").asBoolean() ? " saved" : " (unchanged)");
  }

  @Command(
      name = "deploy",
      description =
          "Save a definition and run it as the job metrics.NAME (state of unchanged windows is kept).")
  static final class Deploy extends Sub {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(
        names = "--confirm-drop",
        split = ",",
        description = "statements whose state may be dropped")
    List<String> confirmDrop = new ArrayList<>();

    @Option(names = "--project", description = PROJECT)
    String project;

    @Override
    public Integer call() throws Exception {
      Api api = root().api();
      JsonNode v = save(api, file, null, project);
      JsonNode job =
          api.post(
              "/metric-groups/" + v.path("name").asText() + "/deploy",
              Map.of("version", v.path("version").asInt(), "confirmDrop", confirmDrop));
      root().print(out(), job, describe(v) + "\n" + SluiceCli.describe(job));
      return 0;
    }
  }

  @Command(
      name = "debug",
      description =
          "Run a definition (saved or not) on sample events or live sources and stream the rows of every view and window; no sink is written.")
  static final class Debug extends Sub {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(
        names = "--sample",
        paramLabel = "SOURCE=FILE",
        description =
            "events for a source: one per line as the topic holds them (malformed lines too), or a .json file holding an array of events")
    Map<String, Path> samples = new HashMap<>();

    @CommandLine.Mixin DebugRunOptions run;

    @Override
    public Integer call() throws Exception {
      ObjectNode body = Api.JSON.createObjectNode();
      body.put("definition", Files.readString(file));
      ObjectNode sampleNode = body.putObject("samples");
      for (var e : samples.entrySet()) {
        ArrayNode rows = sampleNode.putObject(e.getKey()).putArray("rows");
        String text = Files.readString(e.getValue()).strip();
        if (e.getValue().toString().endsWith(".json")) {
          // A JSON array of events; a string element is a raw line (a malformed event, say).
          JsonNode events = Api.JSON.readTree(text);
          if (!events.isArray()) {
            throw new CommandLine.ParameterException(
                spec.commandLine(),
                e.getValue()
                    + ": a .json sample is an array of events; use .jsonl for one per line");
          }
          events.forEach(event -> rows.add(event.isTextual() ? event.asText() : event.toString()));
        } else {
          text.lines().filter(l -> !l.isBlank()).forEach(rows::add);
        }
      }
      run.addTo(body);
      Api api = root().api();
      return DebugCommand.follow(api, api.post("/metric-groups/debug", body), out(), root().json());
    }
  }

  @Command(name = "list", description = "Metric groups and their latest versions.")
  static final class ListGroups extends Sub {
    @Override
    public Integer call() {
      JsonNode list = root().api().get("/metric-groups");
      StringBuilder text = new StringBuilder();
      list.forEach(
          v ->
              text.append(v.path("name").asText())
                  .append(" v")
                  .append(v.path("version").asInt())
                  .append(" by ")
                  .append(v.path("author").asText())
                  .append('\n'));
      root().print(out(), list, text.toString().stripTrailing());
      return 0;
    }
  }

  @Command(name = "diff", description = "Which metrics changed from one version to another.")
  static final class Diff extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FROM")
    int from;

    @Parameters(index = "2", paramLabel = "TO")
    int to;

    @Override
    public Integer call() {
      JsonNode d = root().api().get("/metric-groups/" + name + "/diff?from=" + from + "&to=" + to);
      String text =
          "added: "
              + d.path("added")
              + "\nremoved: "
              + d.path("removed")
              + "\nchanged: "
              + d.path("changed")
              + "\nother sections changed: "
              + d.path("otherChanges");
      root().print(out(), d, text);
      return 0;
    }
  }
}
