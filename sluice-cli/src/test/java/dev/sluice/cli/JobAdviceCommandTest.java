package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobAdviceCommandTest {
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
  void showsEachVertexWithItsReasonAndHowToApply() {
    server.on(
        "GET",
        "/jobs/12/advice?utilization=0.6",
        200,
        "{\"job\":\"orders\",\"jobId\":12,\"targetUtilization\":0.6,\"catchUp\":\"5m\","
            + "\"changes\":true,\"vertices\":["
            + "{\"id\":\"a1\",\"name\":\"Source: gen\",\"parallelism\":1,"
            + "\"recommendedParallelism\":1,\"busyPercent\":0.0,\"backpressuredPercent\":95.0,"
            + "\"inputRate\":2000.0,\"action\":\"keep\",\"reason\":\"It waits.\"},"
            + "{\"id\":\"b2\",\"name\":\"GroupAggregate\",\"parallelism\":1,"
            + "\"recommendedParallelism\":2,\"busyPercent\":100.0,\"backpressuredPercent\":0.0,"
            + "\"inputRate\":2000.0,\"action\":\"scale-up\",\"reason\":\"Busy 100%.\"}],"
            + "\"taskManagers\":[{\"taskManager\":\"tm-1\",\"action\":\"keep\","
            + "\"reason\":\"Enough memory.\"}]}");

    CliRun run = run("jobs", "advice", "orders", "--utilization", "0.6");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            "orders: sized for 60% busy, backlogs read within 5m\n"
                + "VERTEX  NAME            P  ADVISED  BUSY%  BACKPRESSURE%  IN/S    ACTION\n"
                + "a1      Source: gen     1  1        0.0    95.0           2000.0  keep\n"
                + "b2      GroupAggregate  1  2        100.0  0.0            2000.0  scale-up\n"
                + "Source: gen: It waits.\n"
                + "GroupAggregate: Busy 100%.\n"
                + "TaskManager tm-1: Enough memory.\n"
                + "Apply it with: sluice jobs advice orders --apply\n");
  }

  @Test
  void appliesTheParallelismGivenPerVertex() {
    server.on(
        "POST",
        "/jobs/12/advice/apply",
        200,
        "{\"parallelism\":{\"b2\":4},\"operators\":{\"u1\":4},\"savepoint\":\"file:/sp/1\","
            + "\"restorePlan\":{\"statements\":[]}}");

    CliRun run = run("jobs", "advice", "orders", "--set", "b2=4");

    assertThat(run.err()).isEmpty();
    assertThat(server.only("POST", "/jobs/12/advice/apply").body())
        .isEqualTo("{\"vertices\":{\"b2\":4}}");
    assertThat(run.out())
        .isEqualTo(
            "applied to orders:\n"
                + "  vertex b2 -> 4\n"
                + "restored from file:/sp/1 with every statement's state kept\n");
  }
}
