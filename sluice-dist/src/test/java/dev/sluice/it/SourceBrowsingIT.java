package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What the metric builder browses to pick its sources: the platform broker's topics and their
 * latest events, and a PostgreSQL database's tables and columns, on the real broker and database.
 */
@Order(52)
class SourceBrowsingIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final String names = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  @Test
  void listsTopicsAndSamplesTheLatestEventsAcrossPartitions() throws Exception {
    String topic = "browse-" + names;
    Properties p = new Properties();
    p.put("bootstrap.servers", platform.kafkaBootstrap());
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("acks", "all");
    long base = System.currentTimeMillis() - 60_000;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      // e0..e5, a millisecond apart, spread over the three partitions: the newest three are on
      // three different partitions.
      for (int i = 0; i < 6; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, i % 3, base + i, i == 5 ? null : "k" + i, "{\"e\":" + i + "}"));
      }
      producer.flush();
    }

    Http.Response topics = http.get("/api/v1/kafka/topics?project=demo");
    assertThat(topics.status()).as(topics.raw()).isEqualTo(200);
    List<String> listed = new ArrayList<>();
    Map<String, Integer> partitions = new LinkedHashMap<>();
    topics
        .body()
        .forEach(
            t -> {
              listed.add(t.path("name").asText());
              partitions.put(t.path("name").asText(), t.path("partitions").asInt());
            });
    assertThat(partitions).containsEntry(topic, 3);
    assertThat(listed).isSorted().noneMatch(n -> n.startsWith("__"));

    Http.Response sample =
        http.get("/api/v1/kafka/topics/" + topic + "/events?limit=3&project=demo");
    assertThat(sample.status()).as(sample.raw()).isEqualTo(200);
    assertThat(sample.body().path("topic").asText()).isEqualTo(topic);
    assertThat(sample.body().path("truncated").asBoolean()).isFalse();
    JsonNode events = sample.body().path("events");
    assertThat(events).hasSize(3);
    List<String> values = new ArrayList<>();
    events.forEach(e -> values.add(e.path("value").asText()));
    assertThat(values).containsExactly("{\"e\":3}", "{\"e\":4}", "{\"e\":5}");
    assertThat(events.get(0).path("partition").asInt()).isEqualTo(0);
    assertThat(events.get(0).path("offset").asLong()).isEqualTo(1);
    assertThat(events.get(0).path("key").asText()).isEqualTo("k3");
    assertThat(events.get(0).path("timestamp").asText())
        .isEqualTo(java.time.Instant.ofEpochMilli(base + 3).toString());
    assertThat(events.get(0).path("valueTruncated").asBoolean()).isFalse();
    assertThat(events.get(2).path("key").isNull()).isTrue();

    // The sample reads production data: it is in the audit log.
    Http.Response audit = http.get("/api/v1/audit?action=kafka.sample");
    assertThat(audit.status()).as(audit.raw()).isEqualTo(200);
    assertThat(audit.raw()).contains("topic " + topic);

    Http.Response unknown =
        http.get("/api/v1/kafka/topics/no-such-" + names + "/events?project=demo");
    assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
    assertThat(unknown.body().path("detail").asText())
        .isEqualTo("Topic 'no-such-" + names + "' does not exist");

    Http.Response zero = http.get("/api/v1/kafka/topics/" + topic + "/events?limit=0&project=demo");
    assertThat(zero.status()).as(zero.raw()).isEqualTo(400);
    assertThat(zero.body().path("errors").get(0).path("field").asText()).isEqualTo("limit");
    Http.Response tooMany =
        http.get("/api/v1/kafka/topics/" + topic + "/events?limit=201&project=demo");
    assertThat(tooMany.status()).as(tooMany.raw()).isEqualTo(400);

    Http.Response badName = http.get("/api/v1/kafka/topics/a%20b/events?project=demo");
    assertThat(badName.status()).as(badName.raw()).isEqualTo(400);
    assertThat(badName.body().path("errors").get(0).path("field").asText()).isEqualTo("topic");
  }

  @Test
  void browsesTablesAndColumnsOfAPostgresDatabase() throws Exception {
    String url = TestPostgres.url();
    String schema = "browse_" + names;
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(
          db,
          "CREATE TABLE "
              + schema
              + ".merchants (id VARCHAR(32) PRIMARY KEY, name TEXT NOT NULL, credit NUMERIC(12, 2),"
              + " score DOUBLE PRECISION, active BOOLEAN, since DATE, updated TIMESTAMP(3),"
              + " seen TIMESTAMPTZ, visits BIGINT, tier INT)");
      // An underscore is a wildcard to DatabaseMetaData: this table must not mix into merchants.
      TestPostgres.exec(db, "CREATE TABLE " + schema + ".merchant_s (other INT)");
      TestPostgres.exec(
          db,
          "CREATE VIEW " + schema + ".active_merchants AS SELECT id FROM " + schema + ".merchants");
    }
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("url", url);
    target.put("username", TestPostgres.user());
    target.put("password", "");
    target.put("schema", schema);

    Http.Response tables = http.post("/api/v1/jdbc/tables?project=demo", target);
    assertThat(tables.status()).as(tables.raw()).isEqualTo(200);
    assertThat(rows(tables.body(), "schema", "name", "type"))
        .containsExactly(
            schema + " active_merchants VIEW",
            schema + " merchant_s TABLE",
            schema + " merchants TABLE");

    Map<String, Object> columnsOf = new LinkedHashMap<>(target);
    columnsOf.put("table", "merchants");
    Http.Response columns = http.post("/api/v1/jdbc/columns?project=demo", columnsOf);
    assertThat(columns.status()).as(columns.raw()).isEqualTo(200);
    assertThat(rows(columns.body(), "name", "type", "flinkType", "nullable", "primaryKey"))
        .containsExactly(
            "id VARCHAR STRING false true",
            "name TEXT STRING false false",
            "credit NUMERIC DECIMAL(12, 2) true false",
            "score FLOAT8 DOUBLE true false",
            "active BOOL BOOLEAN true false",
            "since DATE DATE true false",
            "updated TIMESTAMP TIMESTAMP(3) true false",
            "seen TIMESTAMPTZ TIMESTAMP_LTZ(6) true false",
            "visits INT8 BIGINT true false",
            "tier INT4 INT true false");

    columnsOf.put("table", "no_such_table");
    Http.Response unknown = http.post("/api/v1/jdbc/columns?project=demo", columnsOf);
    assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
    assertThat(unknown.body().path("detail").asText())
        .isEqualTo("Table '" + schema + ".no_such_table' does not exist");

    Map<String, Object> mysql = new LinkedHashMap<>(target);
    mysql.put("url", "jdbc:mysql://localhost:3306/db");
    Http.Response refused = http.post("/api/v1/jdbc/tables?project=demo", mysql);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.body().path("errors").get(0).path("field").asText()).isEqualTo("url");
  }

  @Test
  void aFailedLoginNeverShowsThePassword() {
    String url = TestPostgres.url();
    String password = "pw_" + names;
    // The test database trusts every login, so the refusal comes from a role that does not exist;
    // a database named like the password puts it into the driver's message, to be scrubbed.
    Http.Response noRole =
        http.post(
            "/api/v1/jdbc/tables?project=demo",
            Map.of("url", url, "username", "nobody_" + names, "password", password));
    assertThat(noRole.status()).as(noRole.raw()).isEqualTo(422);
    assertThat(noRole.body().path("detail").asText()).contains("nobody_" + names);
    assertThat(noRole.raw()).doesNotContain(password);

    String inUrl = url.substring(0, url.lastIndexOf('/') + 1) + password;
    Http.Response noDatabase =
        http.post(
            "/api/v1/jdbc/tables?project=demo",
            Map.of("url", inUrl, "username", TestPostgres.user(), "password", password));
    assertThat(noDatabase.status()).as(noDatabase.raw()).isEqualTo(422);
    assertThat(noDatabase.body().path("detail").asText())
        .contains("database \"***\" does not exist");
    assertThat(noDatabase.raw()).doesNotContain(password);
  }

  @Test
  void aSecretReferenceIsResolvedInTheCallersProject() {
    String url = TestPostgres.url();
    String secret = "browse_pw_" + names;
    Map<String, Object> target =
        Map.of("url", url, "username", TestPostgres.user(), "password", "${secret:" + secret + "}");
    Http.Response missing = http.post("/api/v1/jdbc/tables?project=demo", target);
    assertThat(missing.status()).as(missing.raw()).isEqualTo(400);
    assertThat(missing.body().path("errors").get(0).path("field").asText()).isEqualTo("password");

    Http.Response created =
        http.post(
            "/api/v1/secrets", Map.of("name", secret, "value", "v_" + names, "project", "demo"));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    Http.Response tables = http.post("/api/v1/jdbc/tables?project=demo", target);
    assertThat(tables.status()).as(tables.raw()).isEqualTo(200);
    assertThat(tables.raw()).doesNotContain("v_" + names);
  }

  /** Each element's fields, space-separated, in order. */
  private static List<String> rows(JsonNode array, String... fields) {
    List<String> rows = new ArrayList<>();
    for (JsonNode e : array) {
      List<String> values = new ArrayList<>();
      for (String f : fields) {
        values.add(e.path(f).asText());
      }
      rows.add(String.join(" ", values));
    }
    return rows;
  }
}
