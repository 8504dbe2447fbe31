package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice tokens} and {@code sluice whoami} against a real HTTP server. */
class TokensCommandTest {
  @TempDir Path config;
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun sluice(String... args) {
    return CliRun.against(server.url(), Map.of("XDG_CONFIG_HOME", config.toString()), "", args);
  }

  @Test
  void createPrintsTheNewTokenOnceWithAWarning() throws IOException {
    server.on(
        "POST",
        "/tokens",
        201,
        "{\"id\":\"9\",\"name\":\"ci\",\"username\":\"ann\",\"project\":\"demo\",\"role\":\"viewer\","
            + "\"createdAt\":\"2026-12-01T10:00:00Z\",\"expiresAt\":\"2026-12-31T10:00:00Z\","
            + "\"lastUsedAt\":null,\"revoked\":false,\"token\":\"slc_new\"}");

    CliRun run =
        sluice(
            "--token",
            "slc_ann",
            "tokens",
            "create",
            "--name",
            "ci",
            "--project",
            "demo",
            "--role",
            "viewer",
            "--expires-in-days",
            "30");

    assertThat(run.exitCode()).isZero();
    assertThat(Api.JSON.readTree(server.only("POST", "/tokens").body()))
        .isEqualTo(
            Api.JSON.readTree(
                "{\"name\":\"ci\",\"project\":\"demo\",\"role\":\"viewer\",\"expiresInDays\":30}"));
    assertThat(run.out())
        .isEqualTo(
            "created token 'ci' (id 9) for ann: project demo as viewer, expires"
                + " 2026-12-31T10:00:00Z\n\n  slc_new\n\n"
                + "Store it now: it is shown this once and never again.\n");
  }

  @Test
  void listShowsEveryonesTokensWithAll() {
    server.on(
        "GET",
        "/tokens?all=true",
        200,
        "[{\"id\":\"1\",\"name\":\"admin\",\"username\":\"admin\",\"project\":null,\"role\":null,"
            + "\"createdAt\":\"2026-12-01T10:00:00Z\",\"expiresAt\":\"2027-03-01T10:00:00Z\","
            + "\"lastUsedAt\":\"2026-12-01T11:00:00Z\",\"revoked\":false},"
            + "{\"id\":\"12\",\"name\":\"ci\",\"username\":\"ann\",\"project\":\"demo\","
            + "\"role\":\"viewer\",\"createdAt\":\"2026-12-01T10:00:00Z\","
            + "\"expiresAt\":\"2026-12-31T10:00:00Z\",\"lastUsedAt\":null,\"revoked\":true}]");

    CliRun run = sluice("--token", "slc_admin", "tokens", "list", "--all");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            ID  NAME   USER   PROJECT  ROLE    CREATED               EXPIRES               LAST USED             STATE
            1   admin  admin  -        -       2026-12-01T10:00:00Z  2027-03-01T10:00:00Z  2026-12-01T11:00:00Z  active
            12  ci     ann    demo     viewer  2026-12-01T10:00:00Z  2026-12-31T10:00:00Z  -                     revoked
            """);
  }

  @Test
  void revokeDeletesTheToken() {
    server.on("DELETE", "/tokens/12", 204, "");

    CliRun run = sluice("--token", "slc_ann", "tokens", "revoke", "12");

    assertThat(run.exitCode()).isZero();
    assertThat(server.only("DELETE", "/tokens/12").header("Authorization"))
        .isEqualTo("Bearer slc_ann");
    assertThat(run.out()).isEqualTo("revoked token 12\n");
  }

  @Test
  void whoamiShowsTheUserProjectsAndTheTokensScopeButNotItsValue() {
    server.on(
        "GET",
        "/auth/me",
        200,
        "{\"username\":\"ann\",\"admin\":true,\"projects\":[{\"project\":\"demo\",\"role\":\"owner\"},"
            + "{\"project\":\"shop\",\"role\":\"viewer\"}],\"token\":{\"id\":\"9\",\"name\":\"ci\","
            + "\"project\":\"shop\",\"role\":\"viewer\",\"expiresAt\":\"2026-12-31T10:00:00Z\"}}");

    CliRun run = sluice("--token", "slc_ci", "whoami");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "user      ann (platform admin)\n"
                + "projects  demo (owner), shop (viewer)\n"
                + "token     'ci' (id 9): project shop as viewer, expires 2026-12-31T10:00:00Z\n"
                + "sent      the token given with --token\n");
  }
}
