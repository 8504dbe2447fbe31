package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice quality}: data-quality monitors. */
@Command(
    name = "quality",
    description = "Data-quality monitors: null ratio, range, freshness, volume, duplicate keys.",
    subcommands = {
      QualityCommand.List.class,
      QualityCommand.Show.class,
      QualityCommand.Create.class,
      QualityCommand.Update.class,
      QualityCommand.Delete.class,
      QualityCommand.Sql.class,
      QualityCommand.Deploy.class,
      QualityCommand.Results.class
    })
final class QualityCommand {
  @CommandLine.ParentCommand SluiceCli root;

  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand QualityCommand quality;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    SluiceCli root() {
      return quality.root;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    static String path(String name) {
      return "/quality-monitors/" + Api.segment(name);
    }

    static ObjectNode read(Path file) throws IOException {
      JsonNode body = Api.JSON.readTree(Files.readString(file));
      if (!(body instanceof ObjectNode o)) {
        throw new IllegalArgumentException(file + " is not a JSON object");
      }
      return o;
    }

    static String checks(JsonNode m) {
      java.util.List<String> checks = new ArrayList<>();
      for (JsonNode c : m.path("checks")) {
        String type = c.path("type").asText();
        if (c.hasNonNull("column")) {
          type += "(" + c.path("column").asText() + ")";
        } else if (c.has("key")) {
          java.util.List<String> key = new ArrayList<>();
          c.path("key").forEach(k -> key.add(k.asText()));
          type += "(" + String.join(",", key) + ")";
        }
        checks.add(type);
      }
      return String.join(" ", checks);
    }

    static String source(JsonNode m) {
      JsonNode s = m.path("source");
      String topic = "topic " + s.path("kafka").path("topic").asText();
      return s.hasNonNull("job")
          ? s.path("job").asText() + "." + s.path("table").asText() + " (" + topic + ")"
          : topic;
    }
  }

  @Command(name = "list", description = "The monitors of the projects you may read.")
  static final class List extends Sub {
    @Option(names = "--project", description = "only this project's monitors")
    String project;

    @Override
    public Integer call() {
      JsonNode list =
          root()
              .api()
              .get("/quality-monitors" + (project == null ? "" : "?project=" + Api.query(project)));
      Table table = new Table("NAME", "PROJECT", "SOURCE", "WINDOW", "CHECKS", "JOB", "STATE");
      for (JsonNode m : list) {
        table.row(
            m.path("name"),
            m.path("project"),
            source(m),
            m.path("window"),
            checks(m),
            m.path("job").path("name"),
            m.path("job").path("state"));
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(name = "show", description = "A monitor's definition, with its source's columns.")
  static final class Show extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      JsonNode m = root().api().get(path(name));
      out().println(m.toPrettyString());
      return 0;
    }
  }

  @Command(name = "create", description = "Create a monitor from a JSON file.")
  static final class Create extends Sub {
    @Option(names = "--file", required = true, paramLabel = "monitor.json")
    Path file;

    @Override
    public Integer call() throws IOException {
      JsonNode m = root().api().post("/quality-monitors", read(file));
      root()
          .print(
              out(),
              m,
              "created monitor "
                  + m.path("name").asText()
                  + " (project "
                  + m.path("project").asText()
                  + "): "
                  + checks(m));
      return 0;
    }
  }

  @Command(name = "update", description = "Replace a monitor's definition with a JSON file's.")
  static final class Update extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--file", required = true, paramLabel = "monitor.json")
    Path file;

    @Override
    public Integer call() throws IOException {
      JsonNode m = root().api().put(path(name), read(file));
      root().print(out(), m, "updated monitor " + name + ": " + checks(m));
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete a monitor whose job does not run.")
  static final class Delete extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      root().api().delete(path(name));
      out().println("deleted monitor " + name);
      return 0;
    }
  }

  @Command(name = "sql", description = "The Flink SQL script the monitor's job runs.")
  static final class Sql extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      JsonNode r = root().api().get(path(name) + "/sql");
      root().print(out(), r, r.path("sql").asText().stripTrailing());
      return 0;
    }
  }

  @Command(name = "deploy", description = "Run the monitor as the job quality.NAME.")
  static final class Deploy extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--confirm-drop",
        paramLabel = "STATEMENT",
        description = "a statement whose state may be dropped (repeatable)")
    java.util.List<String> confirmDrop;

    @Override
    public Integer call() {
      JsonNode job =
          root()
              .api()
              .post(
                  path(name) + "/deploy",
                  confirmDrop == null ? Map.of() : Map.of("confirmDrop", confirmDrop));
      root()
          .print(
              out(),
              job,
              "deployed "
                  + job.path("name").asText()
                  + " (id "
                  + job.path("id").asText()
                  + "): "
                  + job.path("state").asText());
      return 0;
    }
  }

  @Command(name = "results", description = "The values of the monitor's newest windows.")
  static final class Results extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--windows", description = "how many windows (default 20)")
    Integer windows;

    @Override
    public Integer call() {
      JsonNode r =
          root()
              .api()
              .get(path(name) + "/results" + (windows == null ? "" : "?windows=" + windows));
      Table table = new Table("WINDOW END", "METRIC", "LABEL", "VALUE");
      for (JsonNode w : r.path("windows")) {
        for (JsonNode v : w.path("values")) {
          table.row(w.path("windowEnd"), v.path("metric"), v.path("label"), v.path("value"));
        }
      }
      root().print(out(), r, table.toString());
      return 0;
    }
  }
}
