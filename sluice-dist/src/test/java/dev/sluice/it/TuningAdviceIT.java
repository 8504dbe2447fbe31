package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Tuning advice on the real cluster. A datagen source feeds a keyed aggregation whose result goes
 * through a deliberately slow expression (a regular expression over a 10,000-character string per
 * changed row) chained into the aggregation's vertex. The advice must name that vertex for more
 * parallelism and leave the back-pressured source alone; applying it restores the job from a
 * savepoint with every statement kept and the vertex at the advised parallelism. (How much faster
 * it then runs is a benchmark's figure, not a test's.)
 */
@Order(42)
class TuningAdviceIT {
  private static final String SCRIPT =
      """
      CREATE TABLE gen (id BIGINT, s STRING) WITH (
        'connector' = 'datagen', 'rows-per-second' = '20000', 'fields.s.length' = '20');
      CREATE TABLE sink (k BIGINT, h STRING) WITH ('connector' = 'blackhole');
      INSERT INTO sink
      SELECT k, REGEXP_REPLACE(REPEAT(LAST_VALUE(s), 500), '[aeiou0-4]', 'x')
      FROM (SELECT MOD(id, 64) AS k, s FROM gen) GROUP BY k;
      """;

  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  @Test
  void theAdviceNamesTheSlowVertexAndApplyingItKeepsAllStateAtTheNewParallelism() {
    long id = jobs.create("advice_slow_aggregate", SCRIPT);
    try {
      jobs.deploy(id, "none");
      jobs.awaitRunning(id);

      JsonNode advice =
          awaitAdvice(
              id,
              a -> {
                JsonNode slow = keyed(a);
                return slow != null && "scale-up".equals(slow.path("action").asText());
              });
      JsonNode source = source(advice);
      JsonNode slow = keyed(advice);
      assertThat(advice.path("changes").asBoolean()).isTrue();
      assertThat(source.path("action").asText()).as(advice.toPrettyString()).isEqualTo("keep");
      assertThat(source.path("recommendedParallelism").asInt()).isEqualTo(1);
      assertThat(slow.path("parallelism").asInt()).isEqualTo(1);
      int advised = slow.path("recommendedParallelism").asInt();
      assertThat(advised).as(slow.toPrettyString()).isGreaterThanOrEqualTo(2);
      // Rounded so that the 128 key groups spread evenly.
      assertThat(128 % advised).isZero();
      assertThat(slow.path("reason").asText())
          .startsWith("Busy ")
          .contains("at parallelism 1: it processes ")
          .endsWith("it needs parallelism " + advised + ".");
      assertThat(advice.path("taskManagers")).isNotEmpty();
      assertThat(advice.path("taskManagers").get(0).path("reason").asText()).isNotBlank();

      Http.Response applied = platform.http.post("/api/v1/jobs/" + id + "/advice/apply", Map.of());
      assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
      JsonNode plan = applied.body().path("restorePlan");
      assertThat(plan.path("statements")).isNotEmpty();
      for (JsonNode statement : plan.path("statements")) {
        assertThat(statement.path("status").asText()).as(plan.toPrettyString()).isEqualTo("KEPT");
      }
      assertThat(applied.body().path("parallelism").path(slow.path("id").asText()).asInt())
          .isEqualTo(advised);
      String savepoint = applied.body().path("savepoint").asText();
      assertThat(savepoint).isNotBlank();

      jobs.awaitRunning(id);
      JsonNode after =
          awaitVertices(
              id,
              v -> {
                for (JsonNode x : v.path("vertices")) {
                  if (!x.path("inputs").isEmpty() && x.path("parallelism").asInt() == advised) {
                    return "RUNNING".equals(x.path("status").asText());
                  }
                }
                return false;
              });
      assertThat(after.path("vertices").size()).isEqualTo(advice.path("vertices").size());

      Http.Response events = platform.http.get("/api/v1/jobs/" + id + "/events");
      assertThat(events.body().path("events").get(0).path("kind").asText())
          .isEqualTo("advice.applied");
      assertThat(events.body().path("events").get(0).path("outcome").asText())
          .isEqualTo("restored from " + savepoint + " with the state of every statement kept");

      // A schedule whose window covers now: the server sets the job's default parallelism to 3
      // by itself. The source follows it; the aggregation keeps the override just applied.
      java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
      String from = now.minusHours(1).withSecond(0).withNano(0).toString();
      String to = now.plusHours(1).withSecond(0).withNano(0).toString();
      Http.Response scheduled =
          platform.http.put(
              "/api/v1/jobs/" + id + "/scaling-policy",
              Map.of(
                  "coolDown",
                  "1m",
                  "schedule",
                  java.util.List.of(Map.of("from", from, "to", to, "parallelism", 3))));
      assertThat(scheduled.status()).as(scheduled.raw()).isEqualTo(200);
      assertThat(scheduled.body().path("source").asText()).isEqualTo("job");
      assertThat(scheduled.body().path("auto").asBoolean()).isFalse();
      assertThat(scheduled.body().path("schedule").get(0).path("parallelism").asInt()).isEqualTo(3);
      Http.Response badWindow =
          platform.http.put(
              "/api/v1/jobs/" + id + "/scaling-policy",
              Map.of("schedule", java.util.List.of(Map.of("from", "8am", "to", to))));
      assertThat(badWindow.status()).isEqualTo(400);
      assertThat(badWindow.body().path("errors").get(0).path("field").asText())
          .isEqualTo("schedule[0].from");
      JsonNode rescaled =
          awaitVertices(
              id,
              v -> {
                boolean sourceAtThree = false;
                boolean kept = false;
                for (JsonNode x : v.path("vertices")) {
                  boolean running = "RUNNING".equals(x.path("status").asText());
                  if (x.path("inputs").isEmpty()) {
                    sourceAtThree = running && x.path("parallelism").asInt() == 3;
                  } else {
                    kept = running && x.path("parallelism").asInt() == advised;
                  }
                }
                return sourceAtThree && kept;
              });
      assertThat(rescaled.path("state").asText()).isEqualTo("RUNNING");
      JsonNode latest = platform.http.get("/api/v1/jobs/" + id + "/events").body();
      assertThat(latest.path("events").get(0).path("kind").asText()).isEqualTo("scaling.scheduled");
      assertThat(latest.path("events").get(0).path("action").asText())
          .isEqualTo("set the default parallelism: the cluster's -> 3");
      assertThat(
              platform
                  .http
                  .get("/api/v1/jobs/" + id + "/scaling-policy")
                  .body()
                  .path("lastScaledAt")
                  .isNull())
          .isFalse();

    } finally {
      jobs.stop(id, false);
    }
  }

  private static JsonNode source(JsonNode advice) {
    for (JsonNode v : advice.path("vertices")) {
      if (v.path("partitions").isMissingNode() || v.path("partitions").isNull()) {
        if (v.path("name").asText().startsWith("Source")) {
          return v;
        }
      }
    }
    throw new AssertionError("no source vertex in " + advice.toPrettyString());
  }

  private static JsonNode keyed(JsonNode advice) {
    for (JsonNode v : advice.path("vertices")) {
      if (v.path("name").asText().contains("GroupAggregate")) {
        return v;
      }
    }
    return null;
  }

  private JsonNode awaitAdvice(long id, Predicate<JsonNode> condition) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      Http.Response r = platform.http.get("/api/v1/jobs/" + id + "/advice");
      if (r.status() == 200) {
        last = r.body();
        if (condition.test(last)) {
          return last;
        }
      }
      Platform.sleep(3000);
    }
    throw new AssertionError("the advice never named the slow vertex; last: " + last);
  }

  private JsonNode awaitVertices(long id, Predicate<JsonNode> condition) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = platform.http.get("/api/v1/jobs/" + id + "/vertices").body();
      if (condition.test(last)) {
        return last;
      }
      Platform.sleep(1000);
    }
    throw new AssertionError("the vertices never reached the new parallelism; last: " + last);
  }
}
