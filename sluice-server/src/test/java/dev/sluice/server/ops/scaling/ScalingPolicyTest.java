package dev.sluice.server.ops.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.errors.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Parsing a scaling policy, its schedule, and keeping it in the store. */
class ScalingPolicyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static ScalingPolicy parse(String json) {
    return ScalingPolicyParser.parse(JSON.readTree(json), ScalingPolicy.OFF);
  }

  private static void refused(String json, String field, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo(field);
  }

  @Test
  void setsTheFieldsGivenAndKeepsTheOthers() {
    ScalingPolicy p =
        parse(
            """
            {"auto": true, "maxParallelism": 8, "coolDown": "15m", "zone": "Asia/Shanghai",
             "schedule": [{"from": "08:00", "to": "20:00", "parallelism": 4},
                          {"from": "20:00", "to": "08:00", "parallelism": 1}]}
            """);
    assertThat(p)
        .isEqualTo(
            new ScalingPolicy(
                true,
                1,
                8,
                Duration.ofMinutes(15),
                Duration.ofMinutes(30),
                0.7,
                Duration.ofMinutes(5),
                ZoneId.of("Asia/Shanghai"),
                List.of(
                    new ScalingPolicy.Window(LocalTime.of(8, 0), LocalTime.of(20, 0), 4),
                    new ScalingPolicy.Window(LocalTime.of(20, 0), LocalTime.of(8, 0), 1))));
    // 10:00 UTC is 18:00 in Shanghai: the day window; 13:00 UTC is 21:00: the night one, which
    // runs past midnight.
    assertThat(p.scheduled(Instant.parse("2026-12-02T10:00:00Z"))).isEqualTo(OptionalInt.of(4));
    assertThat(p.scheduled(Instant.parse("2026-12-02T13:00:00Z"))).isEqualTo(OptionalInt.of(1));
    assertThat(p.scheduled(Instant.parse("2026-12-02T22:30:00Z"))).isEqualTo(OptionalInt.of(1));
    assertThat(ScalingPolicy.OFF.scheduled(Instant.parse("2026-12-02T10:00:00Z"))).isEmpty();
  }

  @Test
  void namesTheFieldOfEachMistake() {
    refused("{\"auto\": \"yes\"}", "auto", "true or false");
    refused("{\"minParallelism\": 0}", "minParallelism", "'0' is not a whole number from 1");
    refused(
        "{\"minParallelism\": 4, \"maxParallelism\": 2}",
        "maxParallelism",
        "maxParallelism (2) must not be below minParallelism (4)");
    refused("{\"coolDown\": \"10s\"}", "coolDown", "at least 1m");
    refused("{\"utilization\": 1.5}", "utilization", "'1.5' is not a busy fraction");
    refused("{\"zone\": \"Mars/Olympus\"}", "zone", "'Mars/Olympus' is not a time zone");
    refused("{\"scale\": true}", "scale", "unknown field");
    refused(
        "{\"schedule\": [{\"from\": \"8am\", \"to\": \"20:00\", \"parallelism\": 2}]}",
        "schedule[0].from",
        "'8am' is not a time of day such as 08:00");
    refused(
        "{\"schedule\": [{\"from\": \"08:00\", \"to\": \"20:00\"}]}",
        "schedule[0].parallelism",
        "required");
    refused(
        "{\"schedule\": [{\"from\": \"08:00\", \"to\": \"20:00\", \"parallelism\": 2},"
            + " {\"from\": \"19:00\", \"to\": \"23:00\", \"parallelism\": 1}]}",
        "schedule[1]",
        "overlaps schedule[0]");
  }

  static Stream<Arguments> databases() {
    return TestDatabases.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theStoreKeepsThePolicyAndTheState(String kind) {
    JdbcClient jdbc = JdbcClient.create(TestDatabases.migrated(kind));
    Instant t0 = Instant.parse("2026-12-02T10:00:00Z");
    jdbc.sql(
            "INSERT INTO clusters (id, name, kind, rest_url, created_at) VALUES (1, 'local',"
                + " 'LOCAL', 'http://localhost:8081', ?)")
        .param(t0.atOffset(ZoneOffset.UTC))
        .update();
    jdbc.sql(
            "INSERT INTO jobs (name, type, cluster_id, current_version, desired_state, state,"
                + " created_at, updated_at, project) VALUES ('orders', 'SQL', 1, 1, 'RUNNING',"
                + " 'RUNNING', ?, ?, 'demo')")
        .params(t0.atOffset(ZoneOffset.UTC), t0.atOffset(ZoneOffset.UTC))
        .update();
    long id = jdbc.sql("SELECT id FROM jobs WHERE name = 'orders'").query(Long.class).single();
    ScalingStore store = new ScalingStore(jdbc);
    ScalingPolicy p =
        parse(
            "{\"auto\": true, \"schedule\": [{\"from\": \"08:00\", \"to\": \"20:00\","
                + " \"parallelism\": 4}]}");

    assertThat(store.policy(id)).isEmpty();
    assertThat(store.state(id)).isEqualTo(ScalingState.NONE);
    store.savePolicy(id, p, "ana", t0);
    store.savePolicy(id, p.withAuto(false), "ana", t0);
    store.saveState(id, new ScalingState(t0, null));
    store.saveState(id, new ScalingState(t0, t0.plusSeconds(60)));

    assertThat(store.policy(id)).contains(p.withAuto(false));
    assertThat(store.state(id)).isEqualTo(new ScalingState(t0, t0.plusSeconds(60)));
  }
}
