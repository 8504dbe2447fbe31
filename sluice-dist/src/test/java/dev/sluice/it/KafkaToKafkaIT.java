package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Kafka to an aggregate to Kafka, on a cluster that has no Kafka connector of its own: the job runs
 * only because Sluice attaches the connector bundle to the job graph.
 */
@Order(3)
class KafkaToKafkaIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());

  static String script(String in, String out, String bootstrap, String group) {
    return """
        CREATE TABLE payments (merchant STRING, amount BIGINT) WITH (
          'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
          'properties.group.id' = '%s', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
        CREATE TABLE totals (merchant STRING, cnt BIGINT, total BIGINT, PRIMARY KEY (merchant) NOT ENFORCED) WITH (
          'connector' = 'upsert-kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
          'key.format' = 'json', 'value.format' = 'json');
        INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM payments GROUP BY merchant;
        """
        .formatted(in, bootstrap, group, out, bootstrap);
  }

  @Test
  void aggregatesProducedRecordsIntoAnUpsertTopic() {
    List<String> produced = new ArrayList<>();
    Map<String, long[]> expected = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String merchant = "m" + (i % 7);
      long amount = (i * 37L) % 101;
      produced.add("{\"merchant\":\"" + merchant + "\",\"amount\":" + amount + "}");
      long[] e = expected.computeIfAbsent(merchant, k -> new long[2]);
      e[0]++;
      e[1] += amount;
    }
    kafka.produce("k2k.payments", produced);

    long id =
        jobs.create(
            "kafka_to_kafka",
            script("k2k.payments", "k2k.totals", platform.kafkaBootstrap(), "k2k"));
    JsonNode deployed = jobs.deploy(id, "none");
    assertThat(deployed.path("desiredState").asText()).isEqualTo("RUNNING");

    List<ConsumerRecord<String, String>> records =
        kafka.readUntil(
            "k2k.totals", 0, rs -> latest(rs).equals(asJson(expected)), Duration.ofMinutes(2));
    assertThat(latest(records)).isEqualTo(asJson(expected));

    JsonNode stopped = jobs.stop(id, false);
    assertThat(stopped.path("job").path("state").asText()).isEqualTo("STOPPED");
  }

  /** The last value per key of an upsert topic. */
  static Map<String, String> latest(List<ConsumerRecord<String, String>> records) {
    Map<String, String> latest = new HashMap<>();
    for (ConsumerRecord<String, String> r : records) {
      if (r.value() == null) {
        latest.remove(r.key());
      } else {
        JsonNode v = KafkaTopics.json(r.value());
        latest.put(
            v.path("merchant").asText(), v.path("cnt").asLong() + "/" + v.path("total").asLong());
      }
    }
    return latest;
  }

  static Map<String, String> asJson(Map<String, long[]> expected) {
    Map<String, String> m = new HashMap<>();
    expected.forEach((k, v) -> m.put(k, v[0] + "/" + v[1]));
    return m;
  }
}
