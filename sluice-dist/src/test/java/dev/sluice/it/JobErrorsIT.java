package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** What Sluice says about a job is what happened to it on the cluster. */
@Order(15)
class JobErrorsIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  /** Fails on its first row (a string that is no number), then waits long before each restart. */
  private static final String RESTARTING =
      """
      SET 'restart-strategy.type' = 'fixed-delay';
      SET 'restart-strategy.fixed-delay.attempts' = '1000';
      SET 'restart-strategy.fixed-delay.delay' = '1 min';
      CREATE TABLE words (w STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '1', 'fields.w.length' = '5');
      CREATE TABLE sink (n INT) WITH ('connector' = 'blackhole');
      INSERT INTO sink SELECT CAST(CONCAT('x', w) AS INT) FROM words;
      """;

  private static final String BOUNDED =
      """
      CREATE TABLE ten (n BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
      CREATE TABLE sink (n BIGINT) WITH ('connector' = 'blackhole');
      INSERT INTO sink SELECT n FROM ten;
      """;

  @Test
  void aStopWithSavepointOfARestartingJobAnswersWithTheRootCause() {
    long id = jobs.create("restarts_forever", RESTARTING);
    jobs.deploy(id, "none");
    jobs.await(id, j -> "RESTARTING".equals(j.path("flinkState").asText()), Duration.ofMinutes(2));

    Http.Response stop =
        platform.http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", true));

    assertThat(stop.status()).as(stop.raw()).isEqualTo(409);
    String detail = stop.body().path("detail").asText();
    assertThat(detail)
        .startsWith(
            "Job 'restarts_forever' cannot be stopped with a savepoint: the job is restarting:"
                + " NumberFormatException: For input string: 'x")
        .containsPattern(" in Source: words\\[\\d+] -> Calc\\[\\d+]\\. Stop it")
        .endsWith(". Stop it without a savepoint to cancel it")
        .doesNotContain("SerializedThrowable")
        .doesNotContain("java.lang.");
    assertThat(jobs.get(id).path("desiredState").asText()).isEqualTo("RUNNING");

    JsonNode cancelled = jobs.stop(id, false);
    assertThat(cancelled.path("job").path("flinkState").asText()).isEqualTo("CANCELED");
    assertThat(cancelled.path("job").path("state").asText()).isEqualTo("STOPPED");
  }

  @Test
  void theStatusPrintedAfterAStopIsTheFlinkJobsOwn() throws Exception {
    long id = jobs.create("stopped_from_cli", Jobs.ENDLESS);
    String first = jobs.deploy(id, "none").path("flinkJobId").asText();
    jobs.awaitRunning(id);

    Platform.CliResult withSavepoint = platform.cli("jobs", "stop", "stopped_from_cli");

    assertThat(withSavepoint.exitCode()).as(withSavepoint.output()).isZero();
    assertThat(withSavepoint.output())
        .contains(": STOPPED (desired STOPPED), Flink job " + first + " FINISHED")
        .contains("savepoint: file:");

    String second = jobs.deploy(id, "latest").path("flinkJobId").asText();
    jobs.awaitRunning(id);
    Platform.CliResult cancel = platform.cli("jobs", "stop", "stopped_from_cli", "--no-savepoint");
    assertThat(cancel.exitCode()).as(cancel.output()).isZero();
    assertThat(cancel.output())
        .contains(": STOPPED (desired STOPPED), Flink job " + second + " CANCELED");
  }

  @Test
  void aBoundedJobThatFinishedIsNoLongerDesiredRunning() {
    long id = jobs.create("reads_ten_rows", BOUNDED);
    jobs.deploy(id, "none");

    JsonNode finished =
        jobs.await(id, j -> "FINISHED".equals(j.path("state").asText()), Duration.ofMinutes(2));
    JsonNode settled =
        jobs.await(
            id, j -> "STOPPED".equals(j.path("desiredState").asText()), Duration.ofSeconds(30));

    assertThat(finished.path("flinkState").asText()).isEqualTo("FINISHED");
    assertThat(settled.path("state").asText()).isEqualTo("FINISHED");
    assertThat(settled.path("flinkState").asText()).isEqualTo("FINISHED");
  }
}
