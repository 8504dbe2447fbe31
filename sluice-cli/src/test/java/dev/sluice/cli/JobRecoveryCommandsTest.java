package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRecoveryCommandsTest {
  private static final String POLICY =
      "{\"jobId\":12,\"job\":\"orders\",\"project\":\"demo\",\"tier\":\"P1\",\"source\":\"job\","
          + "\"enabled\":true,\"restoreFrom\":\"checkpoint\",\"maxAttempts\":5,"
          + "\"initialBackoff\":\"30s\",\"maxBackoff\":\"10m\",\"stuckRestartingAfter\":\"10m\","
          + "\"restartsThreshold\":{\"count\":3,\"within\":\"30m\"},\"noCheckpointFor\":\"15m\","
          + "\"progress\":{\"phase\":\"waiting\",\"attempts\":1,\"reason\":\"The job failed\","
          + "\"episodeStartedAt\":\"2026-12-01T10:00:00Z\",\"nextAttemptAt\":\"2026-12-01T10:01:00Z\","
          + "\"lastAttemptAt\":\"2026-12-01T10:00:30Z\",\"flinkJobId\":\"f1\"}}";
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
    return CliRun.withToken(server.url(), dir, "slc_operator", args);
  }

  @Test
  void eventsAsATableNewestFirst() {
    server.on(
        "GET",
        "/jobs/12/events?limit=50",
        200,
        "{\"jobId\":12,\"job\":\"orders\",\"events\":["
            + "{\"id\":2,\"at\":\"2026-12-01T10:00:30Z\",\"scope\":\"job\",\"source\":\"recovery\","
            + "\"kind\":\"recovery.attempt\",\"seen\":\"The job failed\",\"action\":\"deployed"
            + " version 1 again\",\"outcome\":\"submitted as Flink job f2\",\"attempt\":1,"
            + "\"flinkJobId\":\"f2\"},"
            + "{\"id\":1,\"at\":\"2026-12-01T10:00:00Z\",\"scope\":\"cluster\",\"source\":\"supervisor\","
            + "\"kind\":\"taskmanager.died\",\"seen\":\"TaskManager (pid 7) is not running\","
            + "\"action\":\"starting it again in 1s\",\"outcome\":null,\"attempt\":null,"
            + "\"flinkJobId\":null}]}");

    CliRun run = run("jobs", "events", "orders");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            "orders: 2 events, newest first\n"
                + "TIME                  KIND              ATTEMPT  SEEN                                ACTION                    OUTCOME\n"
                + "2026-12-01T10:00:30Z  recovery.attempt  1        The job failed                      deployed version 1 again  submitted as Flink job f2\n"
                + "2026-12-01T10:00:00Z  taskmanager.died  -        TaskManager (pid 7) is not running  starting it again in 1s   -\n");
  }

  @Test
  void setsPolicyFieldsWithTheirJsonTypes() {
    server.on("PUT", "/jobs/12/recovery-policy", 200, POLICY);

    CliRun run =
        run(
            "jobs",
            "recovery-policy",
            "orders",
            "--set",
            "maxAttempts=5",
            "--set",
            "enabled=true",
            "--set",
            "initialBackoff=30s",
            "--set",
            "restartsThreshold.count=3",
            "--set",
            "restartsThreshold.within=30m");

    assertThat(run.err()).isEmpty();
    assertThat(server.only("PUT", "/jobs/12/recovery-policy").body())
        .isEqualTo(
            "{\"maxAttempts\":5,\"enabled\":true,\"initialBackoff\":\"30s\","
                + "\"restartsThreshold\":{\"count\":3,\"within\":\"30m\"}}");
    assertThat(run.out())
        .isEqualTo(
            "orders: recovery enabled (the job's own policy)\n"
                + "SETTING               VALUE\n"
                + "restoreFrom           checkpoint\n"
                + "maxAttempts           5\n"
                + "initialBackoff        30s\n"
                + "maxBackoff            10m\n"
                + "stuckRestartingAfter  10m\n"
                + "restartsThreshold     3 within 30m\n"
                + "noCheckpointFor       15m\n"
                + "progress: waiting, 1 attempts, next attempt at 2026-12-01T10:01:00Z\n"
                + "reason: The job failed\n");
  }
}
