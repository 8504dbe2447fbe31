package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Deploying a new version of a running metric group is all or nothing: a restore that would drop
 * state the user did not confirm leaves the old version running, untouched.
 */
@Order(16)
class MetricGroupUpgradeIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());

  private static final String IN = "metrics_upgrade.payments";
  private static final String OUT = "metrics_upgrade.out";

  private String definition(String hopAggregation) {
    return """
        name: payments_upgrade
        timeZone: UTC
        sources:
          - name: payments
            kafka: {topic: %s, bootstrapServers: "%s", startFrom: earliest}
            fields:
              - {name: merchant_id, path: $.merchant, type: STRING}
              - {name: amount, path: $.amount, type: DOUBLE}
              - {name: ts, path: $.ts, type: BIGINT}
        eventTime: {field: ts, lateness: 5s}
        keys: [merchant_id]
        metrics:
          - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}
          - {name: total, aggregation: %s, input: amount, windows: [{type: hop, size: 10min, slide: 1min}]}
        sinks:
          - {type: kafka, bootstrapServers: "%s", topic: %s}
        """
        .formatted(IN, platform.kafkaBootstrap(), hopAggregation, platform.kafkaBootstrap(), OUT);
  }

  @Test
  void aRefusedRestoreLeavesTheOldVersionRunning() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(
          "{\"merchant\": \"m"
              + (i % 2)
              + "\", \"amount\": "
              + (10 + i)
              + ", \"ts\": "
              + (MetricGroupIT.T0 + i * 1000L)
              + "}");
    }
    // One event past the first minute closes its windows: their rows prove the events were read.
    events.add(
        "{\"merchant\": \"m0\", \"amount\": 1, \"ts\": " + (MetricGroupIT.T0 + 70_000L) + "}");
    kafka.produce(IN, events);
    assertThat(
            http.postText("/api/v1/metric-groups", "application/yaml", definition("sum")).status())
        .isEqualTo(201);
    Http.Response deployed = http.post("/api/v1/metric-groups/payments_upgrade/deploy", Map.of());
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
    long id = deployed.body().path("id").asLong();
    Jobs jobs = new Jobs(http);
    JsonNode before = jobs.awaitRunning(id);
    kafka.readUntil(OUT + ".tumble_1m", 0, rs -> !rs.isEmpty(), Duration.ofMinutes(2));

    // Version 2 changes the hop window's metric: its state would be dropped.
    assertThat(
            http.postText("/api/v1/metric-groups", "application/yaml", definition("max"))
                .body()
                .path("version")
                .asInt())
        .isEqualTo(2);
    Http.Response refused = http.post("/api/v1/metric-groups/payments_upgrade/deploy", Map.of());

    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(refused.body().path("title").asText()).isEqualTo("Restore would drop state");
    JsonNode dropping = refused.body().path("statementsDroppingState");
    assertThat(dropping).hasSize(1);
    assertThat(dropping.get(0).asText()).startsWith("hop_10m_1m");
    assertThat(refused.body().path("restorePlan").path("statements")).isNotEmpty();

    JsonNode after = jobs.get(id);
    assertThat(after.path("flinkJobId").asText()).isEqualTo(before.path("flinkJobId").asText());
    assertThat(after.path("state").asText()).isEqualTo("RUNNING");
    assertThat(after.path("flinkState").asText()).isEqualTo("RUNNING");
    assertThat(after.path("desiredState").asText()).isEqualTo("RUNNING");
    assertThat(after.path("deployedVersion").asInt()).isEqualTo(1);
    assertThat(after.path("currentVersion").asInt()).isEqualTo(1);

    // Confirmed, the same deploy replaces the old version.
    Http.Response confirmed =
        http.post(
            "/api/v1/metric-groups/payments_upgrade/deploy",
            Map.of("confirmDrop", List.of(dropping.get(0).asText())));
    assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
    JsonNode upgraded = jobs.awaitRunning(id);
    assertThat(upgraded.path("flinkJobId").asText())
        .isNotEqualTo(before.path("flinkJobId").asText());
    assertThat(upgraded.path("deployedVersion").asInt()).isEqualTo(2);
    assertThat(http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", false)).status())
        .isEqualTo(200);
  }
}
