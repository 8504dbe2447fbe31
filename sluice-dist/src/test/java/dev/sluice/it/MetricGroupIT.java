package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A metric group on the real cluster: a generator writes payments (nested JSON, out of order, late
 * events, nulls, malformed lines) into Kafka; the test computes every metric of every closed window
 * in plain Java from the same events and compares: exact metrics exactly, approximate ones within
 * their stated error. Malformed events are skipped and counted.
 */
@Order(12)
class MetricGroupIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());

  static final long T0 = LocalDateTime.of(2026, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1000;
  static final String IN = "metrics_it.payments";
  static final String OUT = "metrics_it.out";

  private String definition() {
    return """
        name: payments_it
        timeZone: UTC
        sources:
          - name: payments
            kafka: {topic: %s, bootstrapServers: "%s", startFrom: earliest}
            fields:
              - {name: payer_id, path: $.payer.id, type: STRING}
              - {name: merchant_id, path: $.merchant.id, type: STRING}
              - {name: amount, path: $.amount, type: DOUBLE}
              - {name: ts, path: $.ts, type: BIGINT}
        eventTime: {field: ts, lateness: 5s}
        preprocess:
          filters: ["amount IS NOT NULL"]
        keys: [merchant_id]
        metrics:
          - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}
          - {name: total, aggregation: sum, input: amount, windows: [{type: tumble, size: 1min}]}
          - {name: top, aggregation: max, input: amount, windows: [{type: tumble, size: 1min}]}
          - {name: big, aggregation: count, filter: "amount >= 500", windows: [{type: tumble, size: 1min}]}
          - {name: payers, aggregation: count_distinct, input: payer_id, windows: [{type: tumble, size: 1min}]}
          - {name: payers_approx, aggregation: approx_count_distinct, input: payer_id, windows: [{type: tumble, size: 1min}]}
          - {name: p99, aggregation: percentile, percentile: 0.99, input: amount, windows: [{type: tumble, size: 1min}]}
          - {name: spread, aggregation: var_pop, input: amount, windows: [{type: tumble, size: 1min}]}
          - {name: recent, aggregation: last_k, input: amount, k: 3, windows: [{type: tumble, size: 1min}]}
        derived:
          - {name: big_share, expr: "big / tx"}
        sinks:
          - {type: kafka, bootstrapServers: "%s", topic: %s}
        """
        .formatted(IN, platform.kafkaBootstrap(), platform.kafkaBootstrap(), OUT);
  }

  record Payment(String payer, String merchant, Double amount, long ts) {
    String json() {
      return "{\"payer\": {\"id\": \""
          + payer
          + "\", \"province\": \"GD\"}, \"merchant\": {\"id\": \""
          + merchant
          + "\"}, \"amount\": "
          + (amount == null ? "null" : amount.toString())
          + ", \"ts\": "
          + ts
          + "}";
    }
  }

  @Test
  void everyMetricMatchesTheSameEventsComputedInJava() throws Exception {
    Random random = new Random(42);
    List<Payment> first = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      long ts = T0 + (long) (random.nextDouble() * 240_000); // minutes 0..3
      Double amount =
          random.nextInt(40) == 0
              ? null
              : Math.round(Math.exp(4 + 1.2 * random.nextGaussian()) * 100) / 100.0;
      first.add(new Payment("p" + random.nextInt(60), "m" + random.nextInt(4), amount, ts));
    }
    // Out of order, but within the 5 s lateness: sort by time, then swap neighbours 3 s apart at
    // most.
    first.sort((a, b) -> Long.compare(a.ts(), b.ts()));
    for (int i = 1; i < first.size(); i++) {
      if (random.nextBoolean() && first.get(i).ts() - first.get(i - 1).ts() < 3000) {
        Collections.swap(first, i, i - 1);
      }
    }
    List<String> lines = new ArrayList<>(first.stream().map(Payment::json).toList());
    lines.add(150, "not json at all");
    lines.add(
        600, "{\"payer\": {\"id\": \"p1\"}, \"merchant\": {\"id\": \"m1\"}, \"amount\": 5.0}");
    lines.add(900, "{\"truncated\": ");
    // Closes every window of minutes 0..3: the watermark passes 00:04.
    Payment closer = new Payment("p0", "m9", 1.0, T0 + 300_000);
    lines.add(closer.json());
    kafka.produce(IN, lines);

    Http.Response compiled =
        http.postText("/api/v1/metric-groups/compile", "application/yaml", definition());
    assertThat(compiled.status()).as(compiled.raw()).isEqualTo(200);
    Http.Response saved = http.postText("/api/v1/metric-groups", "application/yaml", definition());
    assertThat(saved.status()).as(saved.raw()).isEqualTo(201);
    Http.Response deployed = http.post("/api/v1/metric-groups/payments_it/deploy", Map.of());
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);

    String topic = OUT + ".tumble_1m";
    Map<String, List<Payment>> expected = windows(first);
    List<ConsumerRecord<String, String>> records =
        kafka.readUntil(topic, 0, r -> r.size() >= expected.size(), Duration.ofMinutes(3));

    // Late events: their windows have fired (results are out), so they must change nothing.
    List<String> late = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      late.add(new Payment("late" + i, "m0", 999.0, T0 + 10_000 + i).json());
    }
    late.add(new Payment("p0", "m8", 1.0, T0 + 400_000).json()); // advances time past the late ones
    kafka.produce(IN, late);
    // The closer's own window fires once the event after the late ones moved time past it; by
    // then every late event was read (one partition, in order) and had its chance to count.
    records =
        kafka.readUntil(
            topic,
            0,
            r -> r.stream().anyMatch(x -> x.value().contains("\"merchant_id\":\"m9\"")),
            Duration.ofMinutes(1));
    assertThat(records)
        .as("one row per window, none for the late events")
        .hasSize(expected.size() + 1);

    Map<String, JsonNode> actual = new TreeMap<>();
    for (ConsumerRecord<String, String> r : records) {
      JsonNode row = Http.JSON.readTree(r.value());
      actual.put(row.path("merchant_id").asText() + "@" + row.path("window_start").asText(), row);
    }
    for (var e : expected.entrySet()) {
      JsonNode row = actual.get(e.getKey());
      assertThat(row).as("window " + e.getKey() + " in " + actual.keySet()).isNotNull();
      List<Payment> events = e.getValue();
      List<Double> amounts = events.stream().map(Payment::amount).sorted().toList();
      String where = "window " + e.getKey();
      assertThat(row.path("tx").asLong()).as(where).isEqualTo(events.size());
      assertThat(row.path("total").asDouble())
          .as(where)
          .isCloseTo(
              amounts.stream().mapToDouble(d -> d).sum(),
              org.assertj.core.data.Offset.offset(1e-6));
      assertThat(row.path("top").asDouble()).as(where).isEqualTo(amounts.get(amounts.size() - 1));
      long big = amounts.stream().filter(a -> a >= 500).count();
      assertThat(row.path("big").asLong()).as(where).isEqualTo(big);
      Set<String> payers = new HashSet<>();
      events.forEach(p -> payers.add(p.payer()));
      assertThat(row.path("payers").asLong()).as(where).isEqualTo(payers.size());
      // HyperLogLog (lgK 12): about 1.6 % standard error; exact at these cardinalities is allowed.
      assertThat((double) row.path("payers_approx").asLong())
          .as(where)
          .isCloseTo(payers.size(), org.assertj.core.data.Percentage.withPercentage(5));
      // The sketch answers a rank: its p99 lies between the order statistics around rank 0.99 n.
      int n = amounts.size();
      double lo = amounts.get(Math.max(0, (int) Math.floor(0.99 * n) - 1));
      double hi = amounts.get(Math.min(n - 1, (int) Math.ceil(0.99 * n)));
      // (The REQ sketch keeps values as float: seven significant digits.)
      assertThat(row.path("p99").asDouble()).as(where).isBetween(lo * (1 - 1e-6), hi * (1 + 1e-6));
      double mean = amounts.stream().mapToDouble(d -> d).average().orElse(0);
      double var = amounts.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / n;
      assertThat(row.path("spread").asDouble())
          .as(where)
          .isCloseTo(var, org.assertj.core.data.Percentage.withPercentage(1e-6));
      // The three latest amounts by event time (ties in arrival order), oldest first.
      List<String> recent =
          events.stream()
              .sorted((x, y) -> Long.compare(x.ts(), y.ts()))
              .skip(Math.max(0, events.size() - 3))
              .map(p -> p.amount().toString())
              .toList();
      List<String> got = new ArrayList<>();
      row.path("recent").forEach(v -> got.add(v.asText()));
      assertThat(got).as(where).isEqualTo(recent);
      assertThat(row.path("big_share").asDouble())
          .as(where)
          .isCloseTo((double) big / n, org.assertj.core.data.Offset.offset(1e-9));
    }
    // The late events were dropped: m0's first window is still the one computed without them (a
    // second row for it would have replaced the first in `actual` and failed the counts above).

    // Malformed events are counted per source, never failing the job.
    List<ConsumerRecord<String, String>> malformed =
        kafka.readUntil(
            OUT + ".malformed",
            0,
            r -> !r.isEmpty() && r.get(r.size() - 1).value().contains("\"malformed\":3"),
            Duration.ofMinutes(1));
    assertThat(malformed.get(malformed.size() - 1).value()).contains("\"source\":\"payments\"");
    JsonNode job = http.get("/api/v1/jobs?name=metrics.payments_it").body().get(0);
    assertThat(job.path("state").asText()).isEqualTo("RUNNING");
  }

  /** Events by merchant@window start, for windows closed by the closer event, nulls filtered. */
  private static Map<String, List<Payment>> windows(List<Payment> events) {
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    Map<String, List<Payment>> out = new HashMap<>();
    for (Payment p : events) {
      if (p.amount() == null) {
        continue;
      }
      long start = p.ts() - Math.floorMod(p.ts(), 60_000L);
      String key =
          p.merchant()
              + "@"
              + LocalDateTime.ofEpochSecond(start / 1000, 0, ZoneOffset.UTC).format(format);
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
    }
    return out;
  }

  /**
   * Event times as producers write them: ISO-8601 with {@code Z}, {@code +08:00}, {@code +0800},
   * {@code +08} or no zone, a {@code T} or a space, 3 or 9 fractional digits or none, epoch
   * milliseconds as a number and as text, and epoch seconds from a second topic whose field says
   * so. Read into TIMESTAMP_LTZ (one group) and TIMESTAMP (another) in Asia/Shanghai, every event
   * lands in its minute; events without a readable time are counted as malformed.
   */
  @Test
  void eventTimesInEveryWrittenFormLandInTheirWindows() throws Exception {
    ZoneId shanghai = ZoneId.of("Asia/Shanghai");
    String in = "metrics_it.times";
    String inSeconds = "metrics_it.times_s";
    List<DateTimeFormatter> forms =
        List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX"), // +08:00
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx"), // +0800
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSx"), // +08
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"), // no zone: Shanghai's time
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
    List<String> lines = new ArrayList<>();
    Map<String, Long> local = new TreeMap<>(); // merchant@window start (Shanghai) -> events
    for (int i = 0; i < 90; i++) {
      Instant at = Instant.ofEpochMilli(T0 + i * 1900L + (i % 7) * 13L); // minutes 0..2
      String merchant = "m" + (i % 2);
      String stamp =
          switch (i % 8) {
            case 0 -> "\"" + at + "\""; // Instant.toString(), as JavaScript's toISOString()
            case 1, 2, 3, 4, 5 -> "\"" + forms.get(i % 8 - 1).format(at.atZone(shanghai)) + "\"";
            case 6 -> Long.toString(at.toEpochMilli());
            default -> "\"" + at.toEpochMilli() + "\"";
          };
      lines.add(timed(merchant, stamp));
      local.merge(merchant + "@" + windowStart(at, shanghai), 1L, Long::sum);
    }
    // No readable time: malformed, counted, in no window.
    lines.add(20, timed("m0", "\"yesterday\""));
    lines.add(40, timed("m1", "\"2026-01-01T25:00:00Z\""));
    lines.add(60, timed("m0", "true"));
    lines.add(timed("m9", "\"2026-01-01T00:05:00Z\"")); // closes minutes 0..2
    Map<String, Long> both = new TreeMap<>(local);
    List<String> seconds = new ArrayList<>();
    for (int j = 0; j < 20; j++) {
      Instant at = Instant.ofEpochMilli(T0 + j * 9000L);
      long epoch = at.getEpochSecond();
      seconds.add(timed("m" + (j % 2), j % 2 == 0 ? Long.toString(epoch) : "\"" + epoch + "\""));
      both.merge("m" + (j % 2) + "@" + windowStart(at, shanghai), 1L, Long::sum);
    }
    seconds.add(timed("m9", Long.toString((T0 + 300_000) / 1000)));
    kafka.produce(in, lines);
    kafka.produce(inSeconds, seconds);

    String ltz =
        """
        name: times_ltz
        timeZone: Asia/Shanghai
        sources:
          - name: payments
            kafka: {topic: %1$s, bootstrapServers: "%3$s", startFrom: earliest}
            fields:
              - {name: merchant_id, path: $.merchant.id, type: STRING}
              - {name: stamp, path: $.at, type: TIMESTAMP_LTZ}
          - name: legacy
            kafka: {topic: %2$s, bootstrapServers: "%3$s", startFrom: earliest}
            fields:
              - {name: merchant_id, path: $.merchant.id, type: STRING}
              - {name: stamp, path: $.at, type: TIMESTAMP_LTZ, unit: seconds}
        eventTime: {field: stamp}
        keys: [merchant_id]
        metrics:
          - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}
        sinks:
          - {type: kafka, bootstrapServers: "%3$s", topic: metrics_it.times_ltz}
        """
            .formatted(in, inSeconds, platform.kafkaBootstrap());
    String wallClock =
        """
        name: times_local
        timeZone: Asia/Shanghai
        sources:
          - name: payments
            kafka: {topic: %1$s, bootstrapServers: "%2$s", startFrom: earliest}
            fields:
              - {name: merchant_id, path: $.merchant.id, type: STRING}
              - {name: stamp, path: $.at, type: TIMESTAMP}
        eventTime: {field: stamp}
        keys: [merchant_id]
        metrics:
          - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}
        sinks:
          - {type: kafka, bootstrapServers: "%2$s", topic: metrics_it.times_local}
        """
            .formatted(in, platform.kafkaBootstrap());
    List<Long> jobs = new ArrayList<>();
    for (String definition : List.of(ltz, wallClock)) {
      Http.Response saved = http.postText("/api/v1/metric-groups", "application/yaml", definition);
      assertThat(saved.status()).as(saved.raw()).isEqualTo(201);
      String name = saved.body().path("name").asText();
      Http.Response deployed = http.post("/api/v1/metric-groups/" + name + "/deploy", Map.of());
      assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
      jobs.add(deployed.body().path("id").asLong());
    }

    assertThat(local).hasSize(6); // two merchants, three minutes
    assertThat(counts("metrics_it.times_ltz.tumble_1m", both)).isEqualTo(both);
    assertThat(counts("metrics_it.times_local.tumble_1m", local)).isEqualTo(local);
    for (String group : List.of("metrics_it.times_ltz", "metrics_it.times_local")) {
      List<ConsumerRecord<String, String>> malformed =
          kafka.readUntil(
              group + ".malformed",
              0,
              r -> !r.isEmpty() && r.get(r.size() - 1).value().contains("\"malformed\":3"),
              Duration.ofMinutes(1));
      assertThat(malformed.get(malformed.size() - 1).value())
          .as(group)
          .isEqualTo("{\"source\":\"payments\",\"malformed\":3}");
    }
    for (long id : jobs) {
      assertThat(http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", false)).status())
          .isEqualTo(200);
    }
  }

  private static String timed(String merchant, String stamp) {
    return "{\"merchant\": {\"id\": \"" + merchant + "\"}, \"at\": " + stamp + "}";
  }

  /** The start of an instant's minute as the sink writes it: wall-clock time in the zone. */
  private static String windowStart(Instant at, ZoneId zone) {
    return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MINUTES), zone)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
  }

  /** merchant@window_start to tx, once a row for every expected window arrived. */
  private Map<String, Long> counts(String topic, Map<String, Long> expected) throws Exception {
    List<ConsumerRecord<String, String>> records =
        kafka.readUntil(topic, 0, r -> r.size() >= expected.size(), Duration.ofMinutes(3));
    Map<String, Long> counts = new TreeMap<>();
    for (ConsumerRecord<String, String> r : records) {
      JsonNode row = Http.JSON.readTree(r.value());
      counts.merge(
          row.path("merchant_id").asText() + "@" + row.path("window_start").asText(),
          row.path("tx").asLong(),
          Long::sum);
    }
    assertThat(records).as(topic + ": one row per window").hasSize(expected.size());
    return counts;
  }

  @Test
  void definitionsAreVersionedDiffedAndCheckedWithPaths() {
    String v1 =
        definition()
            .replace("name: payments_it", "name: payments_versions")
            .replace(IN, "metrics_it.unused");
    assertThat(http.postText("/api/v1/metric-groups", "application/yaml", v1).status())
        .isEqualTo(201);
    String v2 =
        v1.replace("{name: top, aggregation: max", "{name: top, aggregation: min")
            .replace(
                "  - {name: spread,",
                "  - {name: mean, aggregation: avg, input: amount, windows: [{type: hop, size: 10min, slide: 1min}]}\n  - {name: spread,");
    Http.Response saved = http.postText("/api/v1/metric-groups", "application/yaml", v2);
    assertThat(saved.body().path("version").asInt()).isEqualTo(2);
    JsonNode diff = http.get("/api/v1/metric-groups/payments_versions/diff?from=1&to=2").body();
    assertThat(diff.path("added").toString()).isEqualTo("[\"mean\"]");
    assertThat(diff.path("changed").toString()).isEqualTo("[\"top\"]");
    assertThat(diff.path("removed")).isEmpty();
    // Saving the same definition again is not a new version.
    assertThat(
            http.postText("/api/v1/metric-groups", "application/yaml", v2)
                .body()
                .path("version")
                .asInt())
        .isEqualTo(2);

    Http.Response bad =
        http.postText(
            "/api/v1/metric-groups",
            "application/yaml",
            v2.replace("percentile: 0.99", "percentile: 99")
                .replace(
                    "{type: hop, size: 10min, slide: 1min}",
                    "{type: hop, size: 10min, slide: 3min}"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body().path("errors").toString())
        .contains("\"path\":\"metrics[6].percentile\"", "\"path\":\"metrics[7].windows[0].slide\"");
    Http.Response missing =
        http.postText(
            "/api/v1/metric-groups", "application/yaml", v2 + "references: [nothing_here.tx@1]\n");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body().path("errors").get(0).path("path").asText())
        .isEqualTo("references[0]");
    Http.Response key =
        http.postText(
            "/api/v1/metric-groups",
            "application/yaml",
            v2.replace(
                "filters: [\"amount IS NOT NULL\"]",
                "derived: [{name: sealed, expr: \"ENCRYPT(payer_id, 'missing_key')\"}]\n  filters: [\"amount IS NOT NULL\"]"));
    assertThat(key.status()).as(key.raw()).isEqualTo(422);
    assertThat(key.body().path("errors").get(0).path("path").asText())
        .isEqualTo("preprocess.derived[0].expr");
    assertThat(http.get("/api/v1/metric-groups/payments_versions/versions").body()).hasSize(2);
    assertThat(http.get("/api/v1/metric-groups/schema").raw()).contains("\"metrics\"");
  }

  @Test
  void editingMetricsOfOneWindowKeepsTheStateOfTheOthers() {
    String v1 =
        definition()
            .replace("name: payments_it", "name: payments_state")
            .replace(IN, "metrics_it.state")
            .replaceAll(
                "(?s)metrics:.*?derived:\\n  - \\{name: big_share, expr: \"big / tx\"\\}\\n", "")
            .replace(
                "sinks:",
                "metrics:\n"
                    + "  - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}\n"
                    + "  - {name: total, aggregation: sum, input: amount, windows: [{type: hop, size: 10min, slide: 1min}]}\n"
                    + "sinks:")
            .replaceAll("(?s)sinks:.*", "sinks:\n  - {type: blackhole}\n");
    assertThat(http.postText("/api/v1/metric-groups", "application/yaml", v1).status())
        .isEqualTo(201);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(new Payment("p" + i, "m" + (i % 3), 10.0 + i, T0 + i * 1000L).json());
    }
    kafka.produce("metrics_it.state", events);
    Http.Response deployed = http.post("/api/v1/metric-groups/payments_state/deploy", Map.of());
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
    long id = deployed.body().path("id").asLong();
    new Jobs(http)
        .await(
            id,
            j -> "RUNNING".equals(j.path("flinkState").asText()) && j.hasNonNull("lastCheckpoint"),
            Duration.ofMinutes(2));
    assertThat(http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", true)).status())
        .isEqualTo(200);

    // Version 2 changes only the hop window's metric.
    String v2 = v1.replace("{name: total, aggregation: sum", "{name: total, aggregation: max");
    assertThat(
            http.postText("/api/v1/metric-groups", "application/yaml", v2)
                .body()
                .path("version")
                .asInt())
        .isEqualTo(2);
    String script =
        http.postText("/api/v1/metric-groups/compile", "application/yaml", v2)
            .body()
            .path("script")
            .asText();
    assertThat(http.put("/api/v1/jobs/" + id, Map.of("script", script)).status()).isEqualTo(200);
    JsonNode plan = http.get("/api/v1/jobs/" + id + "/restore-plan?savepoint=latest").body();
    Map<String, String> statuses = new HashMap<>();
    plan.path("plan")
        .path("statements")
        .forEach(st -> statuses.put(st.path("statement").asText(), st.path("status").asText()));
    assertThat(statuses)
        .containsEntry("tumble_1m__blackhole", "KEPT")
        .containsEntry("hop_10m_1m__blackhole", "CHANGED")
        .containsEntry("malformed__blackhole", "KEPT");

    // Deploying it needs the dropped window confirmed, and then restores the rest.
    Http.Response refused = http.post("/api/v1/metric-groups/payments_state/deploy", Map.of());
    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    Http.Response confirmed =
        http.post(
            "/api/v1/metric-groups/payments_state/deploy",
            Map.of("confirmDrop", List.of("hop_10m_1m__blackhole")));
    assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
    assertThat(http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", false)).status())
        .isEqualTo(200);
  }

  /**
   * One statement per metric: the group enriches events from a PostgreSQL dimension table, reuses a
   * metric of another group's saved version, and upserts every metric into its own column of one
   * PostgreSQL row per region and minute. Editing one metric keeps the state of the others in the
   * same window: after the restore, the kept count still includes an event read before it, the
   * edited metric does not.
   */
  @Test
  void perMetricStatementsEnrichFromPostgresAndKeepEachOthersState() throws Exception {
    String url = TestPostgres.url();
    String user = TestPostgres.user();
    String schema = "metrics_" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String topic = "metrics_it.enrich";
    try (java.sql.Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(
          db, "CREATE TABLE " + schema + ".merchants (id TEXT PRIMARY KEY, region TEXT)");
      TestPostgres.exec(
          db,
          "INSERT INTO "
              + schema
              + ".merchants VALUES ('m0', 'north'), ('m1', 'south'), ('m2', 'north')");
      TestPostgres.exec(
          db,
          "CREATE TABLE "
              + schema
              + ".results_tumble_1m (region TEXT, window_start TIMESTAMP, window_end TIMESTAMP,"
              + " tx BIGINT, total DOUBLE PRECISION, big BIGINT, big_share DOUBLE PRECISION,"
              + " PRIMARY KEY (region, window_start, window_end))");

      // The referenced metric lives in another group; its version 1 is what the group reuses.
      String base =
          """
          name: metrics_base
          sources:
            - name: payments
              kafka: {topic: %1$s, bootstrapServers: "%2$s"}
              fields:
                - {name: merchant_id, path: $.merchant.id, type: STRING}
                - {name: amount, path: $.amount, type: DOUBLE}
                - {name: ts, path: $.ts, type: BIGINT}
          eventTime: {field: ts}
          keys: [merchant_id]
          metrics:
            - {name: big, aggregation: count, filter: "amount >= 30", windows: [{type: tumble, size: 1min}]}
          sinks: [{type: print}]
          """
              .formatted(topic, platform.kafkaBootstrap());
      assertThat(http.postText("/api/v1/metric-groups", "application/yaml", base).status())
          .isEqualTo(201);
      assertThat(
              http.postText(
                      "/api/v1/metric-groups",
                      "application/yaml",
                      base.replace("amount >= 30", "amount >= 1"))
                  .body()
                  .path("version")
                  .asInt())
          .isEqualTo(2);

      String v1 =
          """
          name: metrics_regions
          layout: per_metric
          timeZone: UTC
          sources:
            - name: payments
              kafka: {topic: %1$s, bootstrapServers: "%2$s", startFrom: earliest}
              fields:
                - {name: merchant_id, path: $.merchant.id, type: STRING}
                - {name: amount, path: $.amount, type: DOUBLE}
                - {name: ts, path: $.ts, type: BIGINT}
          eventTime: {field: ts, lateness: 5s}
          preprocess:
            enrich:
              - name: merchant
                jdbc: {url: "%3$s", table: %4$s.merchants, username: %5$s}
                key: {merchant_id: id}
                fields: [{name: region, type: STRING}]
                cache: {rows: 100, ttl: 10min}
          keys: [region]
          metrics:
            - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}
            - {name: total, aggregation: sum, input: amount, windows: [{type: tumble, size: 1min}]}
          references: [metrics_base.big@1]
          derived:
            - {name: big_share, expr: "big / tx"}
          sinks:
            - {name: pg, type: jdbc, url: "%3$s", table: %4$s.results, username: %5$s}
          """
              .formatted(topic, platform.kafkaBootstrap(), url, schema, user);
      List<Payment> minute0 = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        minute0.add(new Payment("p" + i, "m" + (i % 3), 10.0 + i, T0 + i * 1000L));
      }
      // In minute 1, read before the savepoint: the kept count must still include it.
      Payment early = new Payment("p99", "m1", 999.0, T0 + 70_000);
      List<String> lines = new ArrayList<>(minute0.stream().map(Payment::json).toList());
      lines.add(early.json());
      kafka.produce(topic, lines);

      Http.Response saved = http.postText("/api/v1/metric-groups", "application/yaml", v1);
      assertThat(saved.status()).as(saved.raw()).isEqualTo(201);
      Http.Response deployed = http.post("/api/v1/metric-groups/metrics_regions/deploy", Map.of());
      assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
      long id = deployed.body().path("id").asLong();

      String start0 = "2026-01-01T00:00";
      Map<String, List<String>> expected = new TreeMap<>();
      for (String region : List.of("north", "south")) {
        List<Payment> events =
            minute0.stream()
                .filter(p -> region.equals(p.merchant().equals("m1") ? "south" : "north"))
                .toList();
        long big = events.stream().filter(p -> p.amount() >= 30).count();
        expected.put(
            region + "@" + start0,
            List.of(
                String.valueOf(events.size()),
                String.valueOf(events.stream().mapToDouble(Payment::amount).sum()),
                String.valueOf(big),
                String.valueOf((double) big / events.size())));
      }
      awaitResults(db, schema, expected);

      // Version 2 edits one metric of the same window; the other statements keep their state.
      new Jobs(http).await(id, j -> j.hasNonNull("lastCheckpoint"), Duration.ofMinutes(2));
      assertThat(http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", true)).status())
          .isEqualTo(200);
      String v2 = v1.replace("{name: total, aggregation: sum", "{name: total, aggregation: max");
      assertThat(
              http.postText("/api/v1/metric-groups", "application/yaml", v2)
                  .body()
                  .path("version")
                  .asInt())
          .isEqualTo(2);
      Http.Response refused = http.post("/api/v1/metric-groups/metrics_regions/deploy", Map.of());
      assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
      assertThat(refused.body().path("statementsDroppingState").toString())
          .isEqualTo("[\"total__tumble_1m__pg\"]");
      Http.Response confirmed =
          http.post(
              "/api/v1/metric-groups/metrics_regions/deploy",
              Map.of("confirmDrop", List.of("total__tumble_1m__pg")));
      assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);

      List<Payment> minute1 = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        minute1.add(new Payment("q" + i, "m1", 20.0 + i, T0 + 80_000 + i * 1000L));
      }
      List<String> more = new ArrayList<>(minute1.stream().map(Payment::json).toList());
      more.add(new Payment("p0", "m0", 1.0, T0 + 200_000).json()); // closes minute 1
      kafka.produce(topic, more);
      // South, minute 1: the count and the reused big count kept the early event; the edited
      // metric (now a max) started empty after the restore, so it never saw the 999.
      long big1 = 1 + minute1.stream().filter(p -> p.amount() >= 30).count();
      expected.put(
          "south@2026-01-01T00:01",
          List.of(
              String.valueOf(minute1.size() + 1),
              String.valueOf(minute1.stream().mapToDouble(Payment::amount).max().orElseThrow()),
              String.valueOf(big1),
              String.valueOf((double) big1 / (minute1.size() + 1))));
      awaitResults(db, schema, expected);
      assertThat(http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", false)).status())
          .isEqualTo(200);
    }
  }

  /**
   * A Paimon sink: one primary-key table per window under the warehouse, holding one row per key
   * and window, read back with Paimon's own reader.
   */
  @Test
  void aPaimonSinkHoldsOneRowPerKeyAndWindow() throws Exception {
    // Under the data directory: the sandbox's default filesystem root.
    java.nio.file.Path lake = java.nio.file.Files.createTempDirectory(platform.dataDir, "lake-");
    String topic = "metrics_it.lake";
    String definition =
        """
        name: payments_lake
        sources:
          - name: payments
            kafka: {topic: %1$s, bootstrapServers: "%2$s", startFrom: earliest}
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
          - {name: lake, type: paimon, warehouse: "%3$s"}
        """
            .formatted(topic, platform.kafkaBootstrap(), lake.toUri());
    List<Payment> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(new Payment("p" + i, "m" + (i % 2), 5.0 + i, T0 + i * 1500L));
    }
    List<String> lines = new ArrayList<>(events.stream().map(Payment::json).toList());
    lines.add(new Payment("p0", "m0", 1.0, T0 + 70_000).json()); // closes minute 0
    kafka.produce(topic, lines);
    Http.Response saved = http.postText("/api/v1/metric-groups", "application/yaml", definition);
    assertThat(saved.status()).as(saved.raw()).isEqualTo(201);
    Http.Response deployed = http.post("/api/v1/metric-groups/payments_lake/deploy", Map.of());
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
    long id = deployed.body().path("id").asLong();

    Map<String, String> expected = new TreeMap<>();
    for (String m : List.of("m0", "m1")) {
      List<Payment> of = events.stream().filter(p -> p.merchant().equals(m)).toList();
      expected.put(
          m + "@2026-01-01T00:00",
          of.size() + " " + of.stream().mapToDouble(Payment::amount).sum());
    }
    // Where a Paimon catalog on the warehouse finds it: database `default`.
    java.nio.file.Path table = lake.resolve("default.db").resolve("payments_lake_tumble_1m");
    java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofMinutes(3));
    Map<String, String> rows = Map.of();
    while (java.time.Instant.now().isBefore(deadline) && !rows.equals(expected)) {
      Platform.sleep(1000);
      rows = paimonRows(table);
    }
    assertThat(rows).as("rows of the Paimon table " + table).isEqualTo(expected);
    assertThat(http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", false)).status())
        .isEqualTo(200);
  }

  /** merchant@window_start to "tx total", as Paimon's reader sees the latest snapshot. */
  private static Map<String, String> paimonRows(java.nio.file.Path path) throws Exception {
    Map<String, String> rows = new TreeMap<>();
    if (!java.nio.file.Files.exists(path.resolve("snapshot"))) {
      return rows;
    }
    org.apache.paimon.table.FileStoreTable table =
        org.apache.paimon.table.FileStoreTableFactory.create(
            org.apache.paimon.fs.local.LocalFileIO.create(),
            new org.apache.paimon.fs.Path(path.toString()));
    var read = table.newReadBuilder();
    List<String> fields = table.rowType().getFieldNames();
    int merchant = fields.indexOf("merchant_id");
    int start = fields.indexOf("window_start");
    int tx = fields.indexOf("tx");
    int total = fields.indexOf("total");
    try (var reader = read.newRead().createReader(read.newScan().plan())) {
      reader.forEachRemaining(
          row ->
              rows.put(
                  row.getString(merchant) + "@" + row.getTimestamp(start, 3).toLocalDateTime(),
                  row.getLong(tx) + " " + row.getDouble(total)));
    }
    return rows;
  }

  /** Waits until the results table holds exactly the expected rows (region@window_start). */
  private static void awaitResults(
      java.sql.Connection db, String schema, Map<String, List<String>> expected) throws Exception {
    java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofMinutes(3));
    Map<String, List<String>> rows = Map.of();
    while (java.time.Instant.now().isBefore(deadline)) {
      rows = new TreeMap<>();
      try (java.sql.Statement s = db.createStatement();
          java.sql.ResultSet r =
              s.executeQuery(
                  "SELECT region, window_start, tx, total, big, big_share FROM "
                      + schema
                      + ".results_tumble_1m")) {
        while (r.next()) {
          rows.put(
              r.getString(1) + "@" + r.getTimestamp(2).toLocalDateTime(),
              List.of(
                  String.valueOf(r.getObject(3)),
                  String.valueOf(r.getObject(4)),
                  String.valueOf(r.getObject(5)),
                  String.valueOf(r.getObject(6))));
        }
      }
      if (rows.equals(expected)) {
        return;
      }
      Thread.sleep(500);
    }
    assertThat(rows).as("rows of " + schema + ".results_tumble_1m").isEqualTo(expected);
  }
}
