package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice lineage ...}: column lineage of a job and the graph across all jobs. */
@Command(
    name = "lineage",
    description = "Column-level lineage of jobs, and the graph that joins them at shared datasets.",
    subcommands = {
      LineageCommand.Show.class,
      LineageCommand.Export.class,
      LineageCommand.Datasets.class,
      LineageCommand.Upstream.class,
      LineageCommand.Downstream.class,
      LineageCommand.Impact.class
    })
final class LineageCommand {
  @CommandLine.ParentCommand SluiceCli root;

  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand LineageCommand lineage;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    SluiceCli root() {
      return lineage.root;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    static String q(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }

  /** A command on one version of one job. */
  abstract static class OfVersion extends Sub {
    @Parameters(paramLabel = "JOB")
    String job;

    @Option(names = "--version", description = "a saved version (default: current)")
    Integer version;

    /** GET /jobs/{id}/lineage{suffix} for the chosen version. */
    JsonNode lineage(String suffix) {
      Api api = root().api();
      long id = SluiceCli.findJob(api, job).path("id").asLong();
      return api.get(
          "/jobs/" + id + "/lineage" + suffix + (version == null ? "" : "?version=" + version));
    }
  }

  static String origin(JsonNode o) {
    return o.path("dataset").asText()
        + " "
        + o.path("column").asText()
        + " ("
        + o.path("subtype").asText()
        + ")";
  }

  @Command(name = "show", description = "Where every sink column of a job version comes from.")
  static final class Show extends OfVersion {
    @Override
    public Integer call() {
      JsonNode l = lineage("");
      StringBuilder text = new StringBuilder();
      for (JsonNode s : l.path("statements")) {
        text.append(
            String.format(
                "statement %d -> %s%n", s.path("statement").asInt(), s.path("sink").asText()));
        for (JsonNode c : s.path("columns")) {
          text.append(
              String.format(
                  "  %s = %s  [%s]%n",
                  c.path("column").asText(),
                  c.path("expression").asText(),
                  c.path("status").asText()));
          for (JsonNode o : c.path("origins")) {
            text.append("      <- ").append(origin(o)).append('\n');
          }
          if (c.hasNonNull("reason")) {
            text.append("      unknown: ").append(c.path("reason").asText()).append('\n');
          }
        }
        for (JsonNode o : s.path("conditions")) {
          text.append("  rows decided by ").append(origin(o)).append('\n');
        }
        StringBuilder functions = new StringBuilder();
        for (JsonNode f : s.path("functions")) {
          functions
              .append(functions.isEmpty() ? "" : ", ")
              .append(f.path("name").asText())
              .append(" (")
              .append(f.path("kind").asText())
              .append(')');
        }
        if (!functions.isEmpty()) {
          text.append("  calls ").append(functions).append('\n');
        }
      }
      root().print(out(), l, text.toString().stripTrailing());
      return 0;
    }
  }

  @Command(
      name = "export",
      description = "A job version's lineage as an OpenLineage JobEvent (JSON).")
  static final class Export extends OfVersion {
    @Override
    public Integer call() {
      out().println(lineage("/openlineage").toPrettyString());
      return 0;
    }
  }

  @Command(
      name = "datasets",
      description = "Every dataset of every job, with its writers and readers.")
  static final class Datasets extends Sub {
    @Override
    public Integer call() {
      JsonNode list = root().api().get("/lineage/datasets");
      StringBuilder text = new StringBuilder();
      for (JsonNode d : list) {
        text.append(
            String.format(
                "%s  written by %s, read by %s%n",
                d.path("dataset").path("id").asText(), d.path("writers"), d.path("readers")));
      }
      root().print(out(), list, text.toString().stripTrailing());
      return 0;
    }
  }

  abstract static class Walk extends Sub {
    @Parameters(paramLabel = "DATASET", description = "a dataset id, e.g. kafka://host:9092/orders")
    String dataset;

    @Option(names = "--column", description = "follow one column instead of the whole dataset")
    String column;

    @Option(names = "--depth", defaultValue = "5", description = "hops to follow (default 5)")
    int depth;

    abstract String direction();

    @Override
    public Integer call() {
      JsonNode walk =
          root()
              .api()
              .get(
                  "/lineage/"
                      + direction()
                      + "?dataset="
                      + q(dataset)
                      + "&depth="
                      + depth
                      + (column == null ? "" : "&column=" + q(column)));
      root().print(out(), walk, edges(walk.path("edges")));
      return 0;
    }
  }

  static String edges(JsonNode edges) {
    StringBuilder text = new StringBuilder();
    for (JsonNode e : edges) {
      text.append(
          String.format(
              "%d  %s%s -> %s%s  (job %s, statement %d%s)%n",
              e.path("distance").asInt(),
              e.path("fromDataset").asText(),
              e.hasNonNull("fromColumn") ? " " + e.path("fromColumn").asText() : "",
              e.path("toDataset").asText(),
              e.hasNonNull("toColumn") ? " " + e.path("toColumn").asText() : "",
              e.path("job").asText(),
              e.path("statement").asInt(),
              e.hasNonNull("subtype") ? ", " + e.path("subtype").asText() : ""));
    }
    return text.isEmpty() ? "nothing found" : text.toString().stripTrailing();
  }

  @Command(name = "upstream", description = "What a dataset (or column) is made from.")
  static final class Upstream extends Walk {
    @Override
    String direction() {
      return "upstream";
    }
  }

  @Command(name = "downstream", description = "What is made from a dataset (or column).")
  static final class Downstream extends Walk {
    @Override
    String direction() {
      return "downstream";
    }
  }

  @Command(name = "impact", description = "Which jobs and sink columns depend on a column.")
  static final class Impact extends Sub {
    @Parameters(index = "0", paramLabel = "DATASET")
    String dataset;

    @Parameters(index = "1", paramLabel = "COLUMN")
    String column;

    @Override
    public Integer call() {
      JsonNode impact =
          root().api().get("/lineage/impact?dataset=" + q(dataset) + "&column=" + q(column));
      root()
          .print(
              out(),
              impact,
              "jobs: " + impact.path("jobs") + "\n" + edges(impact.path("sinkColumns")));
      return 0;
    }
  }
}
