package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Stop with a savepoint, restart from it: counts continue from where they stopped. */
@Order(4)
class SavepointRestoreIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());

  @Test
  void restartFromLatestSavepointContinuesCounting() {
    kafka.produce("sp.payments", KafkaTopics.payments("only", 100, 1));
    long id =
        jobs.create(
            "savepoint_counts",
            KafkaToKafkaIT.script("sp.payments", "sp.totals", platform.kafkaBootstrap(), "sp"));
    jobs.deploy(id, "none");
    kafka.readUntil(
        "sp.totals",
        0,
        rs -> !rs.isEmpty() && KafkaTopics.count(rs.get(rs.size() - 1)) == 100,
        Duration.ofMinutes(2));
    jobs.await(id, j -> j.hasNonNull("lastCheckpoint"), Duration.ofMinutes(1));

    JsonNode stopped = jobs.stop(id, true);
    String savepoint = stopped.path("savepointPath").asText();
    assertThat(savepoint).startsWith("file:");
    JsonNode history = platform.http.get("/api/v1/jobs/" + id + "/savepoints").body();
    assertThat(history.get(0).path("path").asText()).isEqualTo(savepoint);

    long mark = kafka.endOffset("sp.totals");
    kafka.produce("sp.payments", KafkaTopics.payments("only", 50, 1));
    JsonNode restarted = jobs.deploy(id, "latest");
    assertThat(restarted.path("flinkJobId").asText())
        .isNotEqualTo(stopped.path("job").path("flinkJobId").asText());

    // A fresh start would re-read all 150 records and emit counts from 1; restored state emits
    // 101..150.
    List<ConsumerRecord<String, String>> after =
        kafka.readUntil(
            "sp.totals",
            mark,
            rs -> !rs.isEmpty() && KafkaTopics.count(rs.get(rs.size() - 1)) == 150,
            Duration.ofMinutes(2));
    assertThat(after).allSatisfy(r -> assertThat(KafkaTopics.count(r)).isGreaterThan(100));

    // Restart again from a savepoint chosen by path, then from the latest retained checkpoint.
    jobs.await(
        id,
        j ->
            j.hasNonNull("lastCheckpoint")
                && j.path("lastCheckpoint").asText().contains(j.path("flinkJobId").asText()),
        Duration.ofMinutes(1));
    jobs.stop(id, false);
    mark = kafka.endOffset("sp.totals");
    kafka.produce("sp.payments", KafkaTopics.payments("only", 10, 1));
    jobs.deploy(id, "latest-checkpoint");
    List<ConsumerRecord<String, String>> fromCheckpoint =
        kafka.readUntil(
            "sp.totals",
            mark,
            rs -> !rs.isEmpty() && KafkaTopics.count(rs.get(rs.size() - 1)) == 160,
            Duration.ofMinutes(2));
    assertThat(fromCheckpoint).allSatisfy(r -> assertThat(KafkaTopics.count(r)).isGreaterThan(100));
    jobs.stop(id, false);
  }
}
