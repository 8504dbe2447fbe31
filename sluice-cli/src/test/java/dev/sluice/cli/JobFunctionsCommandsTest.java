package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFunctionsCommandsTest {
  private static final String PINS =
      "{\"version\":%d,\"functions\":[{\"name\":\"twice\",\"artifact\":\"udflib\",\"version\":%d,"
          + "\"className\":\"com.acme.Twice\",\"registeredNow\":%s}],\"upgradable\":%s}";
  @TempDir Path dir;
  private final TestServer server = new TestServer();

  @BeforeEach
  void job() {
    server.on("GET", "/jobs?name=orders", 200, "[{\"id\":12,\"name\":\"orders\"}]");
    server.on("GET", "/jobs/12", 200, "{\"id\":12,\"name\":\"orders\"}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun run(String... args) {
    return CliRun.withToken(server.url(), dir, "slc_developer", args);
  }

  @Test
  void functionsShowsThePinsAndWhatIsRegisteredNow() {
    server.on(
        "GET",
        "/jobs/12/functions",
        200,
        PINS.formatted(3, 1, "\"com.acme.Twice of udflib:2\"", "true"));

    CliRun run = run("jobs", "functions", "orders");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(server.only("GET", "/jobs/12/functions").body()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            """
            orders version 3: functions changed since; 'sluice jobs upgrade-functions orders' pins them
            FUNCTION  ARTIFACT  CLASS           REGISTERED NOW
            twice     udflib:1  com.acme.Twice  com.acme.Twice of udflib:2
            """);
  }

  @Test
  void upgradeFunctionsPostsAndShowsTheNewVersion() {
    server.on("POST", "/jobs/12/functions/upgrade", 200, PINS.formatted(4, 2, "null", "false"));

    CliRun run = run("jobs", "upgrade-functions", "12");

    assertThat(run.err()).isEmpty();
    assertThat(server.only("POST", "/jobs/12/functions/upgrade").body()).isEqualTo("{}");
    assertThat(run.out())
        .isEqualTo(
            """
            saved orders version 4: functions as registered now
            FUNCTION  ARTIFACT  CLASS           REGISTERED NOW
            twice     udflib:2  com.acme.Twice  same
            """);
  }

  @Test
  void nothingToUpgradeIsTheServersConflict() {
    server.on(
        "POST",
        "/jobs/12/functions/upgrade",
        409,
        "{\"status\":409,\"detail\":\"Version 4 already calls the functions as registered now\"}");

    CliRun run = run("jobs", "upgrade-functions", "orders");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("error: Version 4 already calls the functions as registered now\n");
  }
}
