package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --project} on the commands that create jobs, metric groups and debug runs. */
class ProjectOptionTest {
  private static final String JOB =
      "{\"id\":4,\"name\":\"orders\",\"project\":\"shop\",\"currentVersion\":1,\"cluster\":\"local\","
          + "\"state\":\"RUNNING\",\"desiredState\":\"RUNNING\"}";

  @TempDir Path dir;
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun sluice(String... args) {
    return CliRun.against(server.url(), Map.of("XDG_CONFIG_HOME", dir.toString()), "", args);
  }

  @Test
  void deployCreatesTheJobInTheProject() throws IOException {
    Path file = Files.writeString(dir.resolve("orders.sql"), "SELECT 1;");
    server
        .on("GET", "/jobs?project=shop", 200, "[]")
        .on("POST", "/jobs", 201, JOB)
        .on("POST", "/jobs/4/deploy", 200, JOB);

    CliRun run = sluice("--token", "slc_dev", "deploy", file.toString(), "--project", "shop");

    assertThat(run.err()).isEmpty();
    assertThat(Api.JSON.readTree(server.only("POST", "/jobs").body()).path("project").asText())
        .isEqualTo("shop");
  }

  @Test
  void deployWithoutProjectRefusesANameTwoProjectsHold() throws IOException {
    Path file = Files.writeString(dir.resolve("orders.sql"), "SELECT 1;");
    server.on(
        "GET",
        "/jobs",
        200,
        "[{\"id\":4,\"name\":\"orders\",\"project\":\"shop\"},"
            + "{\"id\":5,\"name\":\"orders\",\"project\":\"demo\"}]");

    CliRun run = sluice("--token", "slc_dev", "deploy", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "error: Jobs named 'orders' are in the projects shop, demo: choose one with --project\n");
  }

  @Test
  void metricsSaveNamesTheProjectInTheQuery() throws IOException {
    Path file = Files.writeString(dir.resolve("group.yaml"), "name: payments\n");
    server.on(
        "POST",
        "/metric-groups?comment=first+cut&project=shop",
        201,
        "{\"name\":\"payments\",\"version\":1,\"changed\":true}");

    CliRun run =
        sluice(
            "--token",
            "slc_dev",
            "metrics",
            "save",
            file.toString(),
            "--comment",
            "first cut",
            "--project",
            "shop");

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("payments version 1 saved\n");
  }

  @Test
  void aDebugRunCarriesTheProject() throws IOException {
    Path file = Files.writeString(dir.resolve("job.sql"), "SELECT 1;");
    server
        .on("POST", "/debug-runs", 201, "{\"id\":\"r1\",\"steps\":[]}")
        .on(
            "GET",
            "/debug-runs/r1",
            200,
            "{\"status\":\"FINISHED\",\"reason\":\"done\",\"steps\":[]}");

    CliRun run = sluice("--token", "slc_dev", "debug", file.toString(), "--project", "shop");

    assertThat(run.exitCode()).isZero();
    assertThat(
            Api.JSON.readTree(server.only("POST", "/debug-runs").body()).path("project").asText())
        .isEqualTo("shop");
  }
}
