package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The metric builder as a business user works it, in a real browser ({@code
 * sluice-web/e2e/metrics.e2e.mjs}: Debian's chromium driven by playwright-core): the group is built
 * only through the form, debugged on pasted events, saved and deployed, and followed in the lineage
 * explorer. This test fills the topic and the PostgreSQL dimension table the form browses, computes
 * the debug run's rows and every window's metrics from the same events in plain Java, and compares
 * the deployed job's output on the real broker with them. Screenshots land in {@code
 * target/metrics-e2e/}.
 */
@Order(61)
class MetricBuilderIT {
  private final Platform platform = Platform.get();
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());
  private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private final String group = "builder_" + suffix;
  private final String topic = "builder_" + suffix + ".payments";
  private final String sinkTopic = "builder_" + suffix + ".out";
  private final String table = "builder_merchants_" + suffix;

  static final long T0 = LocalDateTime.of(2026, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1000;
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** The dimension table; m5 is not in it, so its events have no category and count nowhere. */
  static final Map<String, String> CATEGORIES =
      Map.of("m1", "food", "m2", "food", "m3", "travel", "m4", "games");

  record Payment(String payer, String merchant, String amount, long ts) {
    String json() {
      return "{\"payer\": {\"id\": \""
          + payer
          + "\", \"level\": 2}, \"merchant\": {\"id\": \""
          + merchant
          + "\"}, \"amount\": \""
          + amount
          + "\", \"ts\": "
          + ts
          + "}";
    }

    double value() {
      return Double.parseDouble(amount);
    }

    /** Kept by the group's filter (amount > 0) and keyed by the enrichment (a category). */
    boolean counted() {
      return value() > 0 && CATEGORIES.containsKey(merchant);
    }

    double fee() {
      return value() * 0.006;
    }
  }

  @Test
  void aGroupBuiltOnlyInTheFormComputesWhatJavaComputes() throws Exception {
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(
          db,
          "CREATE TABLE "
              + table
              + " (id VARCHAR(16) PRIMARY KEY, category VARCHAR(32) NOT NULL, opened DATE)");
      for (var e : CATEGORIES.entrySet()) {
        TestPostgres.exec(
            db,
            "INSERT INTO "
                + table
                + " VALUES ('"
                + e.getKey()
                + "', '"
                + e.getValue()
                + "', DATE '2025-06-01')");
      }
    }

    // The topic's events: minutes 0..3, amounts as text (some 0, filtered out), five merchants.
    Random random = new Random(7);
    List<Payment> payments = new ArrayList<>();
    for (int i = 0; i < 480; i++) {
      String amount =
          random.nextInt(12) == 0
              ? "0"
              : String.format(Locale.ROOT, "%.2f", Math.exp(3 + random.nextGaussian()));
      payments.add(
          new Payment(
              "p" + random.nextInt(50), "m" + (1 + random.nextInt(5)), amount, T0 + i * 500L));
    }
    List<String> lines = new ArrayList<>(payments.stream().map(Payment::json).toList());
    lines.add(200, "not json at all");
    // Closes every window of minutes 0..4 (the watermark passes 00:05); its own stay open.
    lines.add(new Payment("p0", "m1", "1.00", T0 + 600_000).json());
    kafka.produce(topic, lines);

    // The events the user pastes in the builder: minute 0, a filtered one, one without a category
    // and a line that is not JSON.
    List<Payment> pasted =
        List.of(
            new Payment("p1", "m1", "12.50", T0 + 1000),
            new Payment("p2", "m2", "3", T0 + 2000),
            new Payment("p3", "m1", "40.25", T0 + 3000),
            new Payment("p1", "m2", "7.75", T0 + 4000),
            new Payment("p4", "m1", "100", T0 + 5000),
            new Payment("p5", "m2", "0.50", T0 + 6000),
            new Payment("p6", "m1", "0", T0 + 7000),
            new Payment("p7", "m3", "20", T0 + 8000),
            new Payment("p8", "m5", "9.99", T0 + 9000));
    List<String> samples = new ArrayList<>(pasted.stream().map(Payment::json).toList());
    samples.add(4, "not json at all");
    List<Map<String, Object>> debugTumble = new ArrayList<>();
    for (var e : byWindow(pasted, 60_000, 60_000).entrySet()) {
      List<Payment> events = e.getValue();
      debugTumble.add(
          Map.of(
              "category",
              e.getKey().substring(0, e.getKey().indexOf('@')),
              "tx",
              events.size(),
              "fees",
              events.stream().mapToDouble(Payment::fee).sum()));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("group", group);
    spec.put("topic", topic);
    spec.put("sinkTopic", sinkTopic);
    spec.put("jdbcUrl", TestPostgres.url());
    spec.put("jdbcUser", TestPostgres.user());
    spec.put("table", table);
    spec.put("samples", samples);
    spec.put(
        "debug",
        Map.of(
            "tumble",
            debugTumble,
            "hopRows",
            byWindow(pasted, 120_000, 60_000).size(),
            "malformed",
            1));
    Path out = Path.of("target/metrics-e2e").toAbsolutePath();
    Files.createDirectories(out);
    Path specFile = out.resolve("spec.json");
    Files.writeString(specFile, Http.JSON.writeValueAsString(spec));

    BrowserScript.run(
        platform, "e2e/metrics.e2e.mjs", out, Map.of("SLUICE_E2E_SPEC", specFile.toString()), 15);
    assertThat(BrowserScript.screenshots(out)).as("a screenshot of every step").isGreaterThan(8);

    // The listing names the saved version's windows and their metrics (the builder's reuse search
    // reads them from there).
    JsonNode listed = null;
    for (JsonNode g : platform.http.get("/api/v1/metric-groups").body()) {
      if (g.path("name").asText().equals(group)) {
        listed = g;
      }
    }
    assertThat(listed).as("the group is listed").isNotNull();
    assertThat(listed.path("version").asInt()).isEqualTo(1);
    assertThat(listed.path("windows").toString())
        .isEqualTo(
            "{\"tumble_1m\":[\"tx\",\"fees\",\"p90\",\"avg_fee\"],\"hop_2m_1m\":[\"tx\",\"payers\"]}");
    assertThat(listed.path("metrics").toString()).isEqualTo("[\"tx\",\"fees\",\"p90\",\"payers\"]");

    // The deployed job's output: one row per category and window, as computed here.
    Map<String, List<Payment>> perMinute = byWindow(payments, 60_000, 60_000);
    Map<String, JsonNode> tumble = read(sinkTopic + ".tumble_1m", perMinute.size());
    assertThat(tumble.keySet()).isEqualTo(perMinute.keySet());
    for (var e : perMinute.entrySet()) {
      JsonNode row = tumble.get(e.getKey());
      List<Payment> events = e.getValue();
      String where = "tumble window " + e.getKey();
      double fees = events.stream().mapToDouble(Payment::fee).sum();
      assertThat(row.path("tx").asLong()).as(where).isEqualTo(events.size());
      assertThat(row.path("fees").asDouble()).as(where).isCloseTo(fees, within(1e-9));
      assertThat(row.path("avg_fee").asDouble())
          .as(where)
          .isCloseTo(fees / events.size(), within(1e-9));
      // The REQ sketch answers a rank: its p90 lies between the order statistics around 0.9 n.
      List<Double> amounts = events.stream().map(Payment::value).sorted().toList();
      int n = amounts.size();
      double lo = amounts.get(Math.max(0, (int) Math.floor(0.9 * n) - 1));
      double hi = amounts.get(Math.min(n - 1, (int) Math.ceil(0.9 * n)));
      assertThat(row.path("p90").asDouble()).as(where).isBetween(lo * (1 - 1e-6), hi * (1 + 1e-6));
    }

    Map<String, List<Payment>> sliding = byWindow(payments, 120_000, 60_000);
    Map<String, JsonNode> hop = read(sinkTopic + ".hop_2m_1m", sliding.size());
    assertThat(hop.keySet()).isEqualTo(sliding.keySet());
    for (var e : sliding.entrySet()) {
      JsonNode row = hop.get(e.getKey());
      String where = "hop window " + e.getKey();
      Set<String> payers = new HashSet<>();
      e.getValue().forEach(p -> payers.add(p.payer()));
      assertThat(row.path("tx").asLong()).as(where).isEqualTo(e.getValue().size());
      // HyperLogLog: about 1.6 % standard error; exact at these cardinalities is allowed.
      assertThat((double) row.path("payers").asLong())
          .as(where)
          .isCloseTo(payers.size(), Percentage.withPercentage(5));
    }

    // In the browser: version 2 makes p90 the 95th percentile (the restore plan keeps every
    // window's state), version 3 adds the metric top to the minute (the plan restarts the tumble
    // window empty and keeps the hop window's state; the user ticks the one and deploys).
    BrowserScript.run(
        platform,
        "e2e/metrics.e2e.mjs",
        out,
        Map.of("SLUICE_E2E_SPEC", specFile.toString(), "SLUICE_E2E_PHASE", "upgrade"),
        10);
    // Version 1's last event (00:10, food) was in both windows' state when the job stopped. An
    // event
    // at 00:20 and one at 00:30 close the windows of 00:10 and 00:20.
    kafka.produce(
        topic,
        List.of(
            new Payment("p9", "m3", "5.00", T0 + 1_200_000).json(),
            new Payment("p0", "m1", "1.00", T0 + 1_800_000).json()));
    String at20 = "travel@2026-01-01 00:20:00";
    Map<String, JsonNode> tumbleAfter = read(sinkTopic + ".tumble_1m", perMinute.size() + 1);
    Set<String> tumbleKeys = new HashSet<>(perMinute.keySet());
    tumbleKeys.add(at20);
    assertThat(tumbleAfter.keySet())
        .as("the tumble window restarted empty: the 00:10 event is not in it")
        .isEqualTo(tumbleKeys);
    assertThat(tumbleAfter.get(at20).path("tx").asLong()).isEqualTo(1);
    assertThat(tumbleAfter.get(at20).path("p90").asDouble()).isEqualTo(5.0);
    assertThat(tumbleAfter.get(at20).path("top").asDouble()).isEqualTo(5.0);
    Map<String, JsonNode> hopAfter = read(sinkTopic + ".hop_2m_1m", sliding.size() + 4);
    Set<String> hopKeys = new HashSet<>(sliding.keySet());
    hopKeys.addAll(
        List.of(
            "food@2026-01-01 00:09:00",
            "food@2026-01-01 00:10:00",
            "travel@2026-01-01 00:19:00",
            at20));
    assertThat(hopAfter.keySet()).isEqualTo(hopKeys);
    for (String kept : List.of("food@2026-01-01 00:09:00", "food@2026-01-01 00:10:00")) {
      assertThat(hopAfter.get(kept).path("tx").asLong())
          .as("the hop window kept version 1's event in " + kept)
          .isEqualTo(1);
    }
  }

  /** The counted events by category@window start, for windows of the given size and slide. */
  private static Map<String, List<Payment>> byWindow(List<Payment> events, long size, long slide) {
    Map<String, List<Payment>> out = new TreeMap<>();
    for (Payment p : events) {
      if (!p.counted()) {
        continue;
      }
      long last = p.ts() - Math.floorMod(p.ts(), slide);
      for (long start = last; start > p.ts() - size; start -= slide) {
        String key =
            CATEGORIES.get(p.merchant())
                + "@"
                + LocalDateTime.ofEpochSecond(start / 1000, 0, ZoneOffset.UTC).format(TIME);
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
      }
    }
    return out;
  }

  /** The rows of a window's topic by category@window start, once there are as many as expected. */
  private Map<String, JsonNode> read(String topic, int expected) throws Exception {
    List<ConsumerRecord<String, String>> records =
        kafka.readUntil(topic, 0, r -> r.size() >= expected, Duration.ofMinutes(3));
    Map<String, JsonNode> rows = new TreeMap<>();
    for (ConsumerRecord<String, String> r : records) {
      JsonNode row = Http.JSON.readTree(r.value());
      rows.put(row.path("category").asText() + "@" + row.path("window_start").asText(), row);
    }
    assertThat(records).as(topic + ": one row per category and window").hasSize(rows.size());
    return rows;
  }
}
