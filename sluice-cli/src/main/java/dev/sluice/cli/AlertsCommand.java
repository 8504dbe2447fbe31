package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice alerts}: alerts, their rules and silences. */
@Command(
    name = "alerts",
    description = "Alerts (firing, pending, recently resolved), alert rules and silences.",
    subcommands = {
      AlertsCommand.List.class,
      AlertsCommand.Rules.class,
      AlertsCommand.SilenceAlerts.class,
      AlertsCommand.Silences.class,
      AlertsCommand.Unsilence.class
    })
final class AlertsCommand {
  @CommandLine.ParentCommand SluiceCli root;

  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand AlertsCommand alerts;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    SluiceCli root() {
      return alerts.root;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  static String query(String... namesAndValues) {
    java.util.List<String> query = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        query.add(namesAndValues[i] + "=" + Api.query(namesAndValues[i + 1]));
      }
    }
    return query.isEmpty() ? "" : "?" + String.join("&", query);
  }

  @Command(name = "list", description = "Firing and pending alerts, and those resolved today.")
  static final class List extends Sub {
    @Option(names = "--state", description = "firing, pending or resolved")
    String state;

    @Option(names = "--job", description = "only this job's alerts")
    String job;

    @Option(names = "--project", description = "only this project's alerts")
    String project;

    @Override
    public Integer call() {
      JsonNode list =
          root().api().get("/alerts" + query("state", state, "job", job, "project", project));
      Table table =
          new Table("ID", "STATE", "RULE", "SEVERITY", "JOB", "VERTEX", "VALUE", "SINCE", "MUTED");
      for (JsonNode a : list) {
        table.row(
            a.path("id"),
            a.path("state"),
            a.path("rule"),
            a.path("severity"),
            a.path("job"),
            a.path("vertex"),
            a.path("value"),
            a.path("since"),
            a.path("suppressed"));
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(
      name = "rules",
      description = "Alert rules: list, create or update from a JSON file, delete, defaults.",
      subcommands = {
        Rules.ListRules.class,
        Rules.Create.class,
        Rules.Update.class,
        Rules.Delete.class,
        Rules.Defaults.class
      })
  static final class Rules {
    @CommandLine.ParentCommand AlertsCommand alerts;

    abstract static class RuleSub implements Callable<Integer> {
      @CommandLine.ParentCommand Rules rules;
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      SluiceCli root() {
        return rules.alerts.root;
      }

      PrintWriter out() {
        return spec.commandLine().getOut();
      }

      static ObjectNode read(Path file, String project) throws IOException {
        JsonNode body = Api.JSON.readTree(Files.readString(file));
        if (!(body instanceof ObjectNode o)) {
          throw new IllegalArgumentException(file + " is not a JSON object");
        }
        if (project != null) {
          o.put("project", project);
        }
        return o;
      }

      String describe(JsonNode r) {
        return r.path("name").asText()
            + " (id "
            + r.path("id").asText()
            + ", project "
            + r.path("project").asText()
            + "): "
            + r.path("summary").asText();
      }
    }

    @Command(name = "list", description = "The rules of the projects you may read.")
    static final class ListRules extends RuleSub {
      @Option(names = "--project", description = "only this project's rules")
      String project;

      @Override
      public Integer call() {
        JsonNode list = root().api().get("/alert-rules" + query("project", project));
        Table table =
            new Table("ID", "NAME", "PROJECT", "WATCHES", "SEVERITY", "CONDITIONS", "CHANNELS");
        for (JsonNode r : list) {
          String watches =
              r.hasNonNull("job")
                  ? "job " + r.path("job").asText()
                  : r.hasNonNull("tier") ? "tier " + r.path("tier").asText() : "all jobs";
          java.util.List<String> channels = new ArrayList<>();
          r.path("channels").forEach(c -> channels.add(c.asText()));
          table.row(
              r.path("id"),
              r.path("name"),
              r.path("project"),
              watches,
              r.hasNonNull("severity") ? r.path("severity").asText() : "job's tier",
              r.path("summary"),
              r.path("channels").isArray()
                  ? channels.isEmpty() ? "-" : String.join(",", channels)
                  : "severity's");
        }
        root().print(out(), list, table.toString());
        return 0;
      }
    }

    @Command(
        name = "create",
        description =
            "Create a rule from a JSON file: {\"name\", \"job\"?, \"for\", \"conditions\": [...],"
                + " \"channels\": [...]} or {\"template\": \"job_failed\", ...}.")
    static final class Create extends RuleSub {
      @Option(names = "--file", required = true, paramLabel = "rule.json")
      Path file;

      @Option(names = "--project", description = "the rule's project (else the file's, the job's)")
      String project;

      @Override
      public Integer call() throws IOException {
        JsonNode r = root().api().post("/alert-rules", read(file, project));
        root().print(out(), r, "created rule " + describe(r));
        return 0;
      }
    }

    @Command(name = "update", description = "Replace a rule's definition with a JSON file's.")
    static final class Update extends RuleSub {
      @Parameters(paramLabel = "NAME", description = "the rule's name or id")
      String name;

      @Option(names = "--file", required = true, paramLabel = "rule.json")
      Path file;

      @Option(names = "--project", description = "the rule's project, if two have its name")
      String project;

      @Override
      public Integer call() throws IOException {
        JsonNode r =
            root()
                .api()
                .put(
                    "/alert-rules/" + Api.segment(name) + query("project", project),
                    read(file, null));
        root().print(out(), r, "updated rule " + describe(r));
        return 0;
      }
    }

    @Command(name = "delete", description = "Delete a rule and its alerts.")
    static final class Delete extends RuleSub {
      @Parameters(paramLabel = "NAME", description = "the rule's name or id")
      String name;

      @Option(names = "--project", description = "the rule's project, if two have its name")
      String project;

      @Override
      public Integer call() {
        root().api().delete("/alert-rules/" + Api.segment(name) + query("project", project));
        root()
            .print(out(), Api.JSON.createObjectNode().put("deleted", name), "deleted rule " + name);
        return 0;
      }
    }

    @Command(
        name = "defaults",
        description =
            "Create the tiers' default rules a project lacks: P0 and P1 jobs failed, restarting"
                + " for 2m.")
    static final class Defaults extends RuleSub {
      @Option(names = "--project", description = "the project (default: your only one, or demo)")
      String project;

      @Option(names = "--channel", paramLabel = "NAME", description = "a channel (repeatable)")
      java.util.List<String> channels = new ArrayList<>();

      @Override
      public Integer call() {
        ObjectNode body = Api.JSON.createObjectNode();
        if (project != null) {
          body.put("project", project);
        }
        if (!channels.isEmpty()) { // else the channels of each rule's severity
          channels.forEach(body.putArray("channels")::add);
        }
        JsonNode r = root().api().post("/alert-rules/defaults", body);
        StringBuilder text = new StringBuilder();
        r.path("created")
            .forEach(c -> text.append("created rule ").append(describe(c)).append('\n'));
        r.path("existing")
            .forEach(n -> text.append("kept rule ").append(n.asText()).append(" (exists)\n"));
        root().print(out(), r, text.toString().stripTrailing());
        return 0;
      }
    }
  }

  @Command(
      name = "silence",
      description = "Silence alerts for a while: they still change state but send nothing.")
  static final class SilenceAlerts extends Sub {
    @Option(names = "--job", description = "the job whose alerts to silence")
    String job;

    @Option(names = "--rule", description = "only this rule's alerts")
    String rule;

    @Option(names = "--severity", description = "only alerts of this severity (P0, P1, P2)")
    String severity;

    @Option(names = "--for", required = true, paramLabel = "DURATION", description = "e.g. 2h")
    String duration;

    @Option(names = "--comment", required = true, description = "why")
    String comment;

    @Option(names = "--project", description = "the project (when no --job says it)")
    String project;

    @Override
    public Integer call() {
      ObjectNode body = Api.JSON.createObjectNode();
      ObjectNode matchers = body.putObject("matchers");
      if (job != null) {
        matchers.put("job", job);
      }
      if (rule != null) {
        matchers.put("rule", rule);
      }
      if (severity != null) {
        matchers.put("severity", severity);
      }
      body.put("for", duration);
      body.put("comment", comment);
      if (project != null) {
        body.put("project", project);
      }
      JsonNode s = root().api().post("/silences", body);
      root()
          .print(
              out(),
              s,
              "silence "
                  + s.path("id").asText()
                  + " in project "
                  + s.path("project").asText()
                  + " mutes "
                  + s.path("matchers")
                  + " until "
                  + s.path("endsAt").asText());
      return 0;
    }
  }

  @Command(name = "silences", description = "Active and future silences.")
  static final class Silences extends Sub {
    @Option(names = "--all", description = "ended ones too")
    boolean all;

    @Option(names = "--project", description = "only this project's silences")
    String project;

    @Override
    public Integer call() {
      JsonNode list =
          root().api().get("/silences" + query("project", project, "all", all ? "true" : null));
      Table table =
          new Table("ID", "PROJECT", "MATCHERS", "STARTS", "ENDS", "ACTIVE", "AUTHOR", "COMMENT");
      for (JsonNode s : list) {
        table.row(
            s.path("id"),
            s.path("project"),
            s.path("matchers"),
            s.path("startsAt"),
            s.path("endsAt"),
            s.path("active").asBoolean() ? "yes" : "no",
            s.path("author"),
            s.path("comment"));
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(name = "unsilence", description = "End a silence now.")
  static final class Unsilence extends Sub {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      root().api().delete("/silences/" + Api.segment(id));
      root().print(out(), Api.JSON.createObjectNode().put("deleted", id), "ended silence " + id);
      return 0;
    }
  }
}
