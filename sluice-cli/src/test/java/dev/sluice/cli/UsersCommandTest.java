package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersCommandTest {
  @TempDir Path config;
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun sluice(String stdin, String... args) {
    return CliRun.against(server.url(), Map.of("XDG_CONFIG_HOME", config.toString()), stdin, args);
  }

  @Test
  void createPrintsThePasswordTheServerGenerated() throws IOException {
    server.on(
        "POST",
        "/users",
        201,
        "{\"username\":\"bob\",\"admin\":false,\"createdAt\":\"2026-12-01T10:00:00Z\","
            + "\"password\":\"gen-Erated-1\"}");

    CliRun run = sluice("", "--token", "slc_admin", "users", "create", "bob");

    assertThat(run.exitCode()).isZero();
    assertThat(Api.JSON.readTree(server.only("POST", "/users").body()))
        .isEqualTo(Api.JSON.readTree("{\"username\":\"bob\",\"admin\":false}"));
    assertThat(run.out())
        .isEqualTo(
            "created user bob\n\n  password: gen-Erated-1\n\n"
                + "Pass it on now: it is shown this once and never again.\n");
  }

  @Test
  void createSendsThePasswordFromStdinAndPrintsNone() throws IOException {
    server.on(
        "POST",
        "/users",
        201,
        "{\"username\":\"eve\",\"admin\":true,\"createdAt\":\"2026-12-01T10:00:00Z\"}");

    CliRun run =
        sluice(
            "s3cret pass\n",
            "--token",
            "slc_admin",
            "users",
            "create",
            "eve",
            "--admin",
            "--password-stdin");

    assertThat(run.exitCode()).isZero();
    assertThat(Api.JSON.readTree(server.only("POST", "/users").body()))
        .isEqualTo(
            Api.JSON.readTree(
                "{\"username\":\"eve\",\"admin\":true,\"password\":\"s3cret pass\"}"));
    assertThat(run.out()).isEqualTo("created user eve (platform admin)\n");
  }

  @Test
  void disableDeletesTheUserByAnEscapedName() {
    server.on("DELETE", "/users/ann%20lee", 204, "");

    CliRun run = sluice("", "--token", "slc_admin", "users", "disable", "ann lee");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("disabled user ann lee; their tokens no longer work\n");
  }

  @Test
  void listIsATable() {
    server.on(
        "GET",
        "/users",
        200,
        "[{\"username\":\"admin\",\"admin\":true,\"createdAt\":\"2026-12-01T10:00:00Z\","
            + "\"disabled\":false},{\"username\":\"bob\",\"admin\":false,"
            + "\"createdAt\":\"2026-12-02T10:00:00Z\",\"disabled\":true}]");

    CliRun run = sluice("", "--token", "slc_admin", "users", "list");

    assertThat(run.out())
        .isEqualTo(
            """
            USER   ADMIN  CREATED               STATE
            admin  yes    2026-12-01T10:00:00Z  active
            bob    no     2026-12-02T10:00:00Z  disabled
            """);
  }
}
