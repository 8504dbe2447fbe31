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
 * {@code sluice jobs events JOB} and {@code sluice jobs recovery-policy JOB [--set k=v ...]}: what
 * the platform saw and did about a job, and the policy it recovers the job by.
 */
final class JobRecoveryCommands {
  private JobRecoveryCommands() {}

  @Command(
      name = "events",
      description =
          "What the platform saw and did about the job, newest first: recovery attempts and the"
              + " local cluster's restarted processes.")
  static final class Events extends SluiceCli.Jobs.JobCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    @Option(names = "--limit", defaultValue = "50", description = "how many, 1-1000 (default 50)")
    int limit;

    @Override
    public Integer call() {
      Api api = root().api();
      long id = SluiceCli.findJob(api, job).path("id").asLong();
      JsonNode e = api.get("/jobs/" + id + "/events?limit=" + limit);
      StringBuilder text = new StringBuilder(e.path("job").asText()).append(": ");
      if (e.path("events").isEmpty()) {
        text.append("no events");
      } else {
        text.append(e.path("events").size()).append(" events, newest first\n");
        Table table = new Table("TIME", "KIND", "ATTEMPT", "SEEN", "ACTION", "OUTCOME");
        for (JsonNode x : e.path("events")) {
          table.row(
              x.path("at"),
              x.path("kind"),
              x.path("attempt"),
              x.path("seen"),
              x.path("action"),
              x.path("outcome"));
        }
        text.append(table);
      }
      root().print(out(), e, text.toString().stripTrailing());
      return 0;
    }
  }

  @Command(
      name = "recovery-policy",
      description =
          "The job's recovery policy (its own or its tier's) and where it stands; --set changes"
              + " fields, e.g. --set maxAttempts=5 --set initialBackoff=30s"
              + " --set restartsThreshold.count=3.")
  static final class Policy extends SluiceCli.Jobs.JobCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description =
            "enabled, restoreFrom (checkpoint|savepoint), maxAttempts, initialBackoff, maxBackoff,"
                + " stuckRestartingAfter, restartsThreshold.count, restartsThreshold.within,"
                + " noCheckpointFor")
    List<String> set = new ArrayList<>();

    @Override
    public Integer call() {
      Api api = root().api();
      long id = SluiceCli.findJob(api, job).path("id").asLong();
      String path = "/jobs/" + id + "/recovery-policy";
      JsonNode p = set.isEmpty() ? api.get(path) : api.put(path, body(set));
      root().print(out(), p, describe(p));
      return 0;
    }

    static Map<String, Object> body(List<String> settings) {
      Map<String, Object> body = new LinkedHashMap<>();
      Map<String, Object> threshold = new LinkedHashMap<>();
      for (String s : settings) {
        int eq = s.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("--set takes KEY=VALUE (got '" + s + "')");
        }
        String key = s.substring(0, eq).trim();
        String value = s.substring(eq + 1).trim();
        if (key.startsWith("restartsThreshold.")) {
          String k = key.substring("restartsThreshold.".length());
          threshold.put(k, k.equals("count") ? number(value) : value);
        } else {
          body.put(
              key,
              switch (key) {
                case "enabled" -> bool(value);
                case "maxAttempts" -> number(value);
                default -> value;
              });
        }
      }
      if (!threshold.isEmpty()) {
        body.put("restartsThreshold", threshold);
      }
      return body;
    }

    /** A number as a number; anything else as given, for the server to name the field. */
    static Object number(String value) {
      return value.matches("-?\\d{1,9}") ? Integer.parseInt(value) : value;
    }

    static Object bool(String value) {
      return switch (value) {
        case "true" -> true;
        case "false" -> false;
        default -> value;
      };
    }

    static String describe(JsonNode p) {
      JsonNode t = p.path("restartsThreshold");
      JsonNode g = p.path("progress");
      StringBuilder s =
          new StringBuilder(p.path("job").asText())
              .append(": recovery ")
              .append(p.path("enabled").asBoolean() ? "enabled" : "disabled")
              .append(" (")
              .append(
                  p.path("source").asText().equals("job")
                      ? "the job's own policy"
                      : "the default of tier " + p.path("tier").asText())
              .append(")\n");
      Table table = new Table("SETTING", "VALUE");
      table.row("restoreFrom", p.path("restoreFrom"));
      table.row("maxAttempts", p.path("maxAttempts"));
      table.row("initialBackoff", p.path("initialBackoff"));
      table.row("maxBackoff", p.path("maxBackoff"));
      table.row("stuckRestartingAfter", p.path("stuckRestartingAfter"));
      table.row(
          "restartsThreshold", t.path("count").asText() + " within " + t.path("within").asText());
      table.row("noCheckpointFor", p.path("noCheckpointFor"));
      s.append(table).append('\n');
      s.append("progress: ").append(g.path("phase").asText());
      if (g.path("attempts").asInt() > 0) {
        s.append(", ").append(g.path("attempts").asInt()).append(" attempts");
      }
      if (g.hasNonNull("nextAttemptAt")) {
        s.append(", next attempt at ").append(g.path("nextAttemptAt").asText());
      }
      if (g.hasNonNull("reason")) {
        s.append("\nreason: ").append(g.path("reason").asText());
      }
      return s.toString();
    }
  }
}
