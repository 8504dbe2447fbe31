package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of a deliberately slow keyed vertex (a regular expression over a 10,000-character
 * string per changed row, behind a datagen source that offers more than it can take) at the
 * parallelism it runs at and at the one the tuning advice gives, the advice applied through its own
 * endpoint (savepoint, restore plan checked, restore) in the same run. Rates are Flink's one-minute
 * meters, read after a full minute at each parallelism, median of five reads.
 */
final class TuningBenchmark {
  private static final String SCRIPT =
      """
      CREATE TABLE gen (id BIGINT, s STRING) WITH (
        'connector' = 'datagen', 'rows-per-second' = '20000', 'fields.s.length' = '20');
      CREATE TABLE sink (k BIGINT, h STRING) WITH ('connector' = 'blackhole');
      INSERT INTO sink
      SELECT k, REGEXP_REPLACE(REPEAT(LAST_VALUE(s), 500), '[aeiou0-4]', 'x')
      FROM (SELECT MOD(id, 64) AS k, s FROM gen) GROUP BY k;
      """;

  private final BenchApi bench;

  TuningBenchmark(int port) {
    this.bench = new BenchApi(port);
  }

  void run() throws Exception {
    System.out.println("\n## Tuning advice applied to a slow keyed vertex (same run, same job)");
    JsonNode created =
        send(
            "POST",
            "/jobs",
            Map.of("name", "bench_tuning", "type", "SQL", "script", SCRIPT, "comment", "bench"));
    long id = created.path("id").asLong();
    try {
      send("POST", "/jobs/" + id + "/deploy", Map.of("restore", "none"));
      awaitRunning(id);
      Thread.sleep(75_000); // a full minute of Flink's rate meters
      JsonNode advice = send("GET", "/jobs/" + id + "/advice", null);
      JsonNode slow = slowVertex(advice.path("vertices"));
      int before = slow.path("parallelism").asInt();
      int advised = slow.path("recommendedParallelism").asInt();
      double rateBefore = medianRate(id, slow.path("id").asText());
      System.out.println("advice: " + slow.path("reason").asText());
      if (advised == before) {
        System.out.println("The advice keeps parallelism " + before + ": nothing to compare.");
        return;
      }
      JsonNode applied = send("POST", "/jobs/" + id + "/advice/apply", Map.of());
      awaitRunning(id);
      Thread.sleep(75_000);
      String vertex =
          slowVertex(send("GET", "/jobs/" + id + "/vertices", null).path("vertices"))
              .path("id")
              .asText();
      double rateAfter = medianRate(id, vertex);
      System.out.println(
          "| parallelism before | after (advised) | records/s before | records/s after | after /"
              + " before |");
      System.out.println("|---|---|---|---|---|");
      System.out.printf(
          Locale.ROOT,
          "| %d | %d | %.0f | %.0f | %.2f |%n",
          before,
          advised,
          rateBefore,
          rateAfter,
          rateAfter / rateBefore);
      System.out.println("restored from " + applied.path("savepoint").asText());
    } finally {
      send("POST", "/jobs/" + id + "/stop", Map.of("savepoint", false));
    }
  }

  private static JsonNode slowVertex(JsonNode vertices) {
    for (JsonNode v : vertices) {
      if (v.path("name").asText().contains("GroupAggregate")) {
        return v;
      }
    }
    throw new IllegalStateException("no aggregate vertex in " + vertices);
  }

  /** The vertex's records in per second, median of five reads three seconds apart. */
  private double medianRate(long id, String vertex) throws Exception {
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      for (JsonNode v : send("GET", "/jobs/" + id + "/vertices", null).path("vertices")) {
        if (v.path("id").asText().equals(vertex)) {
          rates.add(v.path("recordsInPerSecond").asDouble());
        }
      }
      Thread.sleep(3000);
    }
    Collections.sort(rates);
    return rates.get(rates.size() / 2);
  }

  private void awaitRunning(long id) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode job = send("GET", "/jobs/" + id, null);
      if ("RUNNING".equals(job.path("flinkState").asText())) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("job " + id + " is not running");
  }

  private JsonNode send(String method, String path, Object body) throws Exception {
    return bench.send(method, path, body);
  }
}
