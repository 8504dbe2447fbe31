package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRuntimeCommandsTest {
  private static final String FLINK_JOB = "4ad756ed0ff94b43a37ccfd1123cc1c9";
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
    return CliRun.withToken(server.url(), dir, "slc_viewer", args);
  }

  @Test
  void verticesAsATable() {
    server.on(
        "GET",
        "/jobs/12/vertices",
        200,
        "{\"job\":\"orders\",\"jobId\":12,\"flinkJobId\":\""
            + FLINK_JOB
            + "\",\"state\":\"RUNNING\",\"at\":\"2026-12-01T10:00:00Z\",\"vertices\":["
            + "{\"id\":\"a\",\"name\":\"Source: orders[1] -> Calc[2]\",\"parallelism\":2,"
            + "\"maxParallelism\":128,\"status\":\"RUNNING\",\"operators\":[],\"statement\":\"t#1\","
            + "\"uid\":\"u\",\"inputs\":[],\"recordsInPerSecond\":110.0,\"recordsOutPerSecond\":80.25,"
            + "\"busyPercent\":null,\"backpressuredPercent\":25.0,\"idlePercent\":0.0},"
            + "{\"id\":\"b\",\"name\":\"GroupAggregate[3]\",\"parallelism\":2,\"maxParallelism\":128,"
            + "\"status\":\"INITIALIZING\",\"operators\":[],\"statement\":null,\"uid\":null,"
            + "\"inputs\":[{\"id\":\"a\",\"shipStrategy\":\"HASH\"}],\"recordsInPerSecond\":null,"
            + "\"recordsOutPerSecond\":null,\"busyPercent\":null,\"backpressuredPercent\":null,"
            + "\"idlePercent\":null}]}");

    CliRun run = run("jobs", "vertices", "orders");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            "orders: Flink job "
                + FLINK_JOB
                + " RUNNING\n"
                + "VERTEX                        P  STATUS        IN/S   OUT/S  BUSY%  BACKPRESSURE%  IDLE%  STATEMENT\n"
                + "Source: orders[1] -> Calc[2]  2  RUNNING       110.0  80.3   -      25.0           0.0    t#1\n"
                + "GroupAggregate[3]             2  INITIALIZING  -      -      -      -              -      -\n");
  }

  @Test
  void aJobThatDoesNotRunSaysSo() {
    server.on(
        "GET",
        "/jobs/12/vertices",
        200,
        "{\"job\":\"orders\",\"jobId\":12,\"flinkJobId\":null,\"state\":null,\"at\":\"2026-12-01T10:00:00Z\",\"vertices\":[]}");

    CliRun run = run("jobs", "vertices", "orders");

    assertThat(run.out()).isEqualTo("orders: not deployed\n");
  }

  @Test
  void checkpointsWithCountsAndHistory() {
    server.on(
        "GET",
        "/jobs/12/checkpoints",
        200,
        "{\"job\":\"orders\",\"jobId\":12,\"flinkJobId\":\""
            + FLINK_JOB
            + "\",\"state\":\"RUNNING\",\"at\":\"2026-12-01T10:00:00Z\","
            + "\"counts\":{\"completed\":3,\"failed\":1,\"inProgress\":0,\"restored\":0,\"total\":4},"
            + "\"latest\":{\"completed\":null,\"savepoint\":null,\"restored\":null,\"failed\":"
            + "{\"id\":13,\"status\":\"FAILED\",\"failureTimestamp\":1796169100000,"
            + "\"failureMessage\":\"Checkpoint expired before completing.\"}},"
            + "\"history\":[{\"id\":14,\"status\":\"COMPLETED\",\"isSavepoint\":false,"
            + "\"triggerTimestamp\":1796168510000,\"latestAckTimestamp\":1796168510030,"
            + "\"endToEndDurationMs\":30,\"stateSizeBytes\":16384,\"checkpointedSizeBytes\":1024,"
            + "\"processedDataBytes\":0,\"checkpointType\":\"CHECKPOINT\"}]}");

    CliRun run = run("jobs", "checkpoints", "orders");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            "orders: Flink job "
                + FLINK_JOB
                + " RUNNING\n"
                + "3 completed, 1 failed, 0 in progress, 0 restored\n"
                + "latest failed: 13 at 2026-12-01T23:51:40Z: Checkpoint expired before completing.\n"
                + "ID  STATUS     TYPE        TRIGGERED             DURATION  STATE SIZE  CHECKPOINTED\n"
                + "14  COMPLETED  CHECKPOINT  2026-12-01T23:41:50Z  30 ms     16384 B     1024 B\n");
  }

  @Test
  void exceptionsAskForTheGivenNumberAndShowTheRootCause() {
    server.on(
        "GET",
        "/jobs/12/exceptions?maxExceptions=5",
        200,
        "{\"job\":\"orders\",\"jobId\":12,\"flinkJobId\":\""
            + FLINK_JOB
            + "\",\"state\":\"RESTARTING\",\"at\":\"2026-12-01T10:00:00Z\",\"maxExceptions\":5,"
            + "\"rootCause\":{\"exceptionName\":\"java.lang.NumberFormatException\","
            + "\"message\":\"For input string: 'xab'\",\"cause\":\"NumberFormatException: For input string: 'xab'\","
            + "\"stacktrace\":\"java.lang.NumberFormatException: For input string: 'xab'\\n\\tat X.y(X.java:1)\","
            + "\"timestamp\":1796168600000,\"taskName\":\"Source: words[1] -> Calc[2] (1/1)#0\","
            + "\"location\":\"localhost:41873\",\"taskManagerId\":\"tm\",\"concurrentExceptions\":0},"
            + "\"history\":[{\"exceptionName\":\"java.lang.NumberFormatException\","
            + "\"cause\":\"NumberFormatException: For input string: 'xab'\",\"timestamp\":1796168600000,"
            + "\"taskName\":\"Source: words[1] -> Calc[2] (1/1)#0\"}],\"truncated\":false}");

    CliRun run = run("jobs", "exceptions", "orders", "--max", "5");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            "orders: Flink job "
                + FLINK_JOB
                + " RESTARTING\n"
                + "root cause: NumberFormatException: For input string: 'xab' in Source: words[1] ->"
                + " Calc[2] (1/1)#0 on localhost:41873 at 2026-12-01T23:43:20Z\n"
                + "java.lang.NumberFormatException: For input string: 'xab'\n"
                + "\tat X.y(X.java:1)\n"
                + "TIME                  EXCEPTION                        CAUSE                                           TASK\n"
                + "2026-12-01T23:43:20Z  java.lang.NumberFormatException  NumberFormatException: For input string: 'xab'  Source: words[1] -> Calc[2] (1/1)#0\n");
  }

  @Test
  void jsonPrintsTheServersAnswer() {
    server.on(
        "GET",
        "/jobs/12/exceptions?maxExceptions=20",
        200,
        "{\"job\":\"orders\",\"jobId\":12,\"flinkJobId\":\""
            + FLINK_JOB
            + "\",\"state\":\"RUNNING\",\"maxExceptions\":20,\"rootCause\":null,\"history\":[],"
            + "\"truncated\":false}");

    CliRun run = run("jobs", "exceptions", "orders", "--output", "json");

    assertThat(run.out()).contains("\"maxExceptions\" : 20").contains("\"history\" : [ ]");
    assertThat(run("jobs", "exceptions", "orders").out())
        .isEqualTo("orders: Flink job " + FLINK_JOB + " RUNNING\nno exceptions\n");
  }
}
