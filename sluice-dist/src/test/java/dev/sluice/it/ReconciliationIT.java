package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The server killed with -9 while jobs run: on restart it re-attaches and submits nothing twice.
 */
@Order(5)
class ReconciliationIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  /** A job that fails at run time: a string that is not a number, cast with CAST, no restarts. */
  private static final String FAILING =
      """
      SET 'restart-strategy.type' = 'none';
      CREATE TABLE words (w STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '1', 'fields.w.length' = '5');
      CREATE TABLE sink (n INT) WITH ('connector' = 'blackhole');
      INSERT INTO sink SELECT CAST(CONCAT('x', w) AS INT) FROM words;
      """;

  @Test
  void reattachesToRunningJobsAndMarksTheOthersAfterACrash() throws Exception {
    long survivor = jobs.create("survives_server_crash", Jobs.ENDLESS);
    long cancelled = jobs.create("cancelled_while_server_down", Jobs.ENDLESS);
    String survivorFlinkId = jobs.deploy(survivor, "none").path("flinkJobId").asText();
    String cancelledFlinkId = jobs.deploy(cancelled, "none").path("flinkJobId").asText();
    jobs.awaitRunning(survivor);
    jobs.awaitRunning(cancelled);

    platform.killServer();
    Http flink = new Http(platform.flinkUrl());
    assertThat(flink.get("/jobs/" + survivorFlinkId).body().path("state").asText())
        .isEqualTo("RUNNING");
    // While Sluice is down, someone cancels a job directly on the cluster.
    assertThat(flink.patch("/jobs/" + cancelledFlinkId + "?mode=cancel").status()).isEqualTo(202);

    platform.start();

    JsonNode s =
        jobs.await(
            survivor, j -> "RUNNING".equals(j.path("flinkState").asText()), Duration.ofMinutes(1));
    assertThat(s.path("flinkJobId").asText()).isEqualTo(survivorFlinkId);
    assertThat(s.path("state").asText()).isEqualTo("RUNNING");
    JsonNode c =
        jobs.await(
            cancelled, j -> "STOPPED".equals(j.path("state").asText()), Duration.ofMinutes(1));
    assertThat(c.path("desiredState").asText()).isEqualTo("RUNNING");

    // Nothing was submitted twice: one Flink job of that name, the same one.
    List<String> named = new ArrayList<>();
    for (JsonNode j : flink.get("/jobs/overview").body().path("jobs")) {
      if (j.path("name").asText().equals("survives_server_crash")) {
        named.add(j.path("jid").asText());
      }
    }
    assertThat(named).containsExactly(survivorFlinkId);
    jobs.stop(survivor, false);
  }

  @Test
  void marksAJobThatFailsOnTheClusterAsFailedWithItsCause() {
    long id = jobs.create("fails_at_runtime", FAILING);
    jobs.deploy(id, "none");
    JsonNode failed =
        jobs.await(id, j -> "FAILED".equals(j.path("state").asText()), Duration.ofMinutes(2));
    assertThat(failed.path("lastError").asText()).contains("NumberFormatException");
    Http.Response stop =
        platform.http.post("/api/v1/jobs/" + id + "/stop", java.util.Map.of("savepoint", true));
    assertThat(stop.status()).isEqualTo(409);
  }
}
