package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Data sources registered, tested, browsed and checked for CDC against the run's real PostgreSQL
 * and MariaDB: exact catalogs, readiness checks that fail on a real misconfiguration, whose own fix
 * statements, run on the database, make them pass. No password is ever returned.
 */
@Order(53)
class DatasourcesIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final String names = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String password = "pw-" + UUID.randomUUID();

  @Test
  void registersBrowsesAndChecksAPostgresDatabase() throws Exception {
    URI pg = URI.create(TestPostgres.url().substring("jdbc:".length()));
    String schema = "ds_" + names;
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(
          db,
          "CREATE TABLE "
              + schema
              + ".orders (id BIGINT PRIMARY KEY, amount NUMERIC(12, 2) NOT NULL DEFAULT 0,"
              + " note VARCHAR(64), created TIMESTAMPTZ(3), tags INT[])");
      TestPostgres.exec(db, "COMMENT ON COLUMN " + schema + ".orders.note IS 'free text'");
      TestPostgres.exec(db, "CREATE TABLE " + schema + ".events (payload TEXT)");
      TestPostgres.exec(db, "INSERT INTO " + schema + ".orders (id) VALUES (1), (2), (3)");
      TestPostgres.exec(db, "ANALYZE " + schema + ".orders");
    }
    String name = "pg-" + names;
    Http.Response created =
        http.post(
            "/api/v1/datasources",
            source(
                name,
                "postgresql",
                pg.getHost(),
                pg.getPort(),
                pg.getPath().substring(1),
                TestPostgres.user(),
                password));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.body().path("passwordSecret").asText())
        .isEqualTo("datasource." + name + ".password");
    assertThat(created.body().path("project").asText()).isEqualTo("demo");
    assertThat(created.body().path("typeLabel").asText()).isEqualTo("PostgreSQL");
    long id = created.body().path("id").asLong();
    String at = "/api/v1/datasources/" + id;

    // The literal password went into a secret of the project, and comes back nowhere.
    Http.Response secrets = http.get("/api/v1/secrets");
    assertThat(secrets.raw()).contains("datasource." + name + ".password");
    Http.Response byName = http.get("/api/v1/datasources/" + name);
    assertThat(byName.status()).as(byName.raw()).isEqualTo(200);
    assertThat(byName.body().path("id").asLong()).isEqualTo(id);

    Http.Response test = http.post(at + "/test", Map.of());
    assertThat(test.status()).as(test.raw()).isEqualTo(200);
    assertThat(test.body().path("ok").asBoolean()).isTrue();
    assertThat(test.body().path("product").asText()).isEqualTo("PostgreSQL");
    assertThat(test.body().path("version").asText()).startsWith("15.");

    Http.Response schemas = http.get(at + "/schemas");
    assertThat(schemas.status()).as(schemas.raw()).isEqualTo(200);
    assertThat(rows(schemas.body(), "name", "tables")).contains(schema + " 2");
    assertThat(rows(schemas.body(), "name")).doesNotContain("pg_catalog", "information_schema");

    Http.Response tables = http.get(at + "/tables?schema=" + schema);
    assertThat(tables.status()).as(tables.raw()).isEqualTo(200);
    assertThat(rows(tables.body(), "schema", "name", "type", "rowEstimate", "primaryKey"))
        .containsExactly(schema + " events TABLE null []", schema + " orders TABLE 3 [\"id\"]");

    Http.Response orders = http.get(at + "/tables/" + schema + ".orders");
    assertThat(orders.status()).as(orders.raw()).isEqualTo(200);
    assertThat(
            rows(
                orders.body().path("columns"),
                "position",
                "name",
                "type",
                "flinkType",
                "nullable",
                "defaultValue",
                "primaryKey",
                "comment"))
        .containsExactly(
            "1 id bigint BIGINT false null true null",
            "2 amount numeric(12,2) DECIMAL(12, 2) false 0 false null",
            "3 note character varying(64) STRING true null false free text",
            "4 created timestamp(3) with time zone TIMESTAMP_LTZ(3) true null false null",
            "5 tags integer[] null true null false null");
    Http.Response missing = http.get(at + "/tables/" + schema + ".nope");
    assertThat(missing.status()).as(missing.raw()).isEqualTo(404);
    assertThat(missing.body().path("detail").asText())
        .isEqualTo("Table '" + schema + ".nope' in data source '" + name + "' does not exist");

    // events has no primary key and the default replica identity: its updates could not be
    // applied. The check says so, and its fix, run as it is, makes it pass.
    String readiness = at + "/readiness?tables=" + schema + ".orders," + schema + ".events";
    Http.Response before = http.get(readiness);
    assertThat(before.status()).as(before.raw()).isEqualTo(200);
    assertThat(before.body().path("ready").asBoolean()).isFalse();
    JsonNode identity = check(before.body(), "replica_identity");
    assertThat(identity.path("ok").asBoolean()).isFalse();
    assertThat(identity.path("severity").asText()).isEqualTo("error");
    assertThat(identity.path("actual").asText()).isEqualTo("1 without: " + schema + ".events");
    assertThat(identity.path("fix").asText())
        .isEqualTo("ALTER TABLE \"" + schema + "\".\"events\" REPLICA IDENTITY FULL;");
    assertThat(check(before.body(), "wal_level").path("ok").asBoolean()).isTrue();
    assertThat(check(before.body(), "wal_level").path("actual").asText()).isEqualTo("logical");
    assertThat(check(before.body(), "replication_role").path("actual").asText())
        .isEqualTo("superuser");
    assertThat(check(before.body(), "tables").path("actual").asText()).isEqualTo("2 found");
    JsonNode keys = check(before.body(), "primary_keys");
    assertThat(keys.path("severity").asText()).isEqualTo("warning");
    assertThat(keys.path("actual").asText()).isEqualTo("1 without: " + schema + ".events");
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, identity.path("fix").asText());
    }
    Http.Response after = http.get(readiness);
    assertThat(check(after.body(), "replica_identity").path("ok").asBoolean()).isTrue();
    assertThat(after.body().path("ready").asBoolean()).as(after.raw()).isTrue();

    Http.Response unknownTable = http.get(at + "/readiness?tables=" + schema + ".nope");
    assertThat(check(unknownTable.body(), "tables").path("actual").asText())
        .isEqualTo("1 missing: " + schema + ".nope");
    assertThat(unknownTable.body().path("ready").asBoolean()).isFalse();

    // A login of its own, its password a secret reference: no replication attribute and no
    // SELECT on the tables, each said with the statement that grants it.
    String reader = "ds_reader_" + names;
    String secret = "pgreader_" + names;
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE ROLE " + reader + " LOGIN NOREPLICATION");
    }
    Http.Response stored =
        http.post("/api/v1/secrets", Map.of("name", secret, "value", password, "project", "demo"));
    assertThat(stored.status()).as(stored.raw()).isEqualTo(201);
    Http.Response limited =
        http.post(
            "/api/v1/datasources",
            source(
                "pg-reader-" + names,
                "postgres",
                pg.getHost(),
                pg.getPort(),
                pg.getPath().substring(1),
                reader,
                "${secret:" + secret + "}"));
    assertThat(limited.status()).as(limited.raw()).isEqualTo(201);
    assertThat(limited.body().path("passwordSecret").asText()).isEqualTo(secret);
    assertThat(limited.body().path("type").asText()).isEqualTo("postgresql");
    String limitedReadiness =
        "/api/v1/datasources/"
            + limited.body().path("id").asLong()
            + "/readiness?tables="
            + schema
            + ".orders";
    Http.Response denied = http.get(limitedReadiness);
    assertThat(denied.status()).as(denied.raw()).isEqualTo(200);
    JsonNode role = check(denied.body(), "replication_role");
    assertThat(role.path("ok").asBoolean()).isFalse();
    assertThat(role.path("actual").asText()).isEqualTo("NOREPLICATION");
    assertThat(role.path("fix").asText()).isEqualTo("ALTER ROLE \"" + reader + "\" REPLICATION;");
    JsonNode select = check(denied.body(), "select_privilege");
    assertThat(select.path("ok").asBoolean()).isFalse();
    assertThat(select.path("fix").asText())
        .isEqualTo("GRANT SELECT ON \"" + schema + "\".\"orders\" TO \"" + reader + "\";");
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, role.path("fix").asText());
      TestPostgres.exec(db, "GRANT USAGE ON SCHEMA " + schema + " TO " + reader);
      TestPostgres.exec(db, select.path("fix").asText());
    }
    Http.Response granted = http.get(limitedReadiness);
    assertThat(check(granted.body(), "replication_role").path("ok").asBoolean()).isTrue();
    assertThat(check(granted.body(), "select_privilege").path("ok").asBoolean()).isTrue();

    // Bad input is refused at its field, a database that does not answer with a 422.
    assertField(
        http.post("/api/v1/datasources", source("x-" + names, "oceanbase", "h", 1, "d", "u", null)),
        "type",
        "Not supported: the OceanBase CDC connector is not published");
    assertField(
        http.post(
            "/api/v1/datasources", source("x-" + names, "mysql", "db:3306", null, "d", "u", null)),
        "host",
        "'db:3306' is not a host name or an IP address");
    assertField(
        http.post(
            "/api/v1/datasources",
            source("x-" + names, "mysql", "db", null, "d", "u", "${secret:nope_" + names + "}")),
        "password",
        "the secret 'nope_" + names + "' does not exist");
    assertField(
        http.post("/api/v1/datasources", source("X y", "mysql", "db", null, "d", "u", null)),
        "name",
        "'X y' is not a data source name");
    Map<String, Object> unknownField = source("x-" + names, "mysql", "db", null, "d", "u", null);
    unknownField.put("url", "jdbc:mysql://db/d?allowLoadLocalInfile=true");
    assertField(http.post("/api/v1/datasources", unknownField), "url", "unknown field");
    Http.Response twice =
        http.post(
            "/api/v1/datasources", source(name, "postgresql", "localhost", 1, "d", "u", null));
    assertThat(twice.status()).as(twice.raw()).isEqualTo(409);

    Http.Response closed =
        http.post(
            "/api/v1/datasources",
            source("closed-" + names, "postgresql", "localhost", 1, "crm", "u", password));
    assertThat(closed.status()).as(closed.raw()).isEqualTo(201);
    Http.Response refused =
        http.post("/api/v1/datasources/" + closed.body().path("id").asLong() + "/test", Map.of());
    assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
    assertThat(refused.body().path("title").asText()).isEqualTo("Database connection failed");
    assertThat(refused.body().path("detail").asText())
        .startsWith("The PostgreSQL database at localhost:1/crm did not accept the connection: ");

    // A sync planned from the catalog, in YAML: each table's target name and column types, and
    // what cannot work (a keyless table into a keyed target, a column the connector cannot read).
    Http.Response jdbcPlan =
        http.postText(
            at + "/sync-plan",
            "application/yaml",
            "tables: ["
                + schema
                + ".orders, "
                + schema
                + ".ev.*]\n"
                + "target: {type: jdbc, url: 'jdbc:mysql://localhost:3306/ods', table: 'ods_{table}'}\n");
    assertThat(jdbcPlan.status()).as(jdbcPlan.raw()).isEqualTo(200);
    assertThat(jdbcPlan.body().path("ready").asBoolean()).isFalse();
    assertThat(rows(jdbcPlan.body().path("tables"), "source", "target"))
        .containsExactly(schema + ".events ods_events", schema + ".orders ods_orders");
    JsonNode events = jdbcPlan.body().path("tables").get(0);
    assertThat(events.path("problems").get(0).asText())
        .isEqualTo(
            "No primary key: the jdbc table is written by key; add one, or sync it to Kafka as"
                + " debezium-json or canal-json");
    JsonNode ordersPlan = jdbcPlan.body().path("tables").get(1);
    assertThat(rows(ordersPlan.path("columns"), "name", "flinkType", "targetType", "lossy"))
        .containsExactly(
            "id BIGINT BIGINT false",
            "amount DECIMAL(12, 2) DECIMAL(12, 2) false",
            "note STRING LONGTEXT false",
            "created TIMESTAMP_LTZ(3) DATETIME(3) true",
            "tags null null false");
    assertThat(ordersPlan.path("problems").get(0).asText())
        .isEqualTo("Columns the CDC connector cannot read: tags (integer[]); exclude the table");
    assertThat(ordersPlan.path("warnings").get(0).asText())
        .isEqualTo(
            "Column created (timestamp(3) with time zone): written as UTC date and time: MySQL's"
                + " DATETIME keeps no time zone");

    // The same tables by pattern, orders excluded, into Kafka as debezium-json: ready.
    Http.Response kafkaPlan =
        http.post(
            at + "/sync-plan",
            Map.of(
                "tables",
                List.of(schema + ".*"),
                "exclude",
                List.of(schema + ".orders"),
                "target",
                Map.of("type", "kafka", "bootstrapServers", "localhost:9092")));
    assertThat(kafkaPlan.status()).as(kafkaPlan.raw()).isEqualTo(200);
    assertThat(kafkaPlan.body().path("ready").asBoolean()).as(kafkaPlan.raw()).isTrue();
    assertThat(rows(kafkaPlan.body().path("tables"), "source", "target"))
        .containsExactly(schema + ".events cdc." + schema + ".events");
    assertThat(kafkaPlan.body().path("excluded").toString())
        .isEqualTo("[\"" + schema + ".orders\"]");

    // Two tables renamed onto one topic, and a pattern that matches nothing.
    Http.Response clash =
        http.post(
            at + "/sync-plan",
            Map.of(
                "tables",
                List.of(schema + ".orders", schema + ".events", schema + ".nothing_.*"),
                "target",
                Map.of(
                    "type",
                    "kafka",
                    "bootstrapServers",
                    "localhost:9092",
                    "topic",
                    "all.{table}",
                    "rename",
                    Map.of("match", ".*", "replace", "same"))));
    assertThat(clash.body().path("problems").toString())
        .contains(
            "Tables " + schema + ".events, " + schema + ".orders would all write to all.same");
    assertThat(clash.body().path("unmatched").toString())
        .isEqualTo("[\"" + schema + ".nothing_.*\"]");
    assertField(
        http.post(
            at + "/sync-plan",
            Map.of("tables", List.of("orders"), "target", Map.of("type", "kafka"))),
        "tables[0]",
        "'orders' is not schema.table");
    assertField(
        http.post(
            at + "/sync-plan",
            Map.of("tables", List.of(schema + ".orders"), "target", Map.of("type", "clickhouse"))),
        "target.type",
        "no Flink SQL sink for ClickHouse is published");

    // Updating without a password keeps it; deleting takes the data source's own secret along.
    Map<String, Object> renamed =
        source(
            name,
            "postgresql",
            pg.getHost(),
            pg.getPort(),
            pg.getPath().substring(1),
            TestPostgres.user(),
            null);
    renamed.remove("password");
    renamed.put("description", "orders of the shop");
    Http.Response updated = http.put(at, renamed);
    assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
    assertThat(updated.body().path("description").asText()).isEqualTo("orders of the shop");
    assertThat(updated.body().path("passwordSecret").asText())
        .isEqualTo("datasource." + name + ".password");
    assertThat(http.delete(at).status()).isEqualTo(204);
    assertThat(http.get(at).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/secrets").raw()).doesNotContain("datasource." + name + ".");
    Http.Response audit = http.get("/api/v1/audit?action=datasource.create");
    assertThat(audit.raw()).contains(name);

    for (Http.Response r :
        List.of(created, byName, test, tables, orders, before, limited, updated, refused)) {
      assertThat(r.raw()).doesNotContain(password);
    }
  }

  @Test
  void registersBrowsesAndChecksAMariaDbServer() throws Exception {
    URI maria = TestMariaDb.address();
    String database = maria.getPath().substring(1);
    String orders = "ds_" + names + "_orders";
    String log = "ds_" + names + "_log";
    String user = "ds_" + names;
    try (Connection db = TestMariaDb.connect()) {
      TestMariaDb.exec(
          db,
          "CREATE TABLE "
              + orders
              + " (id INT UNSIGNED PRIMARY KEY AUTO_INCREMENT,"
              + " amount DECIMAL(12,2) NOT NULL DEFAULT 0.00,"
              + " status ENUM('new','paid') DEFAULT 'new', flag TINYINT(1),"
              + " note VARCHAR(64) COMMENT 'free text', created DATETIME(3))");
      TestMariaDb.exec(db, "CREATE TABLE " + log + " (msg TEXT)");
      TestMariaDb.exec(db, "INSERT INTO " + orders + " (amount) VALUES (1), (2), (3)");
      TestMariaDb.exec(db, "ANALYZE TABLE " + orders);
      TestMariaDb.exec(db, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
      TestMariaDb.exec(db, "GRANT SELECT ON " + database + ".* TO '" + user + "'@'%'");
    }
    Http.Response root =
        http.post(
            "/api/v1/datasources",
            source(
                "maria-" + names,
                "mariadb",
                maria.getHost(),
                maria.getPort(),
                database,
                TestMariaDb.user(),
                null));
    assertThat(root.status()).as(root.raw()).isEqualTo(201);
    assertThat(root.body().path("passwordSecret").isNull()).isTrue();
    String at = "/api/v1/datasources/" + root.body().path("id").asLong();

    Http.Response test = http.post(at + "/test", Map.of());
    assertThat(test.status()).as(test.raw()).isEqualTo(200);
    assertThat(test.body().path("version").asText()).contains("MariaDB");

    // A MySQL source's schemas are its databases; without ?schema= its own database is listed.
    Http.Response schemas = http.get(at + "/schemas");
    assertThat(rows(schemas.body(), "name")).contains(database).doesNotContain("mysql", "sys");
    Http.Response tables = http.get(at + "/tables");
    assertThat(tables.status()).as(tables.raw()).isEqualTo(200);
    assertThat(rows(tables.body(), "schema", "name", "type", "rowEstimate", "primaryKey"))
        .contains(
            database + " " + log + " TABLE 0 []", database + " " + orders + " TABLE 3 [\"id\"]");

    Http.Response detail = http.get(at + "/tables/" + database + "." + orders);
    assertThat(detail.status()).as(detail.raw()).isEqualTo(200);
    assertThat(
            rows(
                detail.body().path("columns"),
                "position",
                "name",
                "type",
                "flinkType",
                "nullable",
                "defaultValue",
                "primaryKey",
                "comment"))
        .containsExactly(
            "1 id int(10) unsigned BIGINT false null true null",
            "2 amount decimal(12,2) DECIMAL(12, 2) false 0.00 false null",
            "3 status enum('new','paid') STRING true new false null",
            "4 flag tinyint(1) BOOLEAN true null false null",
            "5 note varchar(64) STRING true null false free text",
            "6 created datetime(3) TIMESTAMP(3) true null false null");

    String readiness = at + "/readiness?tables=" + database + "." + orders;
    Http.Response ready = http.get(readiness);
    assertThat(ready.status()).as(ready.raw()).isEqualTo(200);
    assertThat(ready.body().path("ready").asBoolean()).as(ready.raw()).isTrue();
    assertThat(check(ready.body(), "binlog_format").path("actual").asText()).isEqualTo("ROW");
    assertThat(check(ready.body(), "server_id").path("actual").asText()).isEqualTo("1");
    assertThat(check(ready.body(), "privileges").path("actual").asText())
        .isEqualTo("ALL PRIVILEGES");
    assertThat(ready.body().path("notes").toString()).contains("GTIDs differ");

    // Partial row images lose the columns an update did not change: refused until the fix runs.
    try (Connection db = TestMariaDb.connect()) {
      TestMariaDb.exec(db, "SET GLOBAL binlog_row_image = 'MINIMAL'");
      Http.Response minimal = http.get(readiness);
      JsonNode image = check(minimal.body(), "binlog_row_image");
      assertThat(minimal.body().path("ready").asBoolean()).isFalse();
      assertThat(image.path("actual").asText()).isEqualTo("MINIMAL");
      String fix = image.path("fix").asText();
      assertThat(fix).startsWith("SET GLOBAL binlog_row_image = 'FULL';\n");
      TestMariaDb.exec(db, fix.substring(0, fix.indexOf('\n')));
    } finally {
      try (Connection db = TestMariaDb.connect()) {
        TestMariaDb.exec(db, "SET GLOBAL binlog_row_image = 'FULL'");
      }
    }
    assertThat(http.get(readiness).body().path("ready").asBoolean()).isTrue();

    // A login that may only SELECT: the replication privileges are missing, named in a GRANT
    // that, run as root, makes the check pass.
    Http.Response limited =
        http.post(
            "/api/v1/datasources",
            source(
                "maria-reader-" + names,
                "mariadb",
                maria.getHost(),
                maria.getPort(),
                database,
                user,
                password));
    assertThat(limited.status()).as(limited.raw()).isEqualTo(201);
    String limitedReadiness =
        "/api/v1/datasources/"
            + limited.body().path("id").asLong()
            + "/readiness?tables="
            + database
            + "."
            + orders
            + ","
            + database
            + "."
            + log;
    Http.Response denied = http.get(limitedReadiness);
    assertThat(denied.status()).as(denied.raw()).isEqualTo(200);
    JsonNode privileges = check(denied.body(), "privileges");
    assertThat(privileges.path("ok").asBoolean()).isFalse();
    assertThat(privileges.path("actual").asText()).isEqualTo("SELECT on the database");
    assertThat(privileges.path("fix").asText())
        .isEqualTo("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + user + "'@'%';");
    assertThat(check(denied.body(), "primary_keys").path("actual").asText())
        .isEqualTo("1 without: " + database + "." + log);
    try (Connection db = TestMariaDb.connect()) {
      TestMariaDb.exec(db, privileges.path("fix").asText());
    }
    Http.Response granted = http.get(limitedReadiness);
    assertThat(check(granted.body(), "privileges").path("ok").asBoolean())
        .as(granted.raw())
        .isTrue();
    assertThat(granted.body().path("ready").asBoolean()).isTrue();
    // A sync of the database's tables by pattern into Paimon: the keyless table is refused with
    // its reasons, the other gets the statement that creates its table.
    Http.Response plan =
        http.post(
            at + "/sync-plan",
            Map.of(
                "source",
                "maria-" + names,
                "tables",
                List.of(database + ".ds_" + names + "_.*"),
                "target",
                Map.of(
                    "type",
                    "paimon",
                    "warehouse",
                    "file:///tmp/lake",
                    "table",
                    "ods_{table}",
                    "partitionBy",
                    List.of("id"))));
    assertThat(plan.status()).as(plan.raw()).isEqualTo(200);
    assertThat(rows(plan.body().path("tables"), "source", "target", "primaryKey"))
        .containsExactly(
            database + "." + log + " ods_" + log + " []",
            database + "." + orders + " ods_" + orders + " [\"id\"]");
    JsonNode logPlan = plan.body().path("tables").get(0);
    assertThat(logPlan.path("problems").toString())
        .contains("No primary key: the paimon table is written by key")
        .contains("Partition column id is not a column of the table");
    assertThat(logPlan.path("ddl").isNull()).isTrue();
    JsonNode ordersPlan = plan.body().path("tables").get(1);
    assertThat(ordersPlan.path("problems")).isEmpty();
    assertThat(rows(ordersPlan.path("columns"), "name", "sourceType", "flinkType", "targetType"))
        .startsWith(
            "id int(10) unsigned BIGINT BIGINT",
            "amount decimal(12,2) DECIMAL(12, 2) DECIMAL(12, 2)");
    assertThat(ordersPlan.path("ddl").asText())
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS `ods`.`ods_"
                + orders
                + "` (\n"
                // Paimon adds columns only as nullable: all but the key are nullable from the
                // start.
                + "  `id` BIGINT NOT NULL,\n"
                + "  `amount` DECIMAL(12, 2),\n"
                + "  `status` STRING,\n"
                + "  `flag` BOOLEAN,\n"
                + "  `note` STRING COMMENT 'free text',\n"
                + "  `created` TIMESTAMP(3),\n"
                + "  PRIMARY KEY (`id`) NOT ENFORCED\n"
                + ") PARTITIONED BY (`id`)");
    assertThat(plan.body().path("ready").asBoolean()).isFalse();
    assertField(
        http.post(
            at + "/sync-plan",
            Map.of(
                "source",
                "crm",
                "tables",
                List.of(database + ".x"),
                "target",
                Map.of("type", "kafka", "bootstrapServers", "k:9092"))),
        "source",
        "'crm' is not this data source");

    for (Http.Response r : List.of(limited, denied, granted)) {
      assertThat(r.raw()).doesNotContain(password);
    }
  }

  /**
   * The studio's data source pages in a real browser ({@code sluice-web/e2e/datasources.e2e.mjs}):
   * registered with the form, tested, browsed, and checked with a ticked table.
   */
  @Test
  void theDataSourcePagesWorkInTheBrowser() throws Exception {
    URI pg = URI.create(TestPostgres.url().substring("jdbc:".length()));
    String schema = "dsweb_" + names;
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(
          db,
          "CREATE TABLE "
              + schema
              + ".orders (id BIGINT PRIMARY KEY, amount NUMERIC(12, 2), tags INT[])");
      TestPostgres.exec(db, "CREATE TABLE " + schema + ".events (payload TEXT)");
      TestPostgres.exec(db, "INSERT INTO " + schema + ".orders (id) VALUES (1), (2), (3)");
      TestPostgres.exec(db, "ANALYZE " + schema + ".orders");
    }
    String name = "web-" + names;
    java.nio.file.Path out = java.nio.file.Path.of("target/datasources-e2e").toAbsolutePath();
    BrowserScript.run(
        platform,
        "e2e/datasources.e2e.mjs",
        out,
        Map.of(
            "SLUICE_E2E_PG_HOST", pg.getHost(),
            "SLUICE_E2E_PG_PORT", Integer.toString(pg.getPort()),
            "SLUICE_E2E_PG_DATABASE", pg.getPath().substring(1),
            "SLUICE_E2E_PG_USER", TestPostgres.user(),
            "SLUICE_E2E_SCHEMA", schema,
            "SLUICE_E2E_NAME", name),
        5);
    // What the form registered is there, its literal password kept only as a secret.
    Http.Response created = http.get("/api/v1/datasources/" + name);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    assertThat(created.body().path("port").asInt()).isEqualTo(pg.getPort());
    assertThat(created.raw()).doesNotContain("literal-" + name);
    assertThat(BrowserScript.screenshots(out)).isGreaterThanOrEqualTo(4);
  }

  private static Map<String, Object> source(
      String name,
      String type,
      String host,
      Integer port,
      String database,
      String username,
      String password) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("project", "demo");
    body.put("type", type);
    body.put("host", host);
    if (port != null) {
      body.put("port", port);
    }
    body.put("database", database);
    body.put("username", username);
    if (password != null) {
      body.put("password", password);
    }
    return body;
  }

  private static JsonNode check(JsonNode readiness, String name) {
    for (JsonNode c : readiness.path("checks")) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check " + name + " in " + readiness);
  }

  private static void assertField(Http.Response r, String field, String message) {
    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    JsonNode error = r.body().path("errors").get(0);
    assertThat(error.path("field").asText()).as(r.raw()).isEqualTo(field);
    assertThat(error.path("message").asText()).as(r.raw()).contains(message);
  }

  /** Each element's fields, joined by spaces (arrays as JSON, null as null). */
  private static List<String> rows(JsonNode array, String... fields) {
    List<String> out = new ArrayList<>();
    for (JsonNode row : array) {
      List<String> parts = new ArrayList<>();
      for (String f : fields) {
        JsonNode v = row.path(f);
        parts.add(
            v.isArray() ? v.toString() : v.isNull() || v.isMissingNode() ? "null" : v.asText());
      }
      out.add(String.join(" ", parts));
    }
    return out;
  }
}
