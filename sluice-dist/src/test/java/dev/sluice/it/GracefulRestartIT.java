package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * ./sluice stop, then ./sluice start: nothing is left running in between, and the jobs that ran on
 * the local cluster come back from the savepoints taken at the stop, their counts continuing.
 */
@Order(7)
class GracefulRestartIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());

  @Test
  void jobsSurviveACleanStopAndStart() throws Exception {
    kafka.produce("gr.payments", KafkaTopics.payments("only", 40, 2));
    long id =
        jobs.create(
            "survives_clean_restart",
            KafkaToKafkaIT.script("gr.payments", "gr.totals", platform.kafkaBootstrap(), "gr"));
    String before = jobs.deploy(id, "none").path("flinkJobId").asText();
    kafka.readUntil(
        "gr.totals",
        0,
        rs -> !rs.isEmpty() && KafkaTopics.count(rs.get(rs.size() - 1)) == 40,
        Duration.ofMinutes(2));
    jobs.await(id, j -> j.hasNonNull("lastCheckpoint"), Duration.ofMinutes(1));

    assertThat(platform.stop()).isZero();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!platform.children().isEmpty() && Instant.now().isBefore(deadline)) {
      Platform.sleep(200);
    }
    assertThat(platform.children()).as("processes left after ./sluice stop").isEmpty();

    // The broker restarts with its data; produce once it is back, then read the continued counts.
    Platform restarted = Platform.get();
    assertThat(restarted).isSameAs(platform);
    JsonNode resumed =
        jobs.await(id, j -> "RUNNING".equals(j.path("flinkState").asText()), Duration.ofMinutes(2));
    String after = resumed.path("flinkJobId").asText();
    assertThat(after).isNotEqualTo(before);
    // One savepoint, taken by the stop of the job that ran before, and the new job restored it.
    JsonNode savepoints = platform.http.get("/api/v1/jobs/" + id + "/savepoints").body();
    assertThat(savepoints).as(savepoints.toString()).hasSize(1);
    JsonNode savepoint = savepoints.get(0);
    assertThat(savepoint.path("flinkJobId").asText()).isEqualTo(before);
    assertThat(savepoint.path("kind").asText()).isEqualTo("SAVEPOINT");
    assertThat(savepoint.path("jobVersion").asInt()).isEqualTo(1);
    JsonNode checkpoints = restoredCheckpoints(new Http(platform.flinkUrl()), after);
    assertThat(
            URI.create(checkpoints.path("latest").path("restored").path("external_path").asText())
                .getPath())
        .as(checkpoints.toString())
        .isEqualTo(URI.create(savepoint.path("path").asText()).getPath());

    long mark = kafka.endOffset("gr.totals");
    kafka.produce("gr.payments", KafkaTopics.payments("only", 5, 2));
    List<ConsumerRecord<String, String>> continued =
        kafka.readUntil(
            "gr.totals",
            mark,
            rs -> !rs.isEmpty() && KafkaTopics.count(rs.get(rs.size() - 1)) == 45,
            Duration.ofMinutes(2));
    // One update per event, counting on from the 40 of before the stop.
    assertThat(continued.stream().map(KafkaTopics::count).toList())
        .containsExactly(41L, 42L, 43L, 44L, 45L);
    assertThat(continued.stream().map(r -> KafkaTopics.json(r.value()).path("total").asLong()))
        .containsExactly(82L, 84L, 86L, 88L, 90L);
    jobs.stop(id, false);
  }

  /**
   * Flink reports a restored job RUNNING a moment before its JobMaster answers for checkpoint
   * statistics (until then the endpoint returns 500, "the JobManager is initializing").
   */
  private static JsonNode restoredCheckpoints(Http flink, String flinkJobId) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    Http.Response last = null;
    while (Instant.now().isBefore(deadline)) {
      last = flink.get("/jobs/" + flinkJobId + "/checkpoints");
      if (last.status() == 200 && last.body().path("latest").hasNonNull("restored")) {
        return last.body();
      }
      Platform.sleep(250);
    }
    throw new AssertionError(
        "No restore in the checkpoint statistics of " + flinkJobId + ": " + last);
  }
}
