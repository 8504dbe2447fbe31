package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice login} and {@code sluice logout} against a real HTTP server. */
class LoginCommandTest {
  private static final String ME =
      "{\"username\":\"ann\",\"admin\":false,\"projects\":[{\"project\":\"demo\",\"role\":\"developer\"}],"
          + "\"token\":null}";
  private static final String ME_WITH_TOKEN =
      "{\"username\":\"ann\",\"admin\":false,\"projects\":[{\"project\":\"demo\",\"role\":\"developer\"}],"
          + "\"token\":{\"id\":\"7\",\"name\":\"laptop\",\"project\":null,\"role\":null,"
          + "\"expiresAt\":\"2027-03-01T10:00:00Z\"}}";

  @TempDir Path config;
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> env() {
    return Map.of("XDG_CONFIG_HOME", config.toString());
  }

  private CredentialsFile credentials() {
    return CredentialsFile.locate(env(), "/nonexistent");
  }

  @Test
  void aPasswordLoginCreatesATokenInItsSessionAndSavesItForTheServer() throws IOException {
    // localhost, as the default server URL is: the session cookies must come back to it too.
    String url = "http://localhost:" + server.port();
    server
        .on(
            "POST",
            "/auth/login",
            200,
            ME,
            "Set-Cookie",
            "SESSION=s1; Path=/; HttpOnly",
            "Set-Cookie",
            "XSRF-TOKEN=x1; Path=/")
        .on(
            "POST",
            "/tokens",
            201,
            "{\"id\":\"7\",\"name\":\"laptop\",\"username\":\"ann\",\"project\":null,\"role\":null,"
                + "\"createdAt\":\"2026-12-01T10:00:00Z\",\"expiresAt\":\"2027-03-01T10:00:00Z\","
                + "\"lastUsedAt\":null,\"revoked\":false,\"token\":\"slc_created\"}")
        .on("POST", "/auth/logout", 204, "")
        .on("GET", "/auth/me", 200, ME_WITH_TOKEN);

    CliRun run =
        CliRun.against(
            url,
            env(),
            "pass word\n",
            "login",
            "--user",
            "ann",
            "--password-stdin",
            "--name",
            "laptop");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    TestServer.Request login = server.only("POST", "/auth/login");
    assertThat(Api.JSON.readTree(login.body()))
        .isEqualTo(Api.JSON.readTree("{\"username\":\"ann\",\"password\":\"pass word\"}"));
    assertThat(login.header("Authorization")).isNull();
    TestServer.Request create = server.only("POST", "/tokens");
    assertThat(create.header("X-XSRF-TOKEN")).isEqualTo("x1");
    assertThat(create.header("Cookie")).contains("SESSION=s1").contains("XSRF-TOKEN=x1");
    assertThat(create.header("Authorization")).isNull();
    assertThat(Api.JSON.readTree(create.body()).path("name").asText()).isEqualTo("laptop");
    assertThat(server.only("POST", "/auth/logout").header("X-XSRF-TOKEN")).isEqualTo("x1");
    assertThat(server.only("GET", "/auth/me").header("Authorization"))
        .isEqualTo("Bearer slc_created");
    assertThat(credentials().token(url + "/")).contains("slc_created");
    assertThat(run.out())
        .isEqualTo(
            "logged in to "
                + url
                + " as ann\ntoken 'laptop' (id 7): all of the user's rights, expires"
                + " 2027-03-01T10:00:00Z\nsaved in "
                + credentials().path()
                + "\n");
  }

  @Test
  void aWrongPasswordSavesNothing() {
    server.on("POST", "/auth/login", 401, "{\"status\":401,\"detail\":\"Bad credentials\"}");

    CliRun run =
        CliRun.against(
            server.url(), env(), "wrong\n", "login", "--user", "ann", "--password-stdin");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("error: " + server.url() + " refused the user name or password of 'ann'\n");
    assertThat(Files.exists(credentials().path())).isFalse();
  }

  @Test
  void aGivenTokenIsCheckedThenSaved() throws IOException {
    server.on("GET", "/auth/me", 200, ME_WITH_TOKEN);

    CliRun run = CliRun.against(server.url(), env(), "", "login", "--token", "slc_given");

    assertThat(run.exitCode()).isZero();
    assertThat(server.only("GET", "/auth/me").header("Authorization"))
        .isEqualTo("Bearer slc_given");
    assertThat(credentials().token(server.url())).contains("slc_given");
    assertThat(run.out()).doesNotContain("slc_given");
    JsonNode saved = Api.JSON.readTree(Files.readString(credentials().path()));
    assertThat(saved.path(server.url()).path("username").asText()).isEqualTo("ann");
  }

  @Test
  void aRefusedTokenIsNotSaved() {
    server.on("GET", "/auth/me", 401, "{\"status\":401,\"detail\":\"Token revoked\"}");

    CliRun run = CliRun.against(server.url(), env(), "", "login", "--token", "slc_revoked");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "error: "
                + server.url()
                + " refused the token (expired, revoked or unknown); nothing was saved\n");
    assertThat(Files.exists(credentials().path())).isFalse();
  }

  @Test
  void logoutRevokesTheSavedTokenAndForgetsItKeepingOtherServers() throws IOException {
    credentials().save(server.url(), "slc_saved", "ann");
    credentials().save("http://elsewhere:8080", "slc_other", "ann");
    server.on("GET", "/auth/me", 200, ME_WITH_TOKEN).on("DELETE", "/tokens/7", 204, "");

    CliRun run = CliRun.against(server.url(), env(), "", "logout");

    assertThat(run.exitCode()).isZero();
    assertThat(server.only("DELETE", "/tokens/7").header("Authorization"))
        .isEqualTo("Bearer slc_saved");
    assertThat(credentials().token(server.url())).isEmpty();
    assertThat(credentials().token("http://elsewhere:8080")).contains("slc_other");
    assertThat(run.out())
        .isEqualTo(
            "logged out of "
                + server.url()
                + " (token revoked); removed from "
                + credentials().path()
                + "\n");
  }

  @Test
  void logoutForgetsATokenTheServerNoLongerTakes() throws IOException {
    credentials().save(server.url(), "slc_expired", "ann");
    server.on("GET", "/auth/me", 401, "{\"status\":401,\"detail\":\"Token expired\"}");

    CliRun run = CliRun.against(server.url(), env(), "", "logout");

    assertThat(run.exitCode()).isZero();
    assertThat(credentials().token(server.url())).isEmpty();
    assertThat(run.out()).contains("(the token no longer worked)");
  }
}
