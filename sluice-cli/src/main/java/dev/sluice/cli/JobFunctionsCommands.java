package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice jobs functions|upgrade-functions JOB}: the registered functions a job version is
 * pinned to, and a new version pinned to them as registered now.
 */
final class JobFunctionsCommands {
  private JobFunctionsCommands() {}

  static String text(String job, JsonNode p) {
    StringBuilder text = new StringBuilder(job + " version " + p.path("version").asInt() + ": ");
    if (p.path("functions").isEmpty()) {
      return text.append("calls no registered functions").toString();
    }
    text.append(
        p.path("upgradable").asBoolean()
            ? "functions changed since; 'sluice jobs upgrade-functions " + job + "' pins them"
            : "functions as registered now");
    Table table = new Table("FUNCTION", "ARTIFACT", "CLASS", "REGISTERED NOW");
    for (JsonNode f : p.path("functions")) {
      table.row(
          f.path("name"),
          f.path("artifact").asText() + ":" + f.path("version").asInt(),
          f.path("className"),
          f.hasNonNull("registeredNow") ? f.path("registeredNow").asText() : "same");
    }
    return text.append('\n').append(table).toString();
  }

  @Command(
      name = "functions",
      description = "The artifact versions the current job version's functions are pinned to.")
  static final class Functions extends SluiceCli.Jobs.JobCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    @Override
    public Integer call() {
      Api api = root().api();
      JsonNode j = SluiceCli.findJob(api, job);
      JsonNode p = api.get("/jobs/" + j.path("id").asLong() + "/functions");
      root().print(out(), p, text(j.path("name").asText(), p));
      return 0;
    }
  }

  @Command(
      name = "upgrade-functions",
      description =
          "Save the current script again as a new version pinned to the functions as registered"
              + " now (deploy it to run them).")
  static final class UpgradeFunctions extends SluiceCli.Jobs.JobCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    @Override
    public Integer call() {
      Api api = root().api();
      JsonNode j = SluiceCli.findJob(api, job);
      JsonNode p =
          api.post("/jobs/" + j.path("id").asLong() + "/functions/upgrade", java.util.Map.of());
      root().print(out(), p, "saved " + text(j.path("name").asText(), p));
      return 0;
    }
  }
}
