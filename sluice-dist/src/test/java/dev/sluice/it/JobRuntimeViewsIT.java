package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The views of a running job that only its cluster can give: its graph with live rates and the
 * statement of every vertex, its checkpoints, and its exceptions, for a healthy job and for one
 * that fails on its data.
 */
@Order(34)
class JobRuntimeViewsIT {
  /** Two statements over one source: an aggregate (keyed state) and a plain copy. */
  private static final String TWO_INSERTS =
      """
      SET 'execution.checkpointing.interval' = '2s';
      CREATE TABLE clicks (user_id INT, url STRING) WITH ('connector' = 'datagen',
        'rows-per-second' = '50', 'fields.user_id.min' = '1', 'fields.user_id.max' = '20',
        'fields.url.length' = '4');
      CREATE TABLE per_user (user_id INT, n BIGINT) WITH ('connector' = 'blackhole');
      CREATE TABLE all_clicks (url STRING) WITH ('connector' = 'blackhole');
      INSERT INTO per_user SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id;
      INSERT INTO all_clicks SELECT url FROM clicks;
      """;

  /** Fails on its first row (a string that is no number), then waits long before each restart. */
  private static final String FAILS_ON_DATA =
      """
      SET 'restart-strategy.type' = 'fixed-delay';
      SET 'restart-strategy.fixed-delay.attempts' = '1000';
      SET 'restart-strategy.fixed-delay.delay' = '1 min';
      CREATE TABLE words (w STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '1', 'fields.w.length' = '5');
      CREATE TABLE sink (n INT) WITH ('connector' = 'blackhole');
      INSERT INTO sink SELECT CAST(CONCAT('x', w) AS INT) FROM words;
      """;

  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  @Test
  void aRunningJobsGraphRatesCheckpointsAndEmptyExceptions() throws Exception {
    long id = jobs.create("runtime_two_inserts", TWO_INSERTS);
    JsonNode notRunning = get("/api/v1/jobs/" + id + "/vertices");
    assertThat(notRunning.path("flinkJobId").isNull()).isTrue();
    assertThat(notRunning.path("state").isNull()).isTrue();
    assertThat(notRunning.path("vertices")).isEmpty();

    String flinkJobId = jobs.deploy(id, "none").path("flinkJobId").asText();
    jobs.awaitRunning(id);

    JsonNode plan = get("/api/v1/jobs/" + id + "/plan").path("graph");
    JsonNode graph =
        await(
            "/api/v1/jobs/" + id + "/vertices",
            v -> all(v.path("vertices"), x -> "RUNNING".equals(x.path("status").asText())),
            Duration.ofMinutes(2));
    assertThat(graph.path("flinkJobId").asText()).isEqualTo(flinkJobId);
    assertThat(graph.path("state").asText()).isEqualTo("RUNNING");

    // The plan compiled again has the running job's vertex ids (they follow the stable uids);
    // names differ only in the planner's operator counters ("Calc[12]").
    Map<String, JsonNode> planned = new HashMap<>();
    plan.path("vertices").forEach(v -> planned.put(v.path("id").asText(), v));
    assertThat(graph.path("vertices").size()).isEqualTo(plan.path("vertices").size());
    for (JsonNode v : graph.path("vertices")) {
      JsonNode p = planned.get(v.path("id").asText());
      assertThat(p).as("planned vertex %s", v.path("id").asText()).isNotNull();
      assertThat(withoutCounters(v.path("name").asText()))
          .isEqualTo(withoutCounters(p.path("name").asText()));
      assertThat(v.path("parallelism").asInt()).isEqualTo(p.path("parallelism").asInt());
      assertThat(v.path("operators").size()).isEqualTo(p.path("operators").size());
      assertThat(v.path("uid").asText()).isEqualTo(p.path("operators").get(0).path("uid").asText());
      assertThat(v.path("statement").isNull()).as("statement of %s", v.path("name")).isFalse();
    }
    // The aggregate's vertex belongs to the aggregating statement, as its operators in the plan.
    JsonNode aggregate = vertexNamed(graph, "GroupAggregate");
    assertThat(aggregate.path("inputs").get(0).path("shipStrategy").asText()).isEqualTo("HASH");
    assertThat(aggregate.path("statement").asText())
        .isEqualTo(
            operatorNamed(planned.get(aggregate.path("id").asText()), "GroupAggregate")
                .path("statement")
                .asText())
        .contains("per_user");

    JsonNode flowing =
        await(
            "/api/v1/jobs/" + id + "/vertices",
            v -> positive(source(v).path("recordsInPerSecond")),
            Duration.ofMinutes(2));
    assertThat(source(flowing).path("inputs")).isEmpty();
    assertThat(source(flowing).path("idlePercent").isNumber()).isTrue();

    JsonNode checkpoints =
        await(
            "/api/v1/jobs/" + id + "/checkpoints",
            c ->
                c.path("counts").path("completed").asLong() >= 1
                    && positive(c.path("latest").path("completed").path("stateSizeBytes")),
            Duration.ofMinutes(2));
    assertThat(checkpoints.path("state").asText()).isEqualTo("RUNNING");
    List<JsonNode> completed = new ArrayList<>();
    checkpoints
        .path("history")
        .forEach(
            c -> {
              if ("COMPLETED".equals(c.path("status").asText())) {
                completed.add(c);
              }
            });
    assertThat(completed).isNotEmpty();
    assertThat(completed.get(0).path("stateSizeBytes").asLong()).isPositive();
    assertThat(completed.get(0).path("checkpointType").asText()).isEqualTo("CHECKPOINT");
    assertThat(completed.get(0).path("isSavepoint").asBoolean()).isFalse();
    long previous = Long.MAX_VALUE;
    for (JsonNode c : checkpoints.path("history")) {
      assertThat(c.path("id").asLong()).isLessThan(previous);
      previous = c.path("id").asLong();
    }

    JsonNode exceptions = get("/api/v1/jobs/" + id + "/exceptions");
    assertThat(exceptions.path("state").asText()).isEqualTo("RUNNING");
    assertThat(exceptions.path("maxExceptions").asInt()).isEqualTo(20);
    assertThat(exceptions.path("rootCause").isNull()).isTrue();
    assertThat(exceptions.path("history")).isEmpty();
    for (String bad : List.of("0", "101", "many")) {
      Http.Response r =
          platform.http.get("/api/v1/jobs/" + id + "/exceptions?maxExceptions=" + bad);
      assertThat(r.status()).as(r.raw()).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.body().path("errors").get(0).path("field").asText()).isEqualTo("maxExceptions");
    }

    Platform.CliResult table = platform.cli("jobs", "vertices", "runtime_two_inserts");
    assertThat(table.exitCode()).as(table.output()).isZero();
    assertThat(table.output())
        .contains("runtime_two_inserts: Flink job " + flinkJobId + " RUNNING")
        .contains("VERTEX")
        .contains("GroupAggregate[");
    Platform.CliResult cps = platform.cli("jobs", "checkpoints", "runtime_two_inserts");
    assertThat(cps.exitCode()).as(cps.output()).isZero();
    assertThat(cps.output()).contains("COMPLETED  CHECKPOINT");

    jobs.stop(id, false);
  }

  @Test
  void aJobThatFailsOnItsDataShowsTheRootCause() throws Exception {
    long id = jobs.create("runtime_fails_on_data", FAILS_ON_DATA);
    jobs.deploy(id, "none");

    JsonNode exceptions =
        await(
            "/api/v1/jobs/" + id + "/exceptions?maxExceptions=5",
            e -> e.path("rootCause").isObject(),
            Duration.ofMinutes(2));

    JsonNode root = exceptions.path("rootCause");
    assertThat(root.path("cause").asText())
        .startsWith("NumberFormatException: For input string: 'x");
    assertThat(root.path("taskName").asText()).startsWith("Source: words[");
    assertThat(root.path("location").asText()).isNotBlank();
    assertThat(root.path("timestamp").asLong()).isPositive();
    assertThat(root.path("stacktrace").asText())
        .startsWith(root.path("exceptionName").asText())
        .contains("\tat ");
    assertThat(exceptions.path("history").get(0)).isEqualTo(root);
    assertThat(exceptions.path("maxExceptions").asInt()).isEqualTo(5);

    Platform.CliResult cli = platform.cli("jobs", "exceptions", "runtime_fails_on_data");
    assertThat(cli.exitCode()).as(cli.output()).isZero();
    assertThat(cli.output()).contains("root cause: NumberFormatException: For input string: 'x");

    jobs.stop(id, false);
  }

  private JsonNode get(String path) {
    Http.Response r = platform.http.get(path);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body();
  }

  /** Asks until the answer satisfies the condition, failing with the last answer. */
  private JsonNode await(String path, Predicate<JsonNode> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = get(path);
      if (condition.test(last)) {
        return last;
      }
      Platform.sleep(1000);
    }
    throw new AssertionError(path + " did not reach the expected value; last seen: " + last);
  }

  private static boolean all(JsonNode array, Predicate<JsonNode> condition) {
    if (array.isEmpty()) {
      return false;
    }
    for (JsonNode x : array) {
      if (!condition.test(x)) {
        return false;
      }
    }
    return true;
  }

  private static boolean positive(JsonNode n) {
    return n.isNumber() && n.asDouble() > 0;
  }

  private static JsonNode source(JsonNode graph) {
    for (JsonNode v : graph.path("vertices")) {
      if (v.path("inputs").isEmpty()) {
        return v;
      }
    }
    throw new AssertionError("no source vertex in " + graph);
  }

  private static JsonNode vertexNamed(JsonNode graph, String part) {
    for (JsonNode v : graph.path("vertices")) {
      if (v.path("name").asText().contains(part)) {
        return v;
      }
    }
    throw new AssertionError("no vertex named like " + part + " in " + graph);
  }

  private static JsonNode operatorNamed(JsonNode plannedVertex, String part) {
    for (JsonNode op : plannedVertex.path("operators")) {
      if (op.path("name").asText().startsWith(part)) {
        return op;
      }
    }
    throw new AssertionError("no operator named like " + part + " in " + plannedVertex);
  }

  private static String withoutCounters(String name) {
    return name.replaceAll("\\[\\d+]", "[]");
  }
}
