package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingPolicyCommandTest {
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

  @Test
  void setsFieldsAndTheScheduleWithTheirJsonTypes() {
    server.on(
        "PUT",
        "/jobs/12/scaling-policy",
        200,
        "{\"jobId\":12,\"job\":\"orders\",\"source\":\"job\",\"auto\":true,\"minParallelism\":1,"
            + "\"maxParallelism\":8,\"coolDown\":\"10m\",\"scaleDownDelay\":\"30m\","
            + "\"utilization\":0.6,\"catchUp\":\"5m\",\"zone\":\"UTC\","
            + "\"schedule\":[{\"from\":\"08:00\",\"to\":\"20:00\",\"parallelism\":4}],"
            + "\"lastScaledAt\":null,\"scaleDownSince\":null}");

    CliRun run =
        CliRun.withToken(
            server.url(),
            dir,
            "slc_operator",
            "jobs",
            "scaling-policy",
            "orders",
            "--set",
            "auto=true",
            "--set",
            "maxParallelism=8",
            "--set",
            "utilization=0.6",
            "--window",
            "08:00-20:00=4");

    assertThat(run.err()).isEmpty();
    assertThat(server.only("PUT", "/jobs/12/scaling-policy").body())
        .isEqualTo(
            "{\"auto\":true,\"maxParallelism\":8,\"utilization\":0.6,"
                + "\"schedule\":[{\"from\":\"08:00\",\"to\":\"20:00\",\"parallelism\":4}]}");
    assertThat(run.out())
        .isEqualTo(
            "orders: automatic scaling on (the job's own policy)\n"
                + "SETTING         VALUE\n"
                + "parallelism     1-8\n"
                + "coolDown        10m\n"
                + "scaleDownDelay  30m\n"
                + "utilization     0.6\n"
                + "catchUp         5m\n"
                + "zone            UTC\n"
                + "08:00-20:00: default parallelism 4\n");
  }
}
