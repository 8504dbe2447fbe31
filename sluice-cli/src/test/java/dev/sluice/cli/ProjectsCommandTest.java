package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectsCommandTest {
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
  void grantPutsTheRoleOfTheMember() throws IOException {
    server.on(
        "PUT", "/projects/shop/members/bob", 200, "{\"username\":\"bob\",\"role\":\"operator\"}");

    CliRun run = sluice("--token", "slc_owner", "projects", "grant", "shop", "bob", "operator");

    assertThat(run.exitCode()).isZero();
    assertThat(Api.JSON.readTree(server.only("PUT", "/projects/shop/members/bob").body()))
        .isEqualTo(Api.JSON.readTree("{\"role\":\"operator\"}"));
    assertThat(run.out()).isEqualTo("bob is operator of shop\n");
  }

  @Test
  void revokeDeletesTheMember() {
    server.on("DELETE", "/projects/shop/members/bob", 204, "");

    CliRun run = sluice("--token", "slc_owner", "projects", "revoke", "shop", "bob");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("bob is no longer a member of shop\n");
  }

  @Test
  void createSendsTheDescription() throws IOException {
    server.on(
        "POST",
        "/projects",
        201,
        "{\"name\":\"shop\",\"description\":\"Orders and payments\",\"members\":[]}");

    CliRun run =
        sluice(
            "--token",
            "slc_admin",
            "projects",
            "create",
            "shop",
            "--description",
            "Orders and payments");

    assertThat(run.exitCode()).isZero();
    assertThat(Api.JSON.readTree(server.only("POST", "/projects").body()))
        .isEqualTo(
            Api.JSON.readTree("{\"name\":\"shop\",\"description\":\"Orders and payments\"}"));
    assertThat(run.out()).isEqualTo("created project shop\n");
  }

  @Test
  void showListsTheMembers() {
    server.on(
        "GET",
        "/projects/shop",
        200,
        "{\"name\":\"shop\",\"description\":\"Orders\",\"members\":[{\"username\":\"ann\","
            + "\"role\":\"owner\"},{\"username\":\"bob\",\"role\":\"viewer\"}]}");

    CliRun run = sluice("--token", "slc_ann", "projects", "show", "shop");

    assertThat(run.out())
        .isEqualTo(
            """
            shop: Orders
            MEMBER  ROLE
            ann     owner
            bob     viewer
            """);
  }

  @Test
  void aProjectTheCallerCannotReadIsNotFound() {
    server.on(
        "GET",
        "/projects/secret",
        404,
        "{\"status\":404,\"detail\":\"No project named 'secret'\"}");

    CliRun run = sluice("--token", "slc_ann", "projects", "show", "secret");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: No project named 'secret'\n");
  }
}
