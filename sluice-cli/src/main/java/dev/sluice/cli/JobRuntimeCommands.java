package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice jobs vertices|checkpoints|exceptions JOB}: what the cluster knows of a job's
 * running Flink job, as tables ({@code --output json} for the server's answer).
 */
final class JobRuntimeCommands {
  private JobRuntimeCommands() {}

  @Command(
      name = "vertices",
      description =
          "The running job's vertices: parallelism, state, records in and out per second, busy,"
              + " back-pressured and idle time, and the statement each belongs to.")
  static final class Vertices extends SluiceCli.Jobs.JobCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    @Override
    public Integer call() {
      Api api = root().api();
      JsonNode v =
          api.get("/jobs/" + SluiceCli.findJob(api, job).path("id").asLong() + "/vertices");
      StringBuilder text = new StringBuilder(header(v));
      if (!v.path("vertices").isEmpty()) {
        Table table =
            new Table(
                "VERTEX",
                "P",
                "STATUS",
                "IN/S",
                "OUT/S",
                "BUSY%",
                "BACKPRESSURE%",
                "IDLE%",
                "STATEMENT");
        for (JsonNode x : v.path("vertices")) {
          table.row(
              x.path("name"),
              x.path("parallelism"),
              x.path("status"),
              number(x.path("recordsInPerSecond")),
              number(x.path("recordsOutPerSecond")),
              number(x.path("busyPercent")),
              number(x.path("backpressuredPercent")),
              number(x.path("idlePercent")),
              x.path("statement"));
        }
        text.append('\n').append(table);
      }
      root().print(out(), v, text.toString());
      return 0;
    }
  }

  @Command(
      name = "checkpoints",
      description =
          "The running job's checkpoint counts and the checkpoints its cluster remembers, newest"
              + " first.")
  static final class Checkpoints extends SluiceCli.Jobs.JobCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    @Override
    public Integer call() {
      Api api = root().api();
      JsonNode c =
          api.get("/jobs/" + SluiceCli.findJob(api, job).path("id").asLong() + "/checkpoints");
      StringBuilder text = new StringBuilder(header(c));
      if (!c.path("state").isNull()) {
        JsonNode n = c.path("counts");
        text.append(
            String.format(
                "%n%d completed, %d failed, %d in progress, %d restored",
                n.path("completed").asLong(),
                n.path("failed").asLong(),
                n.path("inProgress").asLong(),
                n.path("restored").asLong()));
        JsonNode failed = c.path("latest").path("failed");
        if (failed.isObject()) {
          text.append("\nlatest failed: ")
              .append(failed.path("id").asLong())
              .append(" at ")
              .append(time(failed.path("failureTimestamp")))
              .append(": ")
              .append(Table.cell(failed.path("failureMessage")));
        }
        JsonNode restored = c.path("latest").path("restored");
        if (restored.isObject()) {
          text.append("\nrestored from: ").append(Table.cell(restored.path("externalPath")));
        }
      }
      if (!c.path("history").isEmpty()) {
        Table table =
            new Table(
                "ID", "STATUS", "TYPE", "TRIGGERED", "DURATION", "STATE SIZE", "CHECKPOINTED");
        for (JsonNode x : c.path("history")) {
          table.row(
              x.path("id"),
              x.path("status"),
              x.path("checkpointType"),
              time(x.path("triggerTimestamp")),
              x.path("endToEndDurationMs").isNumber()
                  ? x.path("endToEndDurationMs").asLong() + " ms"
                  : null,
              bytes(x.path("stateSizeBytes")),
              bytes(x.path("checkpointedSizeBytes")));
        }
        text.append('\n').append(table);
      }
      root().print(out(), c, text.toString());
      return 0;
    }
  }

  @Command(
      name = "exceptions",
      description = "Why the job's Flink job failed or restarted: its root cause and history.")
  static final class Exceptions extends SluiceCli.Jobs.JobCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    @Option(names = "--max", defaultValue = "20", description = "how many, 1-100 (default 20)")
    int max;

    @Override
    public Integer call() {
      Api api = root().api();
      JsonNode e =
          api.get(
              "/jobs/"
                  + SluiceCli.findJob(api, job).path("id").asLong()
                  + "/exceptions?maxExceptions="
                  + max);
      StringBuilder text = new StringBuilder(header(e));
      JsonNode root = e.path("rootCause");
      if (!e.path("state").isNull()) {
        if (root.isObject()) {
          text.append("\nroot cause: ").append(Table.cell(root.path("cause")));
          if (root.hasNonNull("taskName")) {
            text.append(" in ").append(root.path("taskName").asText());
          }
          if (root.hasNonNull("location")) {
            text.append(" on ").append(root.path("location").asText());
          }
          text.append(" at ").append(time(root.path("timestamp")));
          text.append('\n').append(root.path("stacktrace").asText(""));
        } else {
          text.append("\nno exceptions");
        }
      }
      if (!e.path("history").isEmpty()) {
        Table table = new Table("TIME", "EXCEPTION", "CAUSE", "TASK");
        for (JsonNode x : e.path("history")) {
          table.row(
              time(x.path("timestamp")),
              x.path("exceptionName"),
              x.path("cause"),
              x.path("taskName"));
        }
        text.append('\n').append(table);
        if (e.path("truncated").asBoolean()) {
          text.append("\n(the cluster has more; see --max)");
        }
      }
      root().print(out(), e, text.toString());
      return 0;
    }
  }

  /** {@code orders: Flink job <id> RUNNING}, or that there is no Flink job to show. */
  static String header(JsonNode view) {
    String job = view.path("job").asText();
    if (view.path("flinkJobId").isNull()) {
      return job + ": not deployed";
    }
    if (view.path("state").isNull()) {
      return job
          + ": not running (the cluster does not know Flink job "
          + view.path("flinkJobId").asText()
          + ")";
    }
    return job
        + ": Flink job "
        + view.path("flinkJobId").asText()
        + " "
        + view.path("state").asText();
  }

  private static String number(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%.1f", n.asDouble()) : null;
  }

  private static String time(JsonNode epochMillis) {
    return epochMillis.isNumber() ? Instant.ofEpochMilli(epochMillis.asLong()).toString() : null;
  }

  private static String bytes(JsonNode n) {
    return n.isNumber() ? n.asLong() + " B" : null;
  }
}
