package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI sends and says about tokens, against a real HTTP server. */
class SluiceCliAuthenticationTest {
  @TempDir Path config;
  private TestServer server;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void start() {
    server = new TestServer().on("GET", "/jobs", 200, "[]");
    env.put("XDG_CONFIG_HOME", config.toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun sluice(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--server";
    all[1] = server.url();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.of(env, all);
  }

  private String sentAuthorization() {
    return server.only("GET", "/jobs").header("Authorization");
  }

  @Test
  void sendsTheTokenOptionAsBearerOverTheEnvironment() {
    env.put("SLUICE_TOKEN", "slc_env");

    CliRun run = sluice("--token", "slc_option", "jobs", "list");

    assertThat(run.exitCode()).isZero();
    assertThat(sentAuthorization()).isEqualTo("Bearer slc_option");
  }

  @Test
  void theTokenOptionMayFollowTheCommand() {
    CliRun run = sluice("jobs", "list", "--token", "slc_option");

    assertThat(run.exitCode()).isZero();
    assertThat(sentAuthorization()).isEqualTo("Bearer slc_option");
  }

  @Test
  void sendsTheEnvironmentsTokenOverTheSavedOne() throws IOException {
    saved(server.url(), "slc_saved");
    env.put("SLUICE_TOKEN", "slc_env");

    sluice("jobs", "list");

    assertThat(sentAuthorization()).isEqualTo("Bearer slc_env");
  }

  @Test
  void sendsTheTokenSavedForThisServerOverTheTokenFile() throws IOException {
    saved(server.url(), "slc_saved");
    localTokenFile("slc_file", server.url());

    sluice("jobs", "list");

    assertThat(sentAuthorization()).isEqualTo("Bearer slc_saved");
  }

  @Test
  void sendsTheTokenFileWhenOnlyAnotherServersTokenIsSaved() throws IOException {
    saved("http://elsewhere:8080", "slc_elsewhere");
    localTokenFile("slc_file", server.url());

    sluice("jobs", "list");

    assertThat(sentAuthorization()).isEqualTo("Bearer slc_file");
  }

  @Test
  void sendsTheTokenFileToItsServerWhateverTheTrailingSlashes() throws IOException {
    localTokenFile("slc_file", server.url() + "/");

    CliRun run = CliRun.against(server.url() + "//", env, "", "jobs", "list");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sentAuthorization()).isEqualTo("Bearer slc_file");
  }

  @Test
  void neverSendsTheLocalTokenFileToAnotherServer() throws IOException {
    Path file = localTokenFile("slc_local_admin", "http://localhost:8080");
    server.on("GET", "/jobs", 401, "{\"status\":401,\"detail\":\"Authentication required\"}");

    CliRun run = sluice("jobs", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(sentAuthorization()).isNull();
    assertThat(run.err())
        .isEqualTo(
            "error: not logged in to "
                + server.url()
                + ": no token is known for that server (the token in "
                + file
                + " (SLUICE_TOKEN_FILE) is for http://localhost:8080); log in with 'sluice login"
                + " --server "
                + server.url()
                + "' or pass a valid token with --token (or SLUICE_TOKEN)\n");
  }

  @Test
  void whoamiOnAnotherServerSaysNoTokenIsKnownForIt() throws IOException {
    localTokenFile("slc_local_admin", "http://localhost:8080");
    server.on("GET", "/auth/me", 401, "{\"status\":401,\"detail\":\"Authentication required\"}");

    CliRun run = sluice("whoami");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(server.only("GET", "/auth/me").header("Authorization")).isNull();
    assertThat(run.err())
        .startsWith(
            "error: not logged in to " + server.url() + ": no token is known for that server")
        .doesNotContain("slc_local_admin");
  }

  @Test
  void sendsNoAuthorizationWithoutAToken() {
    CliRun run = sluice("jobs", "list");

    assertThat(run.exitCode()).isZero();
    assertThat(sentAuthorization()).isNull();
  }

  @Test
  void aRefusalWithoutATokenSaysHowToLogIn() {
    server.on("GET", "/jobs", 401, "{\"status\":401,\"detail\":\"Authentication required\"}");

    CliRun run = sluice("jobs", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "error: not logged in to "
                + server.url()
                + ": no token is known for that server; log in with 'sluice login --server "
                + server.url()
                + "' or pass a valid token with --token (or SLUICE_TOKEN)\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aRefusedTokenIsNamedByItsSourceNotItsValue() throws IOException {
    server.on("GET", "/jobs", 401, "{\"status\":401,\"detail\":\"Token expired\"}");
    Path file = localTokenFile("slc_file_secret", server.url());

    CliRun run = sluice("jobs", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "error: "
                + server.url()
                + " refused the token in "
                + file
                + " (SLUICE_TOKEN_FILE) (expired, revoked or unknown): log in with 'sluice login"
                + " --server "
                + server.url()
                + "' or pass a valid token with --token (or SLUICE_TOKEN)\n");
    assertThat(run.out() + run.err()).doesNotContain("slc_file_secret");
  }

  @Test
  void aForbiddenRequestPrintsTheServersReason() {
    server.on(
        "GET",
        "/jobs",
        403,
        "{\"status\":403,\"detail\":\"Role operator on project demo needed to stop a job\"}");

    CliRun run = sluice("--token", "slc_viewer", "jobs", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "error: permission denied: Role operator on project demo needed to stop a job\n");
  }

  @Test
  void inJsonARefusalPrintsTheProblemAndTheHint() {
    server.on("GET", "/jobs", 401, "{\"status\":401,\"detail\":\"Authentication required\"}");

    CliRun run = sluice("-o", "json", "jobs", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("\"detail\" : \"Authentication required\"");
    assertThat(run.err()).startsWith("error: not logged in to " + server.url() + ": ");
  }

  private void saved(String url, String token) throws IOException {
    CredentialsFile.locate(env, "/nonexistent").save(url, token, "ann");
  }

  /** The token file the launcher names, and the URL of the server it belongs to. */
  private Path localTokenFile(String token, String url) throws IOException {
    Path file = config.resolve("admin.token");
    Files.writeString(file, token + "\n");
    env.put("SLUICE_TOKEN_FILE", file.toString());
    env.put("SLUICE_TOKEN_FILE_URL", url);
    return file;
  }
}
