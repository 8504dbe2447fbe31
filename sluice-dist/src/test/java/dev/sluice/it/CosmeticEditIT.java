package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Edits that do not change what a statement means never cost its state, on the real cluster: one
 * job (two INSERTs and a CREATE TABLE ... AS in a statement set) is stopped with a savepoint,
 * edited one way, and restored without any confirmation, for each kind of edit in turn; every count
 * then continues exactly where it stopped.
 */
@Order(9)
class CosmeticEditIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Jobs jobs = new Jobs(http);
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());
  private static final String P = "cosmetic";

  private String tables() {
    return kafka.countingTables(P, List.of("c1", "c2", "c3"));
  }

  /** The created table's changelog goes to a plain Kafka topic as Debezium JSON. */
  private String ctas() {
    return """
        CREATE TABLE totals WITH (
          'connector' = 'kafka', 'topic' = '%s.totals', 'properties.bootstrap.servers' = '%s',
          'format' = 'debezium-json')
          AS SELECT k, SUM(n) AS cnt FROM events GROUP BY k;
        """
        .formatted(P, platform.kafkaBootstrap());
  }

  private String v1() {
    return tables()
        + ctas()
        + "EXECUTE STATEMENT SET BEGIN\n"
        + "INSERT INTO c1 SELECT k, COUNT(*) AS cnt FROM events GROUP BY k;\n"
        + "INSERT INTO c2 SELECT k, SUM(n) AS cnt FROM events WHERE n > 0 GROUP BY k;\n"
        + "END;\n";
  }

  private static long latest(String topic, ConsumerRecord<String, String> r) {
    JsonNode value = KafkaTopics.json(r.value());
    return topic.endsWith("totals")
        ? value.path("after").path("cnt").asLong(-1)
        : value.path("cnt").asLong();
  }

  /** Waits until the latest value of each topic is the expected one. */
  private void awaitCounts(Map<String, Long> expected, Map<String, Long> from) {
    expected.forEach(
        (table, value) -> {
          String topic = P + "." + table;
          List<ConsumerRecord<String, String>> records =
              kafka.readUntil(
                  topic,
                  from.getOrDefault(table, 0L),
                  rs -> !rs.isEmpty() && latest(topic, rs.get(rs.size() - 1)) == value,
                  Duration.ofMinutes(2));
          assertThat(latest(topic, records.get(records.size() - 1))).as(table).isEqualTo(value);
          if (from.containsKey(table)) {
            // Continued, not restarted: no value after the restore is below the one before it.
            assertThat(records)
                .as(table + " after the restore")
                .allSatisfy(
                    r -> {
                      long v = latest(topic, r);
                      assertThat(v == -1 || v > value - 10).isTrue();
                    });
          }
        });
  }

  private Map<String, Long> ends(List<String> tables) {
    Map<String, Long> ends = new HashMap<>();
    tables.forEach(t -> ends.put(t, kafka.endOffset(P + "." + t)));
    return ends;
  }

  @Test
  void everyEditThatKeepsTheMeaningKeepsEveryStatementsState() {
    Map<String, UnaryOperator<String>> edits = new LinkedHashMap<>();
    edits.put(
        "keyword and function-name case",
        s ->
            s.replace(
                    "INSERT INTO c1 SELECT k, COUNT(*) AS cnt FROM events GROUP BY k",
                    "insert into c1 select k, count(*) as cnt from events group by k")
                .replace("AS SELECT k, SUM(n) AS cnt", "as select k, sum(n) as cnt"));
    edits.put(
        "white space and line breaks",
        s ->
            s.replace(
                    "insert into c1 select k, count(*) as cnt",
                    "insert into c1\n    select   k,\n\tcount(*)   as cnt\n ")
                .replace("WHERE n > 0 GROUP BY k", "WHERE n>0\n  GROUP BY k"));
    edits.put(
        "comments, inside the statement set too",
        s ->
            s.replace(
                    "EXECUTE STATEMENT SET BEGIN\n",
                    "EXECUTE STATEMENT SET BEGIN -- the counts\n/* per key */ ")
                .replace("FROM events WHERE", "FROM events -- all of them\n WHERE")
                .replace("END;", "-- done\nEND;"));
    edits.put(
        "redundant parentheses",
        s -> s.replace("SUM(n) AS cnt", "(SUM((n))) AS cnt").replace("WHERE n>0", "WHERE (n>0)"));
    edits.put("the AS of an alias", s -> s.replace("count(*)   as cnt", "count(*) cnt"));
    edits.put("trailing semicolons", s -> s.replace("GROUP BY k;\n", "GROUP BY k;;\n"));
    edits.put(
        "the order of the WITH options of the table read",
        s ->
            s.replace(
                "'connector' = 'kafka', 'topic' = '" + P + ".in',",
                "'topic' = '" + P + ".in', 'connector' = 'kafka',"));

    kafka.produce(P + ".in", KafkaTopics.countingEvents(20));
    String script = v1();
    long id = jobs.create("cosmetic_edits", script);
    jobs.deploy(id, "none");
    long expected = 20;
    awaitCounts(Map.of("c1", expected, "c2", expected, "totals", expected), Map.of());

    int version = 1;
    for (var edit : edits.entrySet()) {
      String edited = edit.getValue().apply(script);
      assertThat(edited).as(edit.getKey()).isNotEqualTo(script);
      script = edited;
      restoreWithoutConfirmation(id, script, edit.getKey(), ++version);
      Map<String, Long> from = ends(List.of("c1", "c2", "totals"));
      kafka.produce(P + ".in", KafkaTopics.countingEvents(10));
      expected += 10;
      awaitCounts(Map.of("c1", expected, "c2", expected, "totals", expected), from);
    }

    // All of it at once, with a new statement between the two: only the new one starts at zero.
    String combined =
        v1().toLowerCase(java.util.Locale.ROOT)
            .replace("end;", "-- the end\nend;;")
            .replace(
                "insert into c2",
                "insert into c3 select k, count(*) as cnt from events where n > 0 group by k;\n"
                    + "/* then */ insert into c2")
            .replace(
                "sum(n) as cnt from events where n > 0", "(sum(n)) cnt from events where (n > 0)");
    restoreWithoutConfirmation(id, combined, "all at once, with a statement inserted", ++version);
    Map<String, Long> from = ends(List.of("c1", "c2", "c3", "totals"));
    kafka.produce(P + ".in", KafkaTopics.countingEvents(10));
    expected += 10;
    awaitCounts(Map.of("c1", expected, "c2", expected, "totals", expected, "c3", 10L), from);
    jobs.stop(id, false);
  }

  private void restoreWithoutConfirmation(long id, String script, String edit, int version) {
    jobs.await(id, j -> j.hasNonNull("lastCheckpoint"), Duration.ofMinutes(1));
    jobs.stop(id, true);
    Http.Response saved = http.put("/api/v1/jobs/" + id, Map.of("script", script, "comment", edit));
    assertThat(saved.status()).as(edit + ": " + saved.raw()).isEqualTo(200);
    JsonNode plan = http.get("/api/v1/jobs/" + id + "/restore-plan").body();
    assertThat(plan.path("dropsState").asBoolean()).as(edit + ": " + plan).isFalse();
    Http.Response deployed =
        http.post("/api/v1/jobs/" + id + "/deploy", Map.of("restore", "latest"));
    assertThat(deployed.status()).as(edit + ": " + deployed.raw()).isEqualTo(200);
    assertThat(jobs.get(id).path("deployedVersion").asInt()).as(edit).isEqualTo(version);
  }
}
