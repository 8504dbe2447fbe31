package dev.sluice.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of a compiled metric group of 10 metrics against the same metrics written by hand as
 * one INSERT per metric and as one hand-fused INSERT, each a bounded job reading the same Kafka
 * topic to its end on the local cluster (same run); and the state per key of exact against
 * approximate distinct counting, from savepoint sizes.
 */
final class MetricsBenchmark {
  static final int EVENTS = 300_000;
  static final String TOPIC = "bench.payments";
  static final int ROUNDS = 2;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String api;
  private final String flink;
  private final String kafka;

  MetricsBenchmark(int port, String flinkUrl, String kafka) {
    this.api = "http://localhost:" + port + "/api/v1";
    this.flink = flinkUrl;
    this.kafka = kafka;
  }

  void run() throws Exception {
    System.out.println(
        "\n## Metric group of 10 metrics (1-minute windows per merchant), "
            + EVENTS
            + " events read to the end of the topic");
    long id = create("bench_generate", generator());
    deployAndWait(id);
    // Every variant runs in each round, in turn; the best round counts, so that none pays alone
    // for warming up the TaskManager's JIT (the first job of a fresh cluster runs slower).
    double compiled = Double.MAX_VALUE;
    double split = Double.MAX_VALUE;
    double perMetric = Double.MAX_VALUE;
    double fused = Double.MAX_VALUE;
    for (int round = 1; round <= ROUNDS; round++) {
      String r = "_r" + round;
      compiled = Math.min(compiled, time(() -> deployGroup(group("bench_group" + r, "fused"))));
      split =
          Math.min(split, time(() -> deployGroup(group("bench_group_split" + r, "per_metric"))));
      perMetric =
          Math.min(perMetric, time(() -> create("bench_per_metric" + r, handWritten(false, r))));
      fused = Math.min(fused, time(() -> create("bench_fused" + r, handWritten(true, r))));
    }
    System.out.println("Best of " + ROUNDS + " rounds, every variant once per round.");
    System.out.println(
        "| variant | seconds running (Flink's job duration) | events/s | vs compiled |");
    System.out.println("|---|---|---|---|");
    row("compiled group (one fused aggregation, FILTER per metric)", compiled, compiled);
    row("compiled group, layout per_metric (one statement per metric)", split, compiled);
    row("hand-written, one INSERT per metric", perMetric, compiled);
    row("hand-fused, one INSERT", fused, compiled);

    System.out.println(
        "\n## State per key: exact vs approximate distinct payers per merchant (savepoint size)");
    long exact = stateSize("bench_exact_distinct", "COUNT(DISTINCT payer_id)");
    long approx = stateSize("bench_approx_distinct", "APPROX_DISTINCT(payer_id)");
    System.out.println("| aggregate | savepoint bytes | bytes per key (20 merchants) |");
    System.out.println("|---|---|---|");
    System.out.println("| COUNT(DISTINCT) | " + exact + " | " + exact / 20 + " |");
    System.out.println("| APPROX_DISTINCT (HLL) | " + approx + " | " + approx / 20 + " |");
    System.out.printf(
        Locale.ROOT, "exact / approximate: %.1fx%n", exact / (double) Math.max(1, approx));
  }

  private void row(String name, double seconds, double baseline) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %.1f | %.0f | %.2f |%n",
        name,
        seconds,
        EVENTS / seconds,
        baseline / seconds);
  }

  interface Deploy {
    long start() throws Exception;
  }

  /** Seconds the bounded job ran on the cluster, from Flink's own start and end times. */
  private double time(Deploy deploy) throws Exception {
    long id = deploy.start();
    await(id, "FINISHED");
    String flinkId = field(get(api + "/jobs/" + id), "flinkJobId");
    return Long.parseLong(field(get(flink + "/jobs/" + flinkId), "duration")) / 1000.0;
  }

  private long stateSize(String name, String aggregate) throws Exception {
    String script =
        source(false, "bench_" + name)
            + "CREATE TABLE out1 (merchant_id STRING, n BIGINT) WITH ('connector' = 'blackhole');\n"
            + "INSERT INTO out1 SELECT merchant.id, "
            + aggregate.replace("payer_id", "payer.id")
            + " FROM payments GROUP BY merchant.id;\n";
    long id = create(name, script);
    deployAndWait(id, "RUNNING");
    String flinkId = field(get(api + "/jobs/" + id), "flinkJobId");
    long deadline = System.currentTimeMillis() + 300_000;
    while (System.currentTimeMillis() < deadline) {
      String job = get(flink + "/jobs/" + flinkId);
      Matcher m = Pattern.compile("\"read-records\":(\\d+)").matcher(job);
      long read = 0;
      while (m.find()) {
        read = Math.max(read, Long.parseLong(m.group(1)));
      }
      if (read >= EVENTS) {
        break;
      }
      Thread.sleep(500);
    }
    post("/jobs/" + id + "/savepoints", "application/json", "{}");
    long size = -1;
    for (int i = 0; i < 50 && size < 0; i++) {
      String history = get(flink + "/jobs/" + flinkId + "/checkpoints");
      // The latest savepoint's statistics: {"latest": {..., "savepoint": {..., "state_size": N}}}.
      int at = history.indexOf("\"savepoint\":{", Math.max(0, history.indexOf("\"latest\"")));
      Matcher m = Pattern.compile("\"state_size\":(\\d+)").matcher(history);
      if (at >= 0 && m.find(at)) {
        size = Long.parseLong(m.group(1));
      } else {
        Thread.sleep(200);
      }
    }
    post("/jobs/" + id + "/stop", "application/json", "{\"savepoint\": false}");
    return size;
  }

  private String generator() {
    return """
        CREATE TABLE gen (id BIGINT, payer_no INT, merchant_no INT, amount DOUBLE) WITH (
          'connector' = 'datagen', 'number-of-rows' = '%d', 'rows-per-second' = '1000000',
          'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '%d',
          'fields.payer_no.min' = '1', 'fields.payer_no.max' = '50000',
          'fields.merchant_no.min' = '1', 'fields.merchant_no.max' = '20',
          'fields.amount.min' = '1', 'fields.amount.max' = '2000');
        CREATE TABLE payments (payer ROW<id STRING>, merchant ROW<id STRING>, amount DOUBLE, ts BIGINT) WITH (
          'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s', 'format' = 'json');
        INSERT INTO payments
        SELECT ROW(CONCAT('u', CAST(payer_no AS STRING))), ROW(CONCAT('m', CAST(merchant_no AS STRING))), amount,
          1767225600000 + id * 2
        FROM gen;
        """
        .formatted(EVENTS, EVENTS, TOPIC, kafka);
  }

  private String source(boolean bounded, String group) {
    return """
        CREATE TABLE payments (payer ROW<id STRING>, merchant ROW<id STRING>, amount DOUBLE, ts BIGINT,
          event_time AS TO_TIMESTAMP_LTZ(ts, 3), WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND) WITH (
          'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
          'properties.group.id' = '%s', 'scan.startup.mode' = 'earliest-offset',%s 'format' = 'json');
        """
        .formatted(TOPIC, kafka, group, bounded ? " 'scan.bounded.mode' = 'latest-offset'," : "");
  }

  private static final String[][] METRICS = {
    {"tx", "COUNT(*)"},
    {"total", "SUM(amount)"},
    {"low", "MIN(amount)"},
    {"top", "MAX(amount)"},
    {"mean", "AVG(amount)"},
    {"big", "COUNT(*) FILTER (WHERE amount >= 1500)"},
    {"payers", "COUNT(DISTINCT payer.id)"},
    {"payers_approx", "APPROX_DISTINCT(payer.id)"},
    {"p99", "APPROX_PERCENTILE(amount, 0.99)"},
    {"spread", "VAR_POP_D(amount)"}
  };

  private String handWritten(boolean fused, String round) {
    StringBuilder sql =
        new StringBuilder(source(true, (fused ? "bench_fused" : "bench_per_metric") + round));
    String from =
        " FROM TABLE(TUMBLE(TABLE payments, DESCRIPTOR(event_time), INTERVAL '1' MINUTE)) GROUP BY merchant.id, window_start, window_end;\n";
    if (fused) {
      List<String> cols = new ArrayList<>();
      List<String> aggs = new ArrayList<>();
      for (String[] m : METRICS) {
        cols.add(
            m[0]
                + (m[0].startsWith("tx") || m[0].startsWith("big") || m[0].startsWith("payers")
                    ? " BIGINT"
                    : " DOUBLE"));
        aggs.add(m[1]);
      }
      sql.append("CREATE TABLE out_all (merchant_id STRING, window_start TIMESTAMP(3), ")
          .append(String.join(", ", cols))
          .append(") WITH ('connector' = 'blackhole');\n");
      sql.append("INSERT INTO out_all SELECT merchant.id, window_start, ")
          .append(String.join(", ", aggs))
          .append(from);
    } else {
      for (String[] m : METRICS) {
        String type =
            m[0].startsWith("tx") || m[0].startsWith("big") || m[0].startsWith("payers")
                ? "BIGINT"
                : "DOUBLE";
        sql.append("CREATE TABLE out_")
            .append(m[0])
            .append(" (merchant_id STRING, window_start TIMESTAMP(3), v ")
            .append(type)
            .append(") WITH ('connector' = 'blackhole');\n");
        sql.append("INSERT INTO out_")
            .append(m[0])
            .append(" SELECT merchant.id, window_start, ")
            .append(m[1])
            .append(from);
      }
    }
    return sql.toString();
  }

  private long deployGroup(String definition) throws Exception {
    post("/metric-groups", "application/yaml", definition);
    String name = definition.lines().findFirst().orElseThrow().substring("name: ".length());
    return findJob(
        "metrics." + name,
        () -> post("/metric-groups/" + name + "/deploy", "application/json", "{}"));
  }

  private String group(String name, String layout) {
    return """
        name: %s
        layout: %s
        sources:
          - name: payments
            kafka: {topic: %s, bootstrapServers: "%s", startFrom: earliest, stopAt: latest}
            fields:
              - {name: payer_id, path: $.payer.id, type: STRING}
              - {name: merchant_id, path: $.merchant.id, type: STRING}
              - {name: amount, path: $.amount, type: DOUBLE}
              - {name: ts, path: $.ts, type: BIGINT}
        eventTime: {field: ts, lateness: 5s}
        keys: [merchant_id]
        metrics:
          - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}
          - {name: total, aggregation: sum, input: amount, windows: [{type: tumble, size: 1min}]}
          - {name: low, aggregation: min, input: amount, windows: [{type: tumble, size: 1min}]}
          - {name: top, aggregation: max, input: amount, windows: [{type: tumble, size: 1min}]}
          - {name: mean, aggregation: avg, input: amount, windows: [{type: tumble, size: 1min}]}
          - {name: big, aggregation: count, filter: "amount >= 1500", windows: [{type: tumble, size: 1min}]}
          - {name: payers, aggregation: count_distinct, input: payer_id, windows: [{type: tumble, size: 1min}]}
          - {name: payers_approx, aggregation: approx_count_distinct, input: payer_id, windows: [{type: tumble, size: 1min}]}
          - {name: p99, aggregation: percentile, percentile: 0.99, input: amount, windows: [{type: tumble, size: 1min}]}
          - {name: spread, aggregation: var_pop, input: amount, windows: [{type: tumble, size: 1min}]}
        sinks:
          - {type: blackhole}
        """
        .formatted(name, layout, TOPIC, kafka);
  }

  private long create(String name, String script) throws Exception {
    String body =
        "{\"name\": \"" + name + "\", \"type\": \"SQL\", \"script\": " + jsonString(script) + "}";
    String created = post("/jobs", "application/json", body);
    long id = Long.parseLong(field(created, "id"));
    post("/jobs/" + id + "/deploy", "application/json", "{\"restore\": \"none\"}");
    return id;
  }

  private void deployAndWait(long id) throws Exception {
    await(id, "FINISHED");
  }

  private void deployAndWait(long id, String state) throws Exception {
    await(id, state);
  }

  interface Call {
    String call() throws Exception;
  }

  private long findJob(String name, Call deploy) throws Exception {
    return Long.parseLong(field(deploy.call(), "id"));
  }

  private String state(long id) throws Exception {
    return field(get(api + "/jobs/" + id), "state");
  }

  private void await(long id, String state) throws Exception {
    long deadline = System.currentTimeMillis() + 600_000;
    while (System.currentTimeMillis() < deadline) {
      String s = state(id);
      if (s.equals(state)) {
        return;
      }
      if (s.equals("FAILED")) {
        throw new IllegalStateException("job " + id + " failed: " + get(api + "/jobs/" + id));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("job " + id + " did not reach " + state);
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
    return m.find() ? m.group(1) : "";
  }

  private String get(String url) throws Exception {
    return http.send(
            BenchToken.authorized(HttpRequest.newBuilder(URI.create(url))).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private String post(String path, String type, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            BenchToken.authorized(HttpRequest.newBuilder(URI.create(api + path)))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException("POST " + path + " -> " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
