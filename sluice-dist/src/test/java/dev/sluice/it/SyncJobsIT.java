package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Sync jobs against the run's real databases and cluster: MariaDB read through its binlog into
 * PostgreSQL tables the job creates, PostgreSQL read through a replication slot into Kafka topics.
 * Each starts with a snapshot of several tables, then follows inserts, updates and deletes, and the
 * rows downstream are read back exactly. A table added to a stopped sync is read from its snapshot
 * while the others go on from their offsets.
 */
@Order(64)
class SyncJobsIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Jobs jobs = new Jobs(http);
  private final String names = UUID.randomUUID().toString().replace("-", "").substring(0, 8);

  @Test
  void syncsMariaDbTablesIntoPostgres() throws Exception {
    URI maria = TestMariaDb.address();
    String database = maria.getPath().substring(1);
    String orders = "sy" + names + "_orders";
    String refunds = "sy" + names + "_refunds";
    String later = "sy" + names + "_later";
    try (Connection db = TestMariaDb.connect()) {
      TestMariaDb.exec(
          db,
          "CREATE TABLE "
              + orders
              + " (id INT PRIMARY KEY, note VARCHAR(32), amount DECIMAL(10, 2) NOT NULL)");
      TestMariaDb.exec(db, "CREATE TABLE " + refunds + " (id BIGINT PRIMARY KEY, reason TEXT)");
      TestMariaDb.exec(db, "CREATE TABLE " + later + " (code CHAR(3) PRIMARY KEY, n INT)");
      TestMariaDb.exec(
          db,
          "INSERT INTO " + orders + " VALUES (1, 'one', 10.50), (2, 'two', 20.00), (3, NULL, 3)");
      TestMariaDb.exec(db, "INSERT INTO " + refunds + " VALUES (7, 'late'), (8, 'broken')");
      TestMariaDb.exec(db, "INSERT INTO " + later + " VALUES ('abc', 1), ('xyz', 2)");
    }
    String source = register("my-" + names, "mariadb", maria, TestMariaDb.user());

    Map<String, Object> target = new LinkedHashMap<>();
    target.put("type", "jdbc");
    target.put("url", TestPostgres.url());
    target.put("username", TestPostgres.user());
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("source", source);
    sync.put("tables", List.of(database + "." + orders, database + "." + refunds));
    sync.put("target", target);
    String job = "sync-my-" + names;
    Http.Response created =
        http.post("/api/v1/jobs", Map.of("name", job, "type", "SYNC", "sync", sync));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long id = created.body().path("id").asLong();
    // The version is the definition as canonical JSON, defaults written out.
    String text = http.get("/api/v1/jobs/" + id + "/versions/1").body().path("script").asText();
    assertThat(text).contains("\"source\" : \"" + source + "\"", "\"schemaChanges\" : \"evolve\"");
    // Its lineage: each table's columns, as copied, from the MariaDB table to the PostgreSQL one.
    JsonNode lineage = http.get("/api/v1/jobs/" + id + "/lineage").body();
    URI pgAddress = URI.create(TestPostgres.url().substring("jdbc:".length()));
    List<String> steps = new ArrayList<>();
    for (JsonNode st : lineage.path("statements")) {
      steps.add(
          st.path("sources").get(0).asText()
              + " -> "
              + st.path("sink").asText()
              + " "
              + st.path("columns").size());
    }
    String mysqlAt = "mysql://" + maria.getHost() + ":" + maria.getPort() + "/" + database + ".";
    String pgAt =
        "postgres://"
            + pgAddress.getHost()
            + ":"
            + pgAddress.getPort()
            + pgAddress.getPath()
            + ".public.";
    assertThat(steps)
        .as(lineage.toString())
        .containsExactly(
            mysqlAt + orders + " -> " + pgAt + orders + " 3",
            mysqlAt + refunds + " -> " + pgAt + refunds + " 2");
    Http.Response valid = http.post("/api/v1/jobs/" + id + "/validate", Map.of());
    assertThat(valid.status()).as(valid.raw()).isEqualTo(200);
    assertThat(valid.body().path("valid").asBoolean()).as(valid.raw()).isTrue();

    try (Connection pg = TestPostgres.connect();
        Connection my = TestMariaDb.connect()) {
      jobs.deploy(id, "none");
      jobs.awaitRunning(id);
      // The snapshot: the target tables were created with the sources' keys, and hold their rows.
      awaitRows(
          pg,
          "SELECT id, note, amount FROM " + orders + " ORDER BY id",
          List.of("1 one 10.50", "2 two 20.00", "3 null 3.00"));
      awaitRows(
          pg, "SELECT id, reason FROM " + refunds + " ORDER BY id", List.of("7 late", "8 broken"));
      assertThat(
              rows(
                  pg,
                  "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                      + " AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND i.indrelid = '"
                      + orders
                      + "'::regclass"))
          .containsExactly("id");

      // Then the binlog: an insert, an update and a delete, each applied by key.
      TestMariaDb.exec(my, "INSERT INTO " + orders + " VALUES (4, 'four', 4.40)");
      TestMariaDb.exec(my, "UPDATE " + orders + " SET note = 'TWO', amount = 22 WHERE id = 2");
      TestMariaDb.exec(my, "DELETE FROM " + orders + " WHERE id = 1");
      TestMariaDb.exec(my, "DELETE FROM " + refunds + " WHERE id = 8");
      awaitRows(
          pg,
          "SELECT id, note, amount FROM " + orders + " ORDER BY id",
          List.of("2 TWO 22.00", "3 null 3.00", "4 four 4.40"));
      awaitRows(pg, "SELECT id, reason FROM " + refunds + " ORDER BY id", List.of("7 late"));

      JsonNode stopped = jobs.stop(id, true);
      assertThat(stopped.path("savepointPath").asText()).as(stopped.toString()).isNotBlank();
      // A row taken out of a target while the sync is stopped stays out unless its table is read
      // again from a snapshot.
      TestPostgres.exec(pg, "DELETE FROM " + orders + " WHERE id = 3");

      sync.put(
          "tables",
          List.of(database + "." + orders, database + "." + refunds, database + "." + later));
      Http.Response updated = http.put("/api/v1/jobs/" + id, Map.of("sync", sync));
      assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
      assertThat(updated.body().path("version").asInt()).isEqualTo(2);
      Http.Response restored =
          http.post("/api/v1/jobs/" + id + "/deploy", Map.of("restore", "latest"));
      assertThat(restored.status()).as(restored.raw()).isEqualTo(200);
      jobs.awaitRunning(id);
      awaitRows(pg, "SELECT code, n FROM " + later + " ORDER BY code", List.of("abc 1", "xyz 2"));
      TestMariaDb.exec(my, "INSERT INTO " + orders + " VALUES (5, 'five', 5)");
      // Row 5 comes from the binlog after the savepoint's offset; row 3 stays deleted: orders was
      // not read again.
      awaitRows(
          pg,
          "SELECT id, note, amount FROM " + orders + " ORDER BY id",
          List.of("2 TWO 22.00", "4 four 4.40", "5 five 5.00"));

      // A column added in the source while the sync runs: the job stops at the first row of the
      // new shape, and is deployed again from its checkpoint against the table as it is now; the
      // target gets the column, the rows before the change have it empty.
      String flinkJob = jobs.get(id).path("flinkJobId").asText();
      TestMariaDb.exec(my, "ALTER TABLE " + orders + " ADD COLUMN channel VARCHAR(16)");
      TestMariaDb.exec(my, "INSERT INTO " + orders + " VALUES (6, 'six', 6, 'web')");
      TestMariaDb.exec(my, "UPDATE " + orders + " SET channel = 'app' WHERE id = 2");
      awaitRows(
          pg,
          "SELECT id, note, amount, channel FROM " + orders + " ORDER BY id",
          List.of("2 TWO 22.00 app", "4 four 4.40 null", "5 five 5.00 null", "6 six 6.00 web"));
      List<JsonNode> evolvedEvents = events(id, "sync.schema-evolved");
      assertThat(evolvedEvents).hasSize(1);
      JsonNode evolved = evolvedEvents.get(0);
      assertThat(evolved.path("seen").asText())
          .isEqualTo("table " + database + "." + orders + " added column(s) channel");
      assertThat(evolved.path("flinkJobId").asText()).isEqualTo(flinkJob);
      assertThat(evolved.path("action").asText())
          .startsWith("deployed version 2 again from its latest checkpoint ");
      jobs.awaitRunning(id);
      assertThat(jobs.get(id).path("flinkJobId").asText()).isNotEqualTo(flinkJob);

      jobs.stop(id, false);
      jobs.await(id, j -> !j.path("state").asText().equals("RUNNING"), Duration.ofMinutes(1));
    }
  }

  @Test
  void syncsPostgresTablesIntoKafkaAsDebeziumJson() throws Exception {
    URI pgAddress = URI.create(TestPostgres.url().substring("jdbc:".length()));
    String schema = "sk" + names;
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(
          db, "CREATE TABLE " + schema + ".accounts (id INT PRIMARY KEY, owner TEXT, balance INT)");
      TestPostgres.exec(db, "CREATE TABLE " + schema + ".cards (id INT PRIMARY KEY, holder TEXT)");
      TestPostgres.exec(
          db, "INSERT INTO " + schema + ".accounts VALUES (1, 'ann', 10), (2, 'bob', 20)");
      TestPostgres.exec(db, "INSERT INTO " + schema + ".cards VALUES (5, 'ann')");
    }
    String source = register("pg-" + names, "postgresql", pgAddress, TestPostgres.user());

    // YAML, as an engineer writes it, in the script field; the data source beside it, as the CLI's
    // --source and the studio's form send it.
    String yaml =
        "tables: ["
            + schema
            + ".*]\n"
            + "target:\n"
            + "  type: kafka\n"
            + "  bootstrapServers: "
            + platform.kafkaBootstrap()
            + "\n"
            + "  topic: \"cdc.{schema}.{table}\"\n"
            + "  format: debezium-json\n";
    Http.Response created =
        http.post(
            "/api/v1/jobs",
            Map.of("name", "sync-pg-" + names, "type", "SYNC", "script", yaml, "source", source));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long id = created.body().path("id").asLong();
    KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());
    try (Connection db = TestPostgres.connect()) {
      jobs.deploy(id, "none");
      jobs.awaitRunning(id);
      awaitChanges(kafka, "cdc." + schema + ".accounts", List.of("1 c ann 10", "2 c bob 20"));
      awaitChanges(kafka, "cdc." + schema + ".cards", List.of("5 c ann"));

      TestPostgres.exec(db, "INSERT INTO " + schema + ".accounts VALUES (3, 'cy', 30)");
      TestPostgres.exec(db, "UPDATE " + schema + ".accounts SET owner = 'ANN' WHERE id = 1");
      TestPostgres.exec(db, "DELETE FROM " + schema + ".cards WHERE id = 5");
      // Each key's changes in order. Under PostgreSQL's default replica identity an update brings
      // its new row only, and a delete its key only.
      awaitChanges(
          kafka,
          "cdc." + schema + ".accounts",
          List.of("1 c ann 10", "1 c ANN 10", "2 c bob 20", "3 c cy 30"));
      awaitChanges(kafka, "cdc." + schema + ".cards", List.of("5 c ann", "5 d null"));

      // A column dropped in the source: a topic takes records of the new shape, so the sync is
      // deployed again from its checkpoint without it, and the records from then on lack it. A
      // checkpoint after the records above first: the restore does not write them again.
      String checkpoint = jobs.get(id).path("lastCheckpoint").asText();
      jobs.await(
          id,
          j ->
              j.hasNonNull("lastCheckpoint")
                  && !j.path("lastCheckpoint").asText().equals(checkpoint),
          Duration.ofMinutes(1));
      TestPostgres.exec(db, "ALTER TABLE " + schema + ".accounts DROP COLUMN balance");
      TestPostgres.exec(db, "UPDATE " + schema + ".accounts SET owner = 'BOB' WHERE id = 2");
      awaitChanges(
          kafka,
          "cdc." + schema + ".accounts",
          List.of("1 c ann 10", "1 c ANN 10", "2 c bob 20", "2 c BOB", "3 c cy 30"));
      List<JsonNode> evolved = events(id, "sync.schema-evolved");
      assertThat(evolved).hasSize(1);
      assertThat(evolved.get(0).path("seen").asText())
          .isEqualTo("table " + schema + ".accounts dropped column(s) balance");
      jobs.awaitRunning(id);

      jobs.stop(id, false);
      jobs.await(id, j -> !j.path("state").asText().equals("RUNNING"), Duration.ofMinutes(1));
      TestPostgres.exec(
          db,
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
              + " WHERE slot_name = 'sluice_sync_"
              + id
              + "' AND NOT active");
    }
  }

  /**
   * Waits until the topic holds exactly these changes, each {@code key op columns...}, in order per
   * key (keys in order, as records of one key keep their order).
   */
  private static void awaitChanges(KafkaTopics kafka, String topic, List<String> expected) {
    List<String> seen = new ArrayList<>();
    try {
      kafka.readUntil(
          topic,
          0,
          records -> {
            seen.clear();
            java.util.TreeMap<Integer, List<String>> byKey = new java.util.TreeMap<>();
            for (var r : records) {
              JsonNode v = KafkaTopics.json(r.value());
              String op = v.path("op").asText();
              JsonNode row = op.equals("d") ? v.path("before") : v.path("after");
              List<String> parts = new ArrayList<>();
              parts.add(row.path("id").asText());
              parts.add(op);
              row.fields()
                  .forEachRemaining(
                      f -> {
                        if (!f.getKey().equals("id")) {
                          parts.add(f.getValue().asText());
                        }
                      });
              byKey
                  .computeIfAbsent(row.path("id").asInt(), k -> new ArrayList<>())
                  .add(String.join(" ", parts));
            }
            byKey.values().forEach(seen::addAll);
            return seen.equals(expected);
          },
          Duration.ofMinutes(2));
    } catch (AssertionError e) {
      assertThat(seen).as(topic).isEqualTo(expected);
    }
  }

  /**
   * The TaskManager is killed with -9 while the snapshot of a large table is being written: the
   * supervisor starts a TaskManager again, Flink restarts the sync from its last checkpoint, and
   * the target ends with exactly the source's rows (keyed writes: what was written twice is one
   * row).
   */
  /**
   * MariaDB into Paimon primary-key tables the sink creates, read back with Paimon's own reader; a
   * column added in the source is added to the Paimon table by Paimon's schema evolution.
   */
  @Test
  void syncsMariaDbTablesIntoPaimonReadBackWithPaimonsReader() throws Exception {
    URI maria = TestMariaDb.address();
    String database = maria.getPath().substring(1);
    String orders = "pa" + names + "_orders";
    String events = "pa" + names + "_events";
    try (Connection db = TestMariaDb.connect()) {
      TestMariaDb.exec(
          db,
          "CREATE TABLE "
              + orders
              + " (id INT PRIMARY KEY, note VARCHAR(32), amount DECIMAL(10, 2) NOT NULL)");
      TestMariaDb.exec(
          db, "CREATE TABLE " + events + " (k VARCHAR(8) PRIMARY KEY, n BIGINT NOT NULL)");
      TestMariaDb.exec(
          db, "INSERT INTO " + orders + " VALUES (1, 'one', 10.50), (2, 'two', 20), (3, NULL, 3)");
      TestMariaDb.exec(db, "INSERT INTO " + events + " VALUES ('a', 1), ('b', 2)");
    }
    String source = register("pa-" + names, "mariadb", maria, TestMariaDb.user());
    // Under the data directory: the sandbox's default file system root.
    java.nio.file.Path lake = java.nio.file.Files.createTempDirectory(platform.dataDir, "lake-");
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("source", source);
    sync.put("tables", List.of(database + "." + orders, database + "." + events));
    sync.put(
        "target",
        Map.of("type", "paimon", "warehouse", lake.toUri().toString(), "database", "ods"));
    Http.Response created =
        http.post("/api/v1/jobs", Map.of("name", "sync-pa-" + names, "type", "SYNC", "sync", sync));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long id = created.body().path("id").asLong();
    // Validating plans the Paimon sinks without creating a table in the warehouse.
    Http.Response valid = http.post("/api/v1/jobs/" + id + "/validate", Map.of());
    assertThat(valid.body().path("valid").asBoolean()).as(valid.raw()).isTrue();
    java.nio.file.Path ordersTable = lake.resolve("ods.db").resolve(orders);
    java.nio.file.Path eventsTable = lake.resolve("ods.db").resolve(events);
    assertThat(ordersTable).doesNotExist();

    try (Connection my = TestMariaDb.connect()) {
      jobs.deploy(id, "none");
      jobs.awaitRunning(id);
      awaitRows(
          () -> PaimonTables.rows(ordersTable),
          "Paimon " + orders,
          List.of("1 one 10.50", "2 two 20.00", "3 null 3.00"));
      awaitRows(() -> PaimonTables.rows(eventsTable), "Paimon " + events, List.of("a 1", "b 2"));
      assertThat(PaimonTables.primaryKey(ordersTable)).containsExactly("id");

      TestMariaDb.exec(my, "INSERT INTO " + orders + " VALUES (4, 'four', 4.40)");
      TestMariaDb.exec(my, "UPDATE " + orders + " SET note = 'TWO', amount = 22 WHERE id = 2");
      TestMariaDb.exec(my, "DELETE FROM " + orders + " WHERE id = 1");
      TestMariaDb.exec(my, "UPDATE " + events + " SET n = 20 WHERE k = 'b'");
      awaitRows(
          () -> PaimonTables.rows(ordersTable),
          "Paimon " + orders,
          List.of("2 TWO 22.00", "3 null 3.00", "4 four 4.40"));
      awaitRows(() -> PaimonTables.rows(eventsTable), "Paimon " + events, List.of("a 1", "b 20"));

      // The schema change is an alert as much as an event.
      Http.Response rule =
          http.post(
              "/api/v1/alert-rules",
              Map.of(
                  "name",
                  "pa-" + names + "-schema",
                  "job",
                  "sync-pa-" + names,
                  "template",
                  "sync_schema_changed",
                  "severity",
                  "P2"));
      assertThat(rule.status()).as(rule.raw()).isEqualTo(201);
      assertThat(rule.body().path("summary").asText()).isEqualTo("sync_schema_changes > 0");

      // A column added while the sync runs: the Paimon table is given it before the sync is
      // deployed again from its checkpoint.
      TestMariaDb.exec(my, "ALTER TABLE " + orders + " ADD COLUMN channel VARCHAR(16)");
      TestMariaDb.exec(my, "INSERT INTO " + orders + " VALUES (5, 'five', 5, 'web')");
      TestMariaDb.exec(my, "UPDATE " + orders + " SET channel = 'app' WHERE id = 2");
      awaitRows(
          () -> PaimonTables.rows(ordersTable),
          "Paimon " + orders,
          List.of("2 TWO 22.00 app", "3 null 3.00 null", "4 four 4.40 null", "5 five 5.00 web"));
      assertThat(PaimonTables.columns(ordersTable))
          .containsExactly(
              "id INT NOT NULL", "note STRING", "amount DECIMAL(10, 2)", "channel STRING");
      assertThat(events(id, "sync.schema-evolved")).hasSize(1);
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      List<String> firing = List.of();
      while (firing.isEmpty() && Instant.now().isBefore(deadline)) {
        Platform.sleep(1000);
        List<String> rules = new ArrayList<>();
        http.get("/api/v1/alerts?job=sync-pa-" + names + "&state=firing")
            .body()
            .forEach(a -> rules.add(a.path("rule").asText()));
        firing = rules;
      }
      assertThat(firing).containsExactly("pa-" + names + "-schema");

      jobs.stop(id, false);
      jobs.await(id, j -> !j.path("state").asText().equals("RUNNING"), Duration.ofMinutes(1));
    }
  }

  /**
   * MariaDB into tables of another MariaDB database, created by the sync (MySQL's dialect); the
   * tables are a pattern, and a table created while the sync runs is picked up by itself.
   */
  @Test
  void syncsMariaDbTablesIntoMySqlTablesItCreates() throws Exception {
    URI maria = TestMariaDb.address();
    String database = maria.getPath().substring(1);
    String ods = "od" + names;
    String orders = "mt" + names + "_orders";
    String codes = "mt" + names + "_codes";
    try (Connection db = TestMariaDb.connect()) {
      TestMariaDb.exec(db, "CREATE DATABASE " + ods);
      TestMariaDb.exec(
          db,
          "CREATE TABLE "
              + orders
              + " (id BIGINT PRIMARY KEY, note VARCHAR(32), amount DECIMAL(10, 2) NOT NULL)");
      TestMariaDb.exec(db, "CREATE TABLE " + codes + " (code CHAR(3) PRIMARY KEY, n INT)");
      TestMariaDb.exec(db, "INSERT INTO " + orders + " VALUES (1, 'one', 1.10), (2, 'two', 2)");
      TestMariaDb.exec(db, "INSERT INTO " + codes + " VALUES ('abc', 1), ('xyz', NULL)");
    }
    String source = register("mt-" + names, "mariadb", maria, TestMariaDb.user());
    String url =
        "jdbc:mysql://" + maria.getHost() + ":" + maria.getPort() + "/" + ods + "?useSSL=false";
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("source", source);
    sync.put("tables", List.of(database + ".mt" + names + "_.*"));
    sync.put(
        "target",
        Map.of("type", "jdbc", "url", url, "username", TestMariaDb.user(), "table", "ods_{table}"));
    Http.Response created =
        http.post("/api/v1/jobs", Map.of("name", "sync-mt-" + names, "type", "SYNC", "sync", sync));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long id = created.body().path("id").asLong();
    // Read and written at parallelism 2: the snapshot's chunks by two readers, the rows keyed.
    Http.Response parallel =
        http.put("/api/v1/jobs/" + id + "/parallelism", Map.of("defaultParallelism", 2));
    assertThat(parallel.status()).as(parallel.raw()).isEqualTo(200);
    java.util.Set<Integer> parallelisms = new java.util.TreeSet<>();
    parallel
        .body()
        .path("plan")
        .path("graph")
        .path("vertices")
        .forEach(v -> parallelisms.add(v.path("parallelism").asInt()));
    assertThat(parallelisms).as(parallel.raw()).containsExactly(2);
    Http.Response perOperator =
        http.put(
            "/api/v1/jobs/" + id + "/parallelism", Map.of("operators", Map.of("sync-router", 1)));
    assertThat(perOperator.status()).as(perOperator.raw()).isEqualTo(400);
    assertThat(perOperator.body().path("detail").asText())
        .isEqualTo(
            "Job 'sync-mt-"
                + names
                + "' is a SYNC job: its operators run at the job's default parallelism;"
                + " parallelism per operator is set on SQL jobs");

    try (Connection my = TestMariaDb.connect()) {
      jobs.deploy(id, "none");
      jobs.awaitRunning(id);
      String ordersTarget = ods + ".ods_" + orders;
      awaitRows(
          my,
          "SELECT id, note, amount FROM " + ordersTarget + " ORDER BY id",
          List.of("1 one 1.10", "2 two 2.00"));
      awaitRows(
          my,
          "SELECT code, n FROM " + ods + ".ods_" + codes + " ORDER BY code",
          List.of("abc 1", "xyz null"));
      // Created with the source's key and types in MySQL's dialect.
      assertThat(
              rows(
                  my,
                  "SELECT CONCAT_WS(' ', COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,"
                      + " NULLIF(COLUMN_KEY, '')) FROM"
                      + " information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                      + ods
                      + "' AND TABLE_NAME = 'ods_"
                      + orders
                      + "' ORDER BY ORDINAL_POSITION"))
          .containsExactly("id bigint(20) NO PRI", "note longtext YES", "amount decimal(10,2) NO");

      TestMariaDb.exec(my, "INSERT INTO " + orders + " VALUES (3, 'three', 3)");
      TestMariaDb.exec(my, "UPDATE " + orders + " SET note = 'ONE' WHERE id = 1");
      TestMariaDb.exec(my, "DELETE FROM " + orders + " WHERE id = 2");
      TestMariaDb.exec(my, "DELETE FROM " + codes + " WHERE code = 'xyz'");
      awaitRows(
          my,
          "SELECT id, note, amount FROM " + ordersTarget + " ORDER BY id",
          List.of("1 ONE 1.10", "3 three 3.00"));
      awaitRows(
          my, "SELECT code, n FROM " + ods + ".ods_" + codes + " ORDER BY code", List.of("abc 1"));

      // A table created in the source that the pattern matches: the running sync is stopped with
      // a savepoint and deployed again, and reads only that table from its snapshot. A row taken
      // out of a target meanwhile stays out: the other tables were not read again.
      String flinkJob = jobs.get(id).path("flinkJobId").asText();
      TestMariaDb.exec(my, "DELETE FROM " + ordersTarget + " WHERE id = 3");
      String later = "mt" + names + "_later";
      TestMariaDb.exec(my, "CREATE TABLE " + later + " (k INT PRIMARY KEY, v VARCHAR(8))");
      TestMariaDb.exec(my, "INSERT INTO " + later + " VALUES (1, 'x'), (2, 'y')");
      awaitRows(
          my,
          "SELECT k, v FROM " + ods + ".ods_" + later + " ORDER BY k",
          List.of("1 x", "2 y"),
          Duration.ofMinutes(3));
      List<JsonNode> added = events(id, "sync.tables-added");
      assertThat(added).hasSize(1);
      assertThat(added.get(0).path("seen").asText())
          .isEqualTo("table(s) " + database + "." + later + " match the sync's tables now");
      assertThat(added.get(0).path("flinkJobId").asText()).isEqualTo(flinkJob);
      assertThat(added.get(0).path("outcome").asText()).startsWith("submitted as Flink job ");
      jobs.awaitRunning(id);
      TestMariaDb.exec(my, "INSERT INTO " + later + " VALUES (3, 'z')");
      awaitRows(
          my,
          "SELECT k, v FROM " + ods + ".ods_" + later + " ORDER BY k",
          List.of("1 x", "2 y", "3 z"));
      assertThat(rows(my, "SELECT id FROM " + ordersTarget + " ORDER BY id")).containsExactly("1");

      // Snapshot wide, stream narrow: stopped with a savepoint, the sync is restored at
      // parallelism 1 and goes on from its offsets, no table read again.
      JsonNode narrowed = jobs.stop(id, true);
      assertThat(narrowed.path("savepointPath").asText()).as(narrowed.toString()).isNotBlank();
      Http.Response one =
          http.put("/api/v1/jobs/" + id + "/parallelism", Map.of("defaultParallelism", 1));
      assertThat(one.status()).as(one.raw()).isEqualTo(200);
      Http.Response restored =
          http.post("/api/v1/jobs/" + id + "/deploy", Map.of("restore", "latest"));
      assertThat(restored.status()).as(restored.raw()).isEqualTo(200);
      jobs.awaitRunning(id);
      TestMariaDb.exec(my, "INSERT INTO " + later + " VALUES (4, 'w')");
      awaitRows(
          my,
          "SELECT k, v FROM " + ods + ".ods_" + later + " ORDER BY k",
          List.of("1 x", "2 y", "3 z", "4 w"));
      assertThat(rows(my, "SELECT id FROM " + ordersTarget + " ORDER BY id")).containsExactly("1");
      assertThat(events(id, "sync.tables-added")).hasSize(1);

      // A column added in the source is added to the MySQL table (ALTER TABLE ... ADD).
      TestMariaDb.exec(my, "ALTER TABLE " + orders + " ADD COLUMN channel VARCHAR(16)");
      TestMariaDb.exec(my, "INSERT INTO " + orders + " VALUES (4, 'four', 4, 'web')");
      awaitRows(
          my,
          "SELECT id, note, amount, channel FROM " + ordersTarget + " ORDER BY id",
          List.of("1 ONE 1.10 null", "4 four 4.00 web"));
      assertThat(events(id, "sync.schema-evolved")).hasSize(1);

      // A column whose type changed: its values no longer fit the target's column (12.3456
      // would be written as 12.35), so the sync pauses before the row, and says why.
      TestMariaDb.exec(my, "ALTER TABLE " + orders + " MODIFY amount DECIMAL(12, 4) NOT NULL");
      TestMariaDb.exec(my, "INSERT INTO " + orders + " VALUES (5, 'five', 12.3456, 'app')");
      jobs.await(id, j -> j.path("state").asText().equals("FAILED"), Duration.ofMinutes(2));
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      while (events(id, "sync.schema-paused").isEmpty() && Instant.now().isBefore(deadline)) {
        Platform.sleep(500);
      }
      List<JsonNode> paused = events(id, "sync.schema-paused");
      assertThat(paused).hasSize(1);
      assertThat(paused.get(0).path("seen").asText())
          .isEqualTo(
              "table "
                  + database
                  + "."
                  + orders
                  + " changed the type of column(s) amount (now DECIMAL(12, 4))");
      assertThat(rows(my, "SELECT id FROM " + ordersTarget + " ORDER BY id"))
          .containsExactly("1", "4");
    }
  }

  /** The job's events of a kind. */
  private List<JsonNode> events(long id, String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : http.get("/api/v1/jobs/" + id + "/events").body().path("events")) {
      if (e.path("kind").asText().equals(kind)) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void aTaskManagerKilledDuringTheSnapshotLeavesExactlyTheSourcesRows() throws Exception {
    URI maria = TestMariaDb.address();
    String database = maria.getPath().substring(1);
    String big = "sy" + names + "_big";
    int rows = 200_000;
    try (Connection db = TestMariaDb.connect()) {
      TestMariaDb.exec(
          db,
          "CREATE TABLE " + big + " (id INT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(20))");
      // MariaDB's sequence engine: one statement for all the rows.
      TestMariaDb.exec(
          db,
          "INSERT INTO " + big + " SELECT seq, seq % 1000, CONCAT('n', seq) FROM seq_1_to_" + rows);
    }
    String source = register("big-" + names, "mariadb", maria, TestMariaDb.user());
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("type", "jdbc");
    target.put("url", TestPostgres.url());
    target.put("username", TestPostgres.user());
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("source", source);
    sync.put("tables", List.of(database + "." + big));
    sync.put("target", target);
    Http.Response created =
        http.post(
            "/api/v1/jobs", Map.of("name", "sync-big-" + names, "type", "SYNC", "sync", sync));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long id = created.body().path("id").asLong();
    Http flink = new Http(platform.flinkUrl());
    String count = "SELECT COUNT(*) FROM " + big;
    try (Connection pg = TestPostgres.connect()) {
      String flinkJobId = jobs.deploy(id, "none").path("flinkJobId").asText();
      LocalTaskManagers.awaitTasksRunning(flink, flinkJobId);
      // Part of the snapshot is written: the kill falls in the middle of it.
      long written = 0;
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (Instant.now().isBefore(deadline)) {
        List<String> n = attempt(() -> rows(pg, count));
        written = n.isEmpty() ? 0 : Long.parseLong(n.get(0));
        if (written > 0) {
          break;
        }
        Platform.sleep(200);
      }
      assertThat(written).as("rows written before the kill").isBetween(1L, rows - 1L);
      ProcessHandle taskManager = LocalTaskManagers.only(platform);
      taskManager.destroyForcibly();
      taskManager.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

      awaitRows(
          pg,
          "SELECT COUNT(*), SUM(id), SUM(amount), COUNT(DISTINCT note) FROM " + big,
          List.of(
              rows + " " + (long) rows * (rows + 1) / 2 + " " + expectedAmounts(rows) + " " + rows),
          Duration.ofMinutes(4));
      assertThat(rows(pg, "SELECT note FROM " + big + " WHERE id = 123457"))
          .containsExactly("n123457");
      JsonNode job = jobs.get(id);
      assertThat(job.path("flinkJobId").asText()).isEqualTo(flinkJobId);
      jobs.stop(id, false);
      jobs.await(id, j -> !j.path("state").asText().equals("RUNNING"), Duration.ofMinutes(1));
    }
  }

  /** The sum of {@code id % 1000} for ids 1 to n. */
  private static long expectedAmounts(int n) {
    long sum = 0;
    for (int i = 1; i <= n; i++) {
      sum += i % 1000;
    }
    return sum;
  }

  @Test
  void refusesADefinitionWithTheFieldThatIsWrong() {
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("source", "nope-" + names);
    sync.put("tables", List.of("public.orders"));
    sync.put("target", Map.of("type", "kafka", "bootstrapServers", "localhost:9092"));
    Http.Response unknown =
        http.post(
            "/api/v1/jobs", Map.of("name", "sync-bad-" + names, "type", "SYNC", "sync", sync));
    assertThat(unknown.status()).as(unknown.raw()).isEqualTo(400);
    assertThat(unknown.body().path("detail").asText())
        .isEqualTo("sync.source: no data source 'nope-" + names + "' in project 'demo'");

    Http.Response twoSources =
        http.post(
            "/api/v1/jobs",
            Map.of("name", "sync-bad-" + names, "type", "SYNC", "sync", sync, "source", "other"));
    assertThat(twoSources.status()).as(twoSources.raw()).isEqualTo(400);
    assertThat(twoSources.body().path("detail").asText())
        .isEqualTo(
            "source: 'other' but the definition reads 'nope-" + names + "'; name one source");

    Http.Response noDefinition =
        http.post("/api/v1/jobs", Map.of("name", "sync-bad-" + names, "type", "SYNC"));
    assertThat(noDefinition.status()).as(noDefinition.raw()).isEqualTo(400);
    assertThat(noDefinition.body().path("detail").asText())
        .startsWith("sync: required: the sync definition");

    Http.Response notSync =
        http.post(
            "/api/v1/jobs",
            Map.of("name", "sync-bad-" + names, "script", Jobs.ENDLESS, "sync", sync));
    assertThat(notSync.status()).as(notSync.raw()).isEqualTo(400);
    assertThat(notSync.body().path("detail").asText())
        .isEqualTo("sync: only a job of type SYNC has a sync definition");
  }

  /** Registers the database at the address (host, port, /database) without a password. */
  private String register(String name, String type, URI address, String user) {
    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("name", name);
    ds.put("project", "demo");
    ds.put("type", type);
    ds.put("host", address.getHost());
    ds.put("port", address.getPort());
    ds.put("database", address.getPath().substring(1));
    ds.put("username", user);
    Http.Response registered = http.post("/api/v1/datasources", ds);
    assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
    return name;
  }

  /** Polls the query until it returns exactly the rows, each as its columns joined by spaces. */
  private static void awaitRows(Connection db, String query, List<String> expected)
      throws Exception {
    awaitRows(db, query, expected, Duration.ofMinutes(2));
  }

  private static void awaitRows(
      Connection db, String query, List<String> expected, Duration timeout) throws Exception {
    awaitRows(() -> attempt(() -> rows(db, query)), query, expected, timeout);
  }

  private static void awaitRows(Callable<List<String>> read, String what, List<String> expected)
      throws Exception {
    awaitRows(read, what, expected, Duration.ofMinutes(2));
  }

  private static void awaitRows(
      Callable<List<String>> read, String what, List<String> expected, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    List<String> seen = List.of();
    while (Instant.now().isBefore(deadline)) {
      seen = read.call();
      if (expected.equals(seen)) {
        return;
      }
      Platform.sleep(500);
    }
    assertThat(seen).as(what).isEqualTo(expected);
  }

  /** The rows, or none while the table does not exist yet. */
  private static List<String> attempt(Callable<List<String>> read) throws Exception {
    try {
      return read.call();
    } catch (SQLException e) {
      // The table, or the column added, is not there yet.
      // PostgreSQL's undefined table and column, MySQL's.
      if (java.util.Set.of("42P01", "42703", "42S02", "42S22").contains(e.getSQLState())) {
        return List.of();
      }
      throw e;
    }
  }

  private static List<String> rows(Connection db, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(query)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = r.getObject(i);
          row.add(
              v instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(v).trim());
        }
        out.add(String.join(" ", row));
      }
    }
    return out;
  }
}
