package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A data-quality monitor on the table a job declares: ten rows of one 10 s window with two NULL
 * merchants, three amounts out of range and two repeated ids give exactly 0.2, 0.3 and 0.2 in the
 * monitor's results and in its job's metrics, 1.25 against the eight rows of the same window a day
 * earlier, and a rule on {@code dq_null_ratio > 0.1} fires at a local webhook.
 */
@Order(47)
class QualityMonitorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "quality-it.payments";
  private static final String MONITOR = "quality-it";
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  @Test
  void aMonitorsWindowValuesAreMetricsOfItsJobAndFireARule() throws Exception {
    List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          received.add(
              JSON.readTree(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    long monitorJob = -1;
    try {
      // The job whose table the monitor reads: saved, never deployed; its columns are the
      // monitor's.
      jobs.create(
          "quality_it_payments",
          """
          CREATE TABLE payments (id BIGINT, merchant STRING, amount DOUBLE, ts TIMESTAMP(3)) WITH (
            'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
            'properties.group.id' = 'quality-it', 'scan.startup.mode' = 'latest-offset',
            'format' = 'json');
          CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
          INSERT INTO sink SELECT id FROM payments;
          """
              .formatted(TOPIC, platform.kafkaBootstrap()));
      Http.Response channel =
          platform.http.post(
              "/api/v1/channels",
              Map.of(
                  "name",
                  "quality-it-hook",
                  "type",
                  "webhook",
                  "url",
                  "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                  "project",
                  "demo"));
      assertThat(channel.status()).as(channel.raw()).isEqualTo(201);

      String definition =
          """
          {"name": "%s", "project": "demo",
           "source": {"job": "quality_it_payments", "table": "payments",
                      "kafka": {"topic": "%s", "startFrom": "earliest"}},
           "eventTime": "ts", "window": "10s",
           "checks": [{"type": "null_ratio", "column": "merchant"},
                      {"type": "range", "column": "%s", "min": 0, "max": 100000},
                      {"type": "duplicate_key_ratio", "key": ["id"]},
                      {"type": "freshness"}, {"type": "volume_vs_previous_day"}]}
          """;
      Http.Response noTable =
          platform.http.post(
              "/api/v1/quality-monitors",
              JSON.readTree(
                  definition
                      .formatted(MONITOR, TOPIC, "amount")
                      .replace("\"table\": \"payments\"", "\"table\": \"paymnts\"")));
      assertThat(noTable.status()).as(noTable.raw()).isEqualTo(400);
      assertThat(noTable.body().path("errors").get(0).path("field").asText())
          .isEqualTo("source.table");
      assertThat(noTable.raw())
          .contains("no table 'paymnts' in job quality_it_payments; did you mean 'payments'?");
      Http.Response typo =
          platform.http.post(
              "/api/v1/quality-monitors",
              JSON.readTree(definition.formatted(MONITOR, TOPIC, "amout")));
      assertThat(typo.status()).as(typo.raw()).isEqualTo(400);
      assertThat(typo.contentType()).startsWith("application/problem+json");
      assertThat(typo.body().path("errors").get(0).path("field").asText())
          .isEqualTo("checks[1].column");
      assertThat(typo.raw()).contains("no column 'amout' in payments; did you mean 'amount'?");

      Http.Response created =
          platform.http.post(
              "/api/v1/quality-monitors",
              JSON.readTree(definition.formatted(MONITOR, TOPIC, "amount")));
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      assertThat(created.body().path("schema").toString())
          .isEqualTo(
              "[{\"name\":\"id\",\"type\":\"BIGINT\"},{\"name\":\"merchant\",\"type\":\"STRING\"},"
                  + "{\"name\":\"amount\",\"type\":\"DOUBLE\"},"
                  + "{\"name\":\"ts\",\"type\":\"TIMESTAMP(3)\"}]");
      assertThat(created.body().path("job").path("name").asText()).isEqualTo("quality.quality-it");

      Http.Response sql = platform.http.get("/api/v1/quality-monitors/" + MONITOR + "/sql");
      assertThat(sql.status()).as(sql.raw()).isEqualTo(200);
      assertThat(sql.body().path("sql").asText())
          .contains(
              "FROM TABLE(TUMBLE(TABLE `timed`, DESCRIPTOR(`ts`), INTERVAL '10.000' SECOND))");

      // The topic exists before the job reads it (a Kafka source fails on a missing topic); a
      // record that is not JSON has no event time and counts in no window.
      KafkaTopics topics = new KafkaTopics(platform.kafkaBootstrap());
      topics.produce(TOPIC, List.of("not json"));

      Http.Response deployed =
          platform.http.post("/api/v1/quality-monitors/" + MONITOR + "/deploy", Map.of());
      assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
      monitorJob = deployed.body().path("id").asLong();
      assertThat(deployed.body().path("name").asText()).isEqualTo("quality.quality-it");
      jobs.awaitRunning(monitorJob);

      Http.Response rule =
          platform.http.post(
              "/api/v1/alert-rules",
              JSON.readTree(
                  """
                  {"name": "quality-it-nulls", "job": "quality.quality-it", "severity": "P1",
                   "channels": ["quality-it-hook"],
                   "conditions": [{"metric": "dq_null_ratio", "column": "merchant",
                                   "op": ">", "value": 0.1}]}
                  """));
      assertThat(rule.status()).as(rule.raw()).isEqualTo(201);

      // The same window a day earlier: eight clean rows, and one two windows later whose event
      // time moves the watermark past the window's end.
      Instant window = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
      Instant dayBefore = window.minus(Duration.ofDays(1));
      List<String> earlier = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        earlier.add(row(100 + i, "m" + i, 5, dayBefore.plusSeconds(i)));
      }
      earlier.add(row(199, "m9", 1, dayBefore.plusSeconds(25)));
      topics.produce(TOPIC, earlier);
      await("the window of the day before", () -> results(dayBefore), Duration.ofMinutes(2));

      // Ten rows of the window (the source reads from the earliest offset), then one two windows
      // later.
      String[] merchants = {"m1", null, "m2", "m3", null, "m4", "m5", "m6", "m7", "m8"};
      double[] amounts = {10, -1, 20, 200000, 30, 40, 100001, 50, 60, 70};
      long[] ids = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2};
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        rows.add(row(ids[i], merchants[i], amounts[i], window.plusSeconds(i)));
      }
      rows.add(row(99, "m9", 1, window.plusSeconds(25)));
      topics.produce(TOPIC, rows);

      JsonNode first = await("the window's results", () -> results(window), Duration.ofMinutes(2));
      assertThat(Instant.parse(first.path("windowEnd").asText())).isEqualTo(window.plusSeconds(10));
      Map<String, JsonNode> values = new HashMap<>();
      for (JsonNode v : first.path("values")) {
        values.put(v.path("metric").asText() + "/" + v.path("label").asText(), v.path("value"));
      }
      assertThat(values.get("dq_rows/null").asDouble()).isEqualTo(10.0);
      assertThat(values.get("dq_null_ratio/merchant").asDouble()).isEqualTo(0.2);
      assertThat(values.get("dq_out_of_range_ratio/amount").asDouble()).isEqualTo(0.3);
      assertThat(values.get("dq_duplicate_key_ratio/id").asDouble()).isEqualTo(0.2);
      // The newest event was 9 s into the window, an hour ago or more.
      assertThat(values.get("dq_freshness/null").asDouble())
          .isGreaterThanOrEqualTo(Duration.ofHours(1).minusSeconds(9).toMillis());
      // 10 rows against 8 in the same window a day earlier.
      assertThat(values.get("dq_volume_vs_previous_day/null").asDouble()).isEqualTo(1.25);

      // The same values are metrics of the monitor's job, per column.
      long job = monitorJob;
      Http.Response metrics =
          platform.http.get(
              "/api/v1/jobs/"
                  + job
                  + "/metrics?names=dq_null_ratio,dq_out_of_range_ratio,dq_duplicate_key_ratio"
                  + "&from="
                  + Instant.now().minusSeconds(300));
      assertThat(metrics.status()).as(metrics.raw()).isEqualTo(200);
      Map<String, Double> latest = new HashMap<>();
      for (JsonNode series : metrics.body().path("series")) {
        JsonNode points = series.path("points");
        latest.put(
            series.path("name").asText() + "/" + series.path("vertex").asText(),
            points.get(points.size() - 1).get(1).asDouble());
      }
      assertThat(latest)
          .containsEntry("dq_null_ratio/merchant", 0.2)
          .containsEntry("dq_out_of_range_ratio/amount", 0.3)
          .containsEntry("dq_duplicate_key_ratio/id", 0.2);

      JsonNode fired =
          await(
              "the firing message",
              () -> received.isEmpty() ? null : received.get(0),
              Duration.ofMinutes(1));
      assertThat(fired.path("status").asText()).isEqualTo("firing");
      assertThat(fired.path("rule").asText()).isEqualTo("quality-it-nulls");
      assertThat(fired.path("job").asText()).isEqualTo("quality.quality-it");
      assertThat(fired.path("vertex").asText()).isEqualTo("merchant");
      assertThat(fired.path("value").asDouble()).isEqualTo(0.2);

      // Prometheus sees the results per column and the firing alert.
      String scraped = platform.http.get("/metrics").raw();
      String labels = "job=\"quality.quality-it\",project=\"demo\"";
      assertThat(scraped)
          .contains("sluice_dq_null_ratio{" + labels + ",column=\"merchant\"} 0.2\n")
          .contains("sluice_dq_out_of_range_ratio{" + labels + ",column=\"amount\"} 0.3\n")
          .contains("sluice_dq_duplicate_key_ratio{" + labels + ",column=\"id\"} 0.2\n")
          .contains("sluice_dq_rows{" + labels + "} 10\n")
          .contains("sluice_job_alerts_firing{" + labels + ",severity=\"P1\"} 1\n")
          .contains("sluice_job_alerts_firing{" + labels + ",severity=\"P0\"} 0\n");
    } finally {
      receiver.stop(0);
      if (monitorJob > 0) {
        jobs.stop(monitorJob, false);
      }
    }
  }

  /** The stored values of the window that starts at the given time, or null. */
  private JsonNode results(Instant start) {
    Http.Response r = platform.http.get("/api/v1/quality-monitors/" + MONITOR + "/results");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    for (JsonNode w : r.body().path("windows")) {
      if (Instant.parse(w.path("windowStart").asText()).equals(start)) {
        return w;
      }
    }
    return null;
  }

  private static String row(long id, String merchant, double amount, Instant ts) throws Exception {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("merchant", merchant);
    row.put("amount", amount);
    // Flink's json format reads a TIMESTAMP(3) as "yyyy-MM-dd HH:mm:ss.SSS".
    row.put("ts", ts.toString().replace('T', ' ').replace("Z", ""));
    return JSON.writeValueAsString(row);
  }

  private static <T> T await(String what, Supplier<T> probe, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Platform.sleep(500);
    }
    throw new AssertionError(what + " did not come within " + timeout);
  }
}
