package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Debug runs on the real cluster: every view and INSERT query is tapped, sample rows replace
 * sources (keeping watermarks, so windows fire), live sources are read where asked, production
 * sinks get nothing, limits end runs, and a run outlives a crash of the server.
 */
@Order(11)
class DebugRunIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());

  /** A fresh directory under the data directory, the sandbox's default filesystem root. */
  private Path sinkDir() {
    try {
      return Files.createTempDirectory(platform.dataDir, "debug-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String script(Path out) {
    String bootstrap = platform.kafkaBootstrap();
    return """
        CREATE TABLE orders (id BIGINT, merchant STRING, amount DOUBLE, ts TIMESTAMP(3),
          WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (
          'connector' = 'kafka', 'topic' = 'debug.orders', 'properties.bootstrap.servers' = '%1$s',
          'properties.group.id' = 'production', 'scan.startup.mode' = 'group-offsets',
          'properties.auto.offset.reset' = 'earliest', 'format' = 'json');
        CREATE TABLE merchants (merchant STRING, region STRING) WITH (
          'connector' = 'kafka', 'topic' = 'debug.merchants', 'properties.bootstrap.servers' = '%1$s',
          'properties.group.id' = 'production', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
        CREATE TABLE per_minute (merchant STRING, window_start TIMESTAMP(3), total DOUBLE) WITH (
          'connector' = 'filesystem', 'path' = '%2$s', 'format' = 'csv');
        CREATE TABLE per_region (region STRING, orders BIGINT, PRIMARY KEY (region) NOT ENFORCED) WITH (
          'connector' = 'upsert-kafka', 'topic' = 'debug.per_region', 'properties.bootstrap.servers' = '%1$s',
          'key.format' = 'json', 'value.format' = 'json');
        CREATE VIEW big AS SELECT id, merchant, amount, ts FROM orders WHERE amount >= 10;
        CREATE VIEW enriched AS
          SELECT b.id, b.merchant, m.region, b.amount FROM big AS b JOIN merchants AS m ON b.merchant = m.merchant;
        -- @name: minute_totals
        INSERT INTO per_minute
        SELECT merchant, window_start, SUM(amount)
        FROM TABLE(TUMBLE(TABLE big, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
        GROUP BY merchant, window_start, window_end;
        -- @name: region_counts
        INSERT INTO per_region SELECT region, COUNT(*) FROM enriched GROUP BY region;
        """
        .formatted(bootstrap, out.toString());
  }

  private static final List<Map<String, Object>> ORDERS =
      List.of(
          Map.of("id", 1, "merchant", "a", "amount", 5, "ts", "2026-01-01 10:00:10"),
          Map.of("id", 2, "merchant", "a", "amount", 20, "ts", "2026-01-01 10:00:20"),
          Map.of("id", 3, "merchant", "b", "amount", 30, "ts", "2026-01-01 10:00:30"),
          Map.of("id", 4, "merchant", "a", "amount", 40, "ts", "2026-01-01 10:01:05"));

  private static final List<Map<String, Object>> MERCHANTS =
      List.of(
          Map.of("merchant", "a", "region", "north"), Map.of("merchant", "b", "region", "north"));

  private JsonNode awaitRun(String id, Predicate<JsonNode> done) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    JsonNode run = null;
    while (Instant.now().isBefore(deadline)) {
      run = http.get("/api/v1/debug-runs/" + id).body();
      if (done.test(run)) {
        return run;
      }
      Platform.sleep(300);
    }
    throw new AssertionError("debug run did not get there: " + run);
  }

  private List<String> rows(String id, String step) {
    List<String> rows = new ArrayList<>();
    for (JsonNode r : http.get("/api/v1/debug-runs/" + id + "/steps/" + step + "/rows").body()) {
      rows.add(r.path("kind").asText() + " " + r.path("values"));
    }
    return rows;
  }

  private static long count(JsonNode run, String step) {
    for (JsonNode s : run.path("steps")) {
      if (s.path("name").asText().equals(step)) {
        return s.path("rows").asLong();
      }
    }
    return -1;
  }

  @Test
  void sampleRowsShowEveryStepAndWriteNoSink() throws Exception {
    Path out = sinkDir();
    Http.Response started =
        http.post(
            "/api/v1/debug-runs",
            Map.of(
                "script", script(out.resolve("per_minute")),
                "samples",
                    Map.of(
                        "orders", Map.of("format", "json", "rows", ORDERS),
                        "merchants", Map.of("format", "json", "rows", MERCHANTS))));
    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    String id = started.body().path("id").asText();
    assertThat(started.body().path("steps").toString())
        .contains(
            "\"name\":\"big\"",
            "\"name\":\"enriched\"",
            "\"name\":\"minute_totals\"",
            "\"name\":\"region_counts\"");

    JsonNode run = awaitRun(id, r -> !r.path("status").asText().equals("RUNNING"));
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("FINISHED");

    // A filter: the 5.0 order is gone, the others arrive in order.
    assertThat(rows(id, "big"))
        .containsExactly(
            "+I [2,\"a\",20.0,\"2026-01-01T10:00:20\"]",
            "+I [3,\"b\",30.0,\"2026-01-01T10:00:30\"]",
            "+I [4,\"a\",40.0,\"2026-01-01T10:01:05\"]");
    // A join of two sources: the order of its output depends on which source is read first.
    assertThat(rows(id, "enriched"))
        .containsExactlyInAnyOrder(
            "+I [2,\"a\",\"north\",20.0]",
            "+I [3,\"b\",\"north\",30.0]",
            "+I [4,\"a\",\"north\",40.0]");
    // A window: the watermark of the sample rows closes 10:00 at the 10:01:05 row, 10:01 at the
    // end.
    List<String> windows = rows(id, "minute_totals");
    assertThat(windows.subList(0, 2))
        .containsExactlyInAnyOrder(
            "+I [\"a\",\"2026-01-01T10:00\",20.0]", "+I [\"b\",\"2026-01-01T10:00\",30.0]");
    assertThat(windows.subList(2, windows.size()))
        .containsExactly("+I [\"a\",\"2026-01-01T10:01\",40.0]");
    // An updating aggregate: every retraction, in order.
    assertThat(rows(id, "region_counts"))
        .containsExactly(
            "+I [\"north\",1]",
            "-U [\"north\",1]",
            "+U [\"north\",2]",
            "-U [\"north\",2]",
            "+U [\"north\",3]");
    assertThat(
            http.get("/api/v1/debug-runs/" + id + "/steps/region_counts/table").body().toString())
        .isEqualTo("[[\"north\",3]]");

    // The production sinks got nothing: no files, no topic.
    assertThat(Files.exists(out.resolve("per_minute"))).isFalse();
    assertThat(kafka.topics()).doesNotContain("debug.per_region");
  }

  /**
   * A metric group is debugged as it is written, before it is saved: its sources take sample events
   * exactly as the topic would hold them (a malformed line included), and every view and window
   * shows its rows; the Kafka sink is never written.
   */
  @Test
  void aMetricGroupIsDebuggedOnSampleEventsBeforeItIsSaved() throws Exception {
    String definition =
        """
        name: debug_payments
        sources:
          - name: payments
            kafka: {topic: debug.metric_events, bootstrapServers: "%1$s"}
            fields:
              - {name: merchant_id, path: $.merchant.id, type: STRING}
              - {name: amount, path: $.amount, type: DOUBLE}
              - {name: ts, path: $.ts, type: BIGINT}
        eventTime: {field: ts, lateness: 5s}
        keys: [merchant_id]
        metrics:
          - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}
          - {name: total, aggregation: sum, input: amount, windows: [{type: tumble, size: 1min}]}
        sinks:
          - {type: kafka, bootstrapServers: "%1$s", topic: debug.metric_results}
        """
            .formatted(platform.kafkaBootstrap());
    long t0 = 1767225600000L; // 2026-01-01T00:00Z
    List<String> events =
        List.of(
            "{\"merchant\": {\"id\": \"m1\"}, \"amount\": 10, \"ts\": " + (t0 + 1000) + "}",
            "{\"merchant\": {\"id\": \"m1\"}, \"amount\": \"15.5\", \"ts\": " + (t0 + 2000) + "}",
            "not json at all",
            "{\"merchant\": {\"id\": \"m2\"}, \"amount\": 3}",
            "{\"merchant\": {\"id\": \"m2\"}, \"amount\": 7, \"ts\": " + (t0 + 61000) + "}");
    Http.Response started =
        http.post(
            "/api/v1/metric-groups/debug",
            Map.of(
                "definition", definition, "samples", Map.of("payments", Map.of("rows", events))));
    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    String id = started.body().path("id").asText();
    JsonNode run = awaitRun(id, r -> !r.path("status").asText().equals("RUNNING"));
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("FINISHED");
    List<String> steps = new ArrayList<>();
    run.path("steps").forEach(step -> steps.add(step.path("name").asText()));
    assertThat(steps).contains("events", "prepared", "tumble_1m__kafka", "malformed__kafka");

    // The readable events with a time, their fields read from their paths ("15.5" as a number).
    List<String> read = rows(id, "events");
    assertThat(read).hasSize(3);
    assertThat(read.get(0)).startsWith("+I [\"m1\",10.0," + (t0 + 1000) + ",");
    assertThat(read.get(1)).startsWith("+I [\"m1\",15.5," + (t0 + 2000) + ",");
    assertThat(read.get(2)).startsWith("+I [\"m2\",7.0," + (t0 + 61000) + ",");
    // The end of the sample closes every window.
    assertThat(rows(id, "tumble_1m__kafka"))
        .containsExactly(
            "+I [\"m1\",\"2026-01-01T00:00\",\"2026-01-01T00:01\",2,25.5]",
            "+I [\"m2\",\"2026-01-01T00:01\",\"2026-01-01T00:02\",1,7.0]");
    // The line that is not JSON and the event without a time are counted, not failing the job.
    assertThat(
            http.get("/api/v1/debug-runs/" + id + "/steps/malformed__kafka/table")
                .body()
                .toString())
        .isEqualTo("[[\"payments\",2]]");
    assertThat(kafka.topics()).doesNotContain("debug.metric_results.tumble_1m");

    // Definition mistakes come back with their path, and nothing runs.
    Http.Response bad =
        http.post(
            "/api/v1/metric-groups/debug",
            Map.of(
                "definition",
                definition.replace(
                    "size: 1min}]}\n  - {name: total", "size: 1 minute}]}\n  - {name: total")));
    assertThat(bad.status()).as(bad.raw()).isEqualTo(422);
    assertThat(bad.body().path("errors").get(0).path("path").asText())
        .isEqualTo("metrics[0].windows[0].size");
  }

  @Test
  void liveSourcesAreReadWhereAskedAndStopEndsTheRun() {
    Path out = sinkDir();
    kafka.produce(
        "debug.orders",
        List.of(
            "{\"id\":7,\"merchant\":\"b\",\"amount\":70,\"ts\":\"2026-01-01 11:00:00\"}",
            "{\"id\":8,\"merchant\":\"b\",\"amount\":1,\"ts\":\"2026-01-01 11:00:01\"}"));
    Http.Response started =
        http.post(
            "/api/v1/debug-runs",
            Map.of(
                "script", script(out.resolve("per_minute")),
                "samples", Map.of("merchants", Map.of("rows", MERCHANTS)),
                "live", Map.of("orders", Map.of("from", "earliest"))));
    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    String id = started.body().path("id").asText();
    // Each step's tap posts its own batches, so a later step can arrive before an earlier one.
    awaitRun(
        id,
        r -> count(r, "big") >= 1 && count(r, "enriched") >= 1 && count(r, "region_counts") >= 1);
    assertThat(rows(id, "big")).containsExactly("+I [7,\"b\",70.0,\"2026-01-01T11:00\"]");
    assertThat(rows(id, "enriched")).containsExactly("+I [7,\"b\",\"north\",70.0]");

    JsonNode stopped = http.post("/api/v1/debug-runs/" + id + "/stop", Map.of()).body();
    assertThat(stopped.path("status").asText()).isEqualTo("STOPPED");
    awaitFlinkState(stopped.path("flinkJobId").asText(), "CANCELED");
    assertThat(Files.exists(out.resolve("per_minute"))).isFalse();
  }

  private String flinkState(String jobId) {
    return new Http(platform.flinkUrl()).get("/jobs/" + jobId).body().path("state").asText();
  }

  private void awaitFlinkState(String jobId, String state) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    String seen = flinkState(jobId);
    while (!seen.equals(state) && Instant.now().isBefore(deadline)) {
      Platform.sleep(300);
      seen = flinkState(jobId);
    }
    assertThat(seen).as("state of Flink job " + jobId).isEqualTo(state);
  }

  /** Ids 1, 2, 3, ... in order, so many a second, to the end of any test. */
  private static final String ENDLESS =
      """
      CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '%d',
        'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '100000');
      CREATE TABLE out1 (id BIGINT) WITH ('connector' = 'blackhole');
      CREATE VIEW evens AS SELECT id FROM gen WHERE MOD(id, 2) = 0;
      INSERT INTO out1 SELECT id FROM gen;
      """;

  @Test
  void aStepReachingItsRowLimitEndsTheRunAndCancelsTheJob() {
    Http.Response started =
        http.post(
            "/api/v1/debug-runs", Map.of("script", ENDLESS.formatted(50), "maxRowsPerStep", 7));
    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    String id = started.body().path("id").asText();
    JsonNode run = awaitRun(id, r -> r.path("status").asText().equals("LIMIT"));
    awaitFlinkState(run.path("flinkJobId").asText(), "CANCELED");
    // Each step took a prefix of its rows, and the one that reached the limit exactly 7.
    List<Long> all = ids(id, "out1");
    List<Long> evens = ids(id, "evens");
    assertThat(all).isEqualTo(range(1, all.size()));
    assertThat(evens)
        .isEqualTo(LongStream.rangeClosed(1, evens.size()).map(i -> 2 * i).boxed().toList());
    assertThat(all.size()).isLessThanOrEqualTo(7);
    assertThat(evens.size()).isLessThanOrEqualTo(7);
    // Whichever tap posted its seventh row first ended the run (each posts on its own clock).
    String reason = run.path("reason").asText();
    assertThat(reason).isIn("Step out1 reached 7 rows", "Step evens reached 7 rows");
    String full = reason.split(" ")[1];
    assertThat((full.equals("out1") ? all : evens).size()).isEqualTo(7);
    assertThat(count(run, full)).isEqualTo(7);
  }

  private List<Long> ids(String id, String step) {
    List<Long> ids = new ArrayList<>();
    for (JsonNode r : http.get("/api/v1/debug-runs/" + id + "/steps/" + step + "/rows").body()) {
      assertThat(r.path("kind").asText()).as(r.toString()).isEqualTo("+I");
      ids.add(r.path("values").get(0).asLong());
    }
    return ids;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void aRunOutlivesACrashOfTheServer() throws Exception {
    Http.Response started =
        http.post(
            "/api/v1/debug-runs",
            Map.of(
                "script",
                ENDLESS.formatted(4),
                "maxRowsPerStep",
                10_000,
                "idleSeconds",
                300,
                "maxSeconds",
                600));
    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    String id = started.body().path("id").asText();
    awaitRun(id, r -> count(r, "out1") >= 4);
    List<Long> before = ids(id, "out1");
    assertThat(before).isEqualTo(range(1, before.size()));

    // The job goes on while the server is down: what the tap could not post meanwhile is retried.
    try {
      platform.killServer();
    } finally {
      platform.start();
    }

    long last = before.size();
    JsonNode after = awaitRun(id, r -> count(r, "out1") > last + 8);
    assertThat(after.path("status").asText()).isEqualTo("RUNNING");
    // Every row in its order, those taken before the crash first: none lost, none twice.
    List<Long> all = ids(id, "out1");
    assertThat(all).isEqualTo(range(1, all.size()));
    assertThat(
            http.post("/api/v1/debug-runs/" + id + "/stop", Map.of())
                .body()
                .path("status")
                .asText())
        .isEqualTo("STOPPED");
  }

  /**
   * A task failover in the middle of a run: the tap starts again with a new attempt, numbering its
   * batches from 0 again, and the source replays from its last checkpoint. The rows of the new
   * attempt arrive after those of the first, none taken for a retry of the first attempt's.
   */
  @Test
  void rowsAfterATaskFailoverAreKept() {
    String topic = "debug.failover";
    String script =
        """
        CREATE TABLE events (id BIGINT, fail_until BIGINT) WITH (
          'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
          'properties.group.id' = 'production', 'scan.startup.mode' = 'earliest-offset',
          'format' = 'json');
        CREATE TABLE out1 (id BIGINT) WITH ('connector' = 'blackhole');
        -- A row whose fail_until (epoch seconds) is still ahead fails its task: a failover that
        -- ends by itself once that second has passed.
        INSERT INTO out1
        SELECT CASE WHEN fail_until > UNIX_TIMESTAMP()
            THEN CAST(CONCAT('poison row ', CAST(id AS STRING)) AS BIGINT) ELSE id END
        FROM events;
        """
            .formatted(topic, platform.kafkaBootstrap());
    kafka.produce(topic, events(1, 5, 0));
    Http.Response started =
        http.post(
            "/api/v1/debug-runs",
            Map.of(
                "script",
                script,
                "live",
                Map.of("events", Map.of("from", "earliest")),
                "idleSeconds",
                300,
                "maxSeconds",
                600));
    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    String id = started.body().path("id").asText();
    String flinkJob = started.body().path("flinkJobId").asText();
    awaitRun(id, r -> count(r, "out1") == 5);
    assertThat(ids(id, "out1")).isEqualTo(range(1, 5));

    // Row 6 fails every attempt that reads it in the next seconds; 7 to 10 follow it.
    long failUntil = Instant.now().getEpochSecond() + 5;
    List<String> more = new ArrayList<>(events(6, 6, failUntil));
    more.addAll(events(7, 10, 0));
    kafka.produce(topic, more);
    JsonNode run = awaitRun(id, r -> ids(id, "out1").contains(10L));
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("RUNNING");

    // A real failover happened, caused by row 6.
    JsonNode exceptions =
        new Http(platform.flinkUrl()).get("/jobs/" + flinkJob + "/exceptions").body();
    assertThat(exceptions.path("exceptionHistory").path("entries").toString())
        .as(exceptions.toString())
        .contains("poison row 6");
    // The first attempt's rows first; then the replays of the restarted attempts (rows from their
    // checkpoint up to 5, before failing on row 6 again); then the attempt that got through.
    List<Long> ids = ids(id, "out1");
    assertThat(ids.subList(0, 5)).isEqualTo(range(1, 5));
    assertThat(ids.subList(ids.size() - 5, ids.size())).isEqualTo(range(6, 10));
    assertThat(ids.subList(5, ids.size() - 5)).allSatisfy(i -> assertThat(i).isBetween(1L, 5L));
    assertThat(
            http.post("/api/v1/debug-runs/" + id + "/stop", Map.of())
                .body()
                .path("status")
                .asText())
        .isEqualTo("STOPPED");
  }

  private static List<String> events(long from, long to, long failUntil) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(i -> "{\"id\":" + i + ",\"fail_until\":" + failUntil + "}")
        .toList();
  }

  @Test
  void badSampleRowsAndUnknownTablesAreReportedWithWhere() {
    Path out = sinkDir();
    Http.Response r =
        http.post(
            "/api/v1/debug-runs",
            Map.of(
                "script", script(out.resolve("x")),
                "samples",
                    Map.of(
                        "orders",
                        Map.of(
                            "rows",
                            List.of(
                                Map.of("id", 1, "amount", 5),
                                Map.of("id", 2, "amount", "lots"),
                                Map.of("id", 3, "colour", "red"))))));
    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(r.body().path("errors").toString())
        .contains(
            "\"table\":\"orders\",\"row\":2,\"column\":\"amount\"",
            "\"row\":3,\"column\":\"colour\"");

    Http.Response unknown =
        http.post(
            "/api/v1/debug-runs",
            Map.of(
                "script",
                script(out.resolve("x")),
                "samples",
                Map.of("ordres", Map.of("rows", List.of()))));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body().path("errors").get(0).path("message").asText())
        .contains("ordres", "orders");

    Http.Response invalid =
        http.post(
            "/api/v1/debug-runs",
            Map.of(
                "script",
                "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\nINSERT INTO nope SELECT a FROM t;"));
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.body().path("errors").get(0).path("statement").asInt()).isEqualTo(2);
  }

  @Test
  void theCliStreamsEveryStepAndTakesJsonAndCsvSamples() throws Exception {
    Path dir = sinkDir();
    Path script = dir.resolve("job.sql");
    Files.writeString(script, script(dir.resolve("per_minute")));
    Path orders = dir.resolve("orders.json");
    Files.writeString(
        orders,
        String.join(
            "\n",
            "{\"id\": 2, \"merchant\": \"a\", \"amount\": 20, \"ts\": \"2026-01-01 10:00:20\"}",
            "{\"id\": 3, \"merchant\": \"b\", \"amount\": 30, \"ts\": \"2026-01-01 10:00:30\"}"));
    Path merchants = dir.resolve("merchants.csv");
    Files.writeString(merchants, "a,north\nb,south\n");
    Platform.CliResult cli =
        platform.cli(
            "debug",
            script.toString(),
            "--sample",
            "orders=" + orders,
            "--sample",
            "merchants=" + merchants);
    assertThat(cli.exitCode()).as(cli.output()).isZero();
    assertThat(cli.output())
        .contains(
            "step big (VIEW, statement 5)",
            "big +I [2,\"a\",20.0,\"2026-01-01T10:00:20\"]",
            "region_counts +I [\"south\",1]",
            "run FINISHED");

    // Paging through a step: one row at a time, each after the last seen.
    String id = http.get("/api/v1/debug-runs").body().get(0).path("id").asText();
    JsonNode first = http.get("/api/v1/debug-runs/" + id + "/steps/big/rows?limit=1").body();
    assertThat(first).hasSize(1);
    JsonNode second =
        http.get(
                "/api/v1/debug-runs/"
                    + id
                    + "/steps/big/rows?limit=1&after="
                    + first.get(0).path("seq").asLong())
            .body();
    assertThat(second.get(0).path("values").get(0).asInt()).isEqualTo(3);
  }

  @Test
  void aDebugJobWhoseRunHasEndedIsCancelledAsAnOrphan() throws Exception {
    Http.Response started =
        http.post("/api/v1/debug-runs", Map.of("script", ENDLESS.formatted(2), "idleSeconds", 300));
    assertThat(started.status()).as(started.raw()).isEqualTo(201);
    String id = started.body().path("id").asText();
    String flinkJob = started.body().path("flinkJobId").asText();
    awaitRun(id, r -> count(r, "out1") >= 1);

    // A crash between ending a run and cancelling its job: the store says ended, the job runs on.
    platform.killServer();
    try {
      try (java.sql.Connection store =
              java.sql.DriverManager.getConnection(
                  "jdbc:h2:file:" + platform.dataDir.resolve("store/sluice"), "sa", "");
          java.sql.Statement s = store.createStatement()) {
        s.executeUpdate(
            "UPDATE debug_runs SET status = 'STOPPED', ended_at = CURRENT_TIMESTAMP WHERE id = '"
                + id
                + "'");
      }
      // The job runs on without the server (it may still be switching from INITIALIZING).
      awaitFlinkState(flinkJob, "RUNNING");
    } finally {
      // Whatever failed above, the ITs after this one find the server up.
      platform.start();
    }
    awaitFlinkState(flinkJob, "CANCELED");
  }

  @Test
  void runsPerClusterAreCapped() {
    List<String> ids = new ArrayList<>();
    try {
      Http.Response refused = null;
      for (int i = 0; i < 10 && refused == null; i++) {
        Http.Response r = http.post("/api/v1/debug-runs", Map.of("script", ENDLESS.formatted(1)));
        if (r.status() == 201) {
          ids.add(r.body().path("id").asText());
        } else {
          refused = r;
        }
      }
      assertThat(refused).isNotNull();
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body().path("detail").asText()).contains("at most 4");
    } finally {
      ids.forEach(id -> http.post("/api/v1/debug-runs/" + id + "/stop", Map.of()));
    }
  }
}
