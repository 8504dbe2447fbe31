package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Deploying a new version of a running metric group is all or nothing: a restore that would drop
 * state the user did not confirm leaves the old version running, untouched. Before a deploy, the
 * group's restore plan says which windows keep, change, start or lose their state.
 */
@Order(16)
class MetricGroupUpgradeIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());

  private static final String IN = "metrics_upgrade.payments";
  private static final String OUT = "metrics_upgrade.out";

  private String definition(String hopAggregation) {
    return definition("1min", hopAggregation);
  }

  private String definition(String tumbleSize, String hopAggregation) {
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
          - {name: tx, aggregation: count, windows: [{type: tumble, size: %s}]}
          - {name: total, aggregation: %s, input: amount, windows: [{type: hop, size: 10min, slide: 1min}]}
        sinks:
          - {type: kafka, bootstrapServers: "%s", topic: %s}
        """
        .formatted(
            IN,
            platform.kafkaBootstrap(),
            tumbleSize,
            hopAggregation,
            platform.kafkaBootstrap(),
            OUT);
  }

  /** The group's restore plan for a version (the latest when null), asserted to be answered. */
  private JsonNode preview(Integer version) {
    Http.Response r =
        http.get(
            "/api/v1/metric-groups/payments_upgrade/restore-plan"
                + (version == null ? "" : "?version=" + version));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body();
  }

  /**
   * Each statement of a restore plan with what happens to its state; the source scan, which every
   * statement reads, is one entry named {@code source}.
   */
  private static Map<String, String> statuses(JsonNode preview) {
    Map<String, String> out = new TreeMap<>();
    preview
        .path("plan")
        .path("statements")
        .forEach(
            st -> {
              String key = st.path("statement").asText();
              String name = key.startsWith("source::TableSourceScan(") ? "source" : key;
              assertThat(out.put(name, st.path("status").asText())).as(key).isNull();
            });
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Waits until the running Flink job has completed a checkpoint of its own. */
  private JsonNode awaitCheckpoint(Jobs jobs, long id, String flinkJobId) {
    return jobs.await(
        id,
        j ->
            flinkJobId.equals(j.path("flinkJobId").asText())
                && j.path("lastCheckpoint").asText().contains(flinkJobId),
        Duration.ofMinutes(2));
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

    // Never deployed: there is no state to keep.
    JsonNode first = preview(null);
    assertThat(first.path("firstDeploy").asBoolean()).as(first.toString()).isTrue();
    assertThat(first.path("version").asInt()).isEqualTo(1);
    assertThat(first.path("reason").asText())
        .isEqualTo(
            "Job 'metrics.payments_upgrade' has never been deployed: every window starts empty");
    assertThat(first.path("plan").isNull()).isTrue();
    assertThat(first.path("dropsState").asBoolean()).isFalse();
    assertThat(first.path("statementsDroppingState")).isEmpty();
    Http.Response unknownVersion =
        http.get("/api/v1/metric-groups/payments_upgrade/restore-plan?version=9");
    assertThat(unknownVersion.status()).as(unknownVersion.raw()).isEqualTo(404);
    assertThat(unknownVersion.body().path("detail").asText())
        .contains("Metric group 'payments_upgrade' version 9");
    assertThat(http.get("/api/v1/metric-groups/no_such_group/restore-plan").status())
        .isEqualTo(404);

    Http.Response deployed = http.post("/api/v1/metric-groups/payments_upgrade/deploy", Map.of());
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
    long id = deployed.body().path("id").asLong();
    Jobs jobs = new Jobs(http);
    JsonNode before = jobs.awaitRunning(id);
    kafka.readUntil(OUT + ".tumble_1m", 0, rs -> !rs.isEmpty(), Duration.ofMinutes(2));
    String v1Flink = before.path("flinkJobId").asText();
    awaitCheckpoint(jobs, id, v1Flink);

    // Version 2 changes the hop window's metric: its state would be dropped.
    assertThat(
            http.postText("/api/v1/metric-groups", "application/yaml", definition("max"))
                .body()
                .path("version")
                .asInt())
        .isEqualTo(2);

    // The preview says so before anything is deployed, from the running job's latest checkpoint.
    JsonNode plan = preview(null);
    assertThat(plan.path("firstDeploy").asBoolean()).as(plan.toString()).isFalse();
    assertThat(plan.path("version").asInt()).isEqualTo(2);
    assertThat(plan.path("restoreFrom").asText()).contains(v1Flink);
    assertThat(statuses(plan))
        .as(plan.toString())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "hop_10m_1m__kafka", "CHANGED",
                    "malformed__kafka", "KEPT",
                    "source", "KEPT",
                    "tumble_1m__kafka", "KEPT")));
    assertThat(plan.path("dropsState").asBoolean()).isTrue();
    assertThat(texts(plan.path("statementsDroppingState"))).containsExactly("hop_10m_1m__kafka");

    Http.Response refused = http.post("/api/v1/metric-groups/payments_upgrade/deploy", Map.of());

    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(refused.body().path("title").asText()).isEqualTo("Restore would drop state");
    JsonNode dropping = refused.body().path("statementsDroppingState");
    assertThat(texts(dropping)).isEqualTo(texts(plan.path("statementsDroppingState")));
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

    // Version 3 moves the count to a five-minute window: one window is new, one is removed.
    assertThat(
            http.postText("/api/v1/metric-groups", "application/yaml", definition("5min", "max"))
                .body()
                .path("version")
                .asInt())
        .isEqualTo(3);
    String v2Flink = upgraded.path("flinkJobId").asText();
    awaitCheckpoint(jobs, id, v2Flink);
    JsonNode moved = preview(3);
    assertThat(moved.path("restoreFrom").asText()).contains(v2Flink);
    assertThat(statuses(moved))
        .as(moved.toString())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "hop_10m_1m__kafka", "KEPT",
                    "malformed__kafka", "KEPT",
                    "source", "KEPT",
                    "tumble_1m__kafka", "REMOVED",
                    "tumble_5m__kafka", "NEW")));
    assertThat(texts(moved.path("statementsDroppingState"))).containsExactly("tumble_1m__kafka");
    // Asking changed nothing: version 2 runs on.
    JsonNode unchanged = jobs.get(id);
    assertThat(unchanged.path("flinkJobId").asText()).isEqualTo(v2Flink);
    assertThat(unchanged.path("currentVersion").asInt()).isEqualTo(2);
    assertThat(http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", false)).status())
        .isEqualTo(200);
  }
}
