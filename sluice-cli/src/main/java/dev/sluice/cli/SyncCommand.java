package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice sync ...}: syncs of whole databases from a data source (docs/integration.md). */
@Command(
    name = "sync",
    description = "Syncs of a data source's tables into Kafka, Paimon or JDBC tables.",
    subcommands = {SyncCommand.Plan.class, SyncCommand.Apply.class})
final class SyncCommand {
  @Command(
      name = "plan",
      description =
          "What a sync definition (JSON or YAML) would read and write, from the source's catalog"
              + " now; exits with 3 when something cannot work.")
  static final class Plan extends Subcommand {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--source", required = true, description = "the data source")
    String source;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "No file " + file);
      }
      String text = Files.readString(file);
      boolean json = text.stripLeading().startsWith("{");
      JsonNode plan =
          root()
              .api()
              .postText(
                  "/datasources/" + Api.segment(source) + "/sync-plan",
                  json ? "application/json" : "application/yaml",
                  text);
      StringBuilder out = new StringBuilder();
      Table table = new Table("SOURCE", "TARGET", "KEY", "ROWS (EST.)", "PROBLEMS", "LOSSY");
      for (JsonNode t : plan.path("tables")) {
        java.util.List<String> key = new java.util.ArrayList<>();
        t.path("primaryKey").forEach(k -> key.add(k.asText()));
        long lossy = 0;
        for (JsonNode c : t.path("columns")) {
          if (c.path("lossy").asBoolean()) {
            lossy++;
          }
        }
        table.row(
            t.path("source"),
            t.path("target"),
            key.isEmpty() ? "(none)" : String.join(", ", key),
            t.path("rowEstimate").isNull() ? "-" : t.path("rowEstimate").asText(),
            t.path("problems").size(),
            lossy);
      }
      out.append(table);
      for (JsonNode t : plan.path("tables")) {
        for (JsonNode p : t.path("problems")) {
          out.append("\nproblem ")
              .append(t.path("source").asText())
              .append(": ")
              .append(p.asText());
        }
        for (JsonNode w : t.path("warnings")) {
          out.append("\nwarning ")
              .append(t.path("source").asText())
              .append(": ")
              .append(w.asText());
        }
      }
      plan.path("problems").forEach(p -> out.append("\nproblem: ").append(p.asText()));
      plan.path("warnings").forEach(w -> out.append("\nwarning: ").append(w.asText()));
      plan.path("excluded").forEach(e -> out.append("\nexcluded: ").append(e.asText()));
      boolean ready = plan.path("ready").asBoolean();
      out.append("\n\n").append(ready ? "ready" : "NOT READY");
      root().print(out(), plan, out.toString());
      return ready ? 0 : DatasourcesCommand.NOT_READY;
    }
  }

  @Command(
      name = "apply",
      description =
          "Creates the sync job NAME from a definition (JSON or YAML), or saves the definition as"
              + " its new version; with --deploy, deploys it.")
  static final class Apply extends Subcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Option(
        names = "--source",
        description = "the data source read (default: the definition's source)")
    String source;

    @Option(names = "--project", description = "the project of a new job")
    String project;

    @Option(names = "--cluster")
    String cluster;

    @Option(names = "--comment")
    String comment;

    @Option(names = "--deploy", description = "deploy the job once saved")
    boolean deploy;

    @Option(
        names = "--restore",
        description =
            "with --deploy: none, latest, latest-checkpoint or a savepoint path (default: latest"
                + " for a job that has run, else none)")
    String restore;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "No file " + file);
      }
      Api api = root().api();
      com.fasterxml.jackson.databind.node.ObjectNode body =
          Api.JSON
              .createObjectNode()
              .put("script", Files.readString(file))
              .put("comment", comment)
              .put("cluster", cluster);
      if (source != null) {
        body.put("source", source);
      }
      JsonNode existing = SluiceCli.jobNamed(api, name, project);
      long id;
      JsonNode saved;
      if (existing == null) {
        body.put("name", name).put("type", "SYNC");
        if (project != null) {
          body.put("project", project);
        }
        saved = api.post("/jobs", body);
        id = saved.path("id").asLong();
      } else {
        if (!"SYNC".equals(existing.path("type").asText())) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "Job " + name + " is a " + existing.path("type").asText() + " job, not a sync");
        }
        id = existing.path("id").asLong();
        saved = api.put("/jobs/" + id, body);
      }
      String what = "saved sync job " + name + " (id " + id + ") v" + saved.path("version").asInt();
      if (!deploy) {
        root().print(out(), saved, what);
        return 0;
      }
      String from = restore != null ? restore : existing == null ? "none" : "latest";
      JsonNode job = api.post("/jobs/" + id + "/deploy", java.util.Map.of("restore", from));
      root().print(out(), job, what + "\ndeployed " + SluiceCli.describe(job));
      return 0;
    }
  }
}
