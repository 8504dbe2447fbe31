package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL table replicated into another by a CDC job with a JDBC upsert sink, on the real
 * PostgreSQL that dev/test starts (wal_level=logical): the connector bundles the job needs
 * (postgres-cdc, jdbc) are attached by Sluice, the stock local cluster has neither. Inserts,
 * updates and deletes all arrive; the job's lineage joins the two tables by their database address.
 */
@Order(10)
class PostgresCdcToJdbcIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  @Test
  void changesOfOneTableReachAnotherAndLineageNamesBoth() throws Exception {
    String url = TestPostgres.url();
    String user = TestPostgres.user();
    String schema = "cdc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(
          db,
          "CREATE TABLE "
              + schema
              + ".accounts (id INT PRIMARY KEY, owner TEXT, balance NUMERIC(12, 2))");
      TestPostgres.exec(db, "ALTER TABLE " + schema + ".accounts REPLICA IDENTITY FULL");
      TestPostgres.exec(
          db,
          "CREATE TABLE "
              + schema
              + ".accounts_copy (id INT PRIMARY KEY, owner TEXT, balance NUMERIC(12, 2))");
      TestPostgres.exec(
          db,
          "INSERT INTO "
              + schema
              + ".accounts VALUES (1, 'ann', 10.50), (2, 'bob', 20.00), (3, 'cy', 30.25)");

      String script =
          """
          CREATE TABLE accounts (id INT, owner STRING, balance DECIMAL(12, 2), PRIMARY KEY (id) NOT ENFORCED) WITH (
            'connector' = 'postgres-cdc', 'hostname' = '%1$s', 'port' = '%2$d', 'username' = '%3$s',
            'password' = 'unused', 'database-name' = '%4$s', 'schema-name' = '%5$s', 'table-name' = 'accounts',
            'slot.name' = '%5$s', 'decoding.plugin.name' = 'pgoutput');
          CREATE TABLE accounts_copy (id INT, owner STRING, balance DECIMAL(12, 2), PRIMARY KEY (id) NOT ENFORCED) WITH (
            'connector' = 'jdbc', 'url' = '%6$s', 'table-name' = '%5$s.accounts_copy',
            'username' = '%3$s', 'password' = 'unused');
          INSERT INTO accounts_copy SELECT id, UPPER(owner), balance FROM accounts;
          """
              .formatted(
                  uri.getHost(), uri.getPort(), user, uri.getPath().substring(1), schema, url);
      long id = jobs.create("pg_cdc_copy", script);
      jobs.deploy(id, "none");
      jobs.awaitRunning(id);

      awaitRows(db, schema, List.of("1 ANN 10.50", "2 BOB 20.00", "3 CY 30.25"));
      TestPostgres.exec(db, "UPDATE " + schema + ".accounts SET balance = 99.99 WHERE id = 2");
      TestPostgres.exec(db, "DELETE FROM " + schema + ".accounts WHERE id = 3");
      TestPostgres.exec(db, "INSERT INTO " + schema + ".accounts VALUES (4, 'dee', 1.00)");
      awaitRows(db, schema, List.of("1 ANN 10.50", "2 BOB 99.99", "4 DEE 1.00"));

      // Lineage names both tables by the database's address, so other jobs meet them there.
      String dataset =
          "postgres://"
              + uri.getHost()
              + ":"
              + uri.getPort()
              + "/"
              + uri.getPath().substring(1)
              + "."
              + schema
              + ".accounts";
      JsonNode lineage = platform.http.get("/api/v1/jobs/" + id + "/lineage").body();
      JsonNode statement = lineage.path("statements").get(0);
      assertThat(statement.path("sources").get(0).asText()).isEqualTo(dataset);
      assertThat(statement.path("sink").asText()).isEqualTo(dataset + "_copy");
      JsonNode impact =
          platform
              .http
              .get(
                  "/api/v1/lineage/impact?dataset="
                      + URLEncoder.encode(dataset, StandardCharsets.UTF_8)
                      + "&column=owner")
              .body();
      assertThat(impact.path("sinkColumns").get(0).path("toColumn").asText()).isEqualTo("owner");
      assertThat(impact.path("sinkColumns").get(0).path("subtype").asText())
          .isEqualTo("TRANSFORMATION");

      jobs.stop(id, false);
      jobs.await(id, j -> !j.path("state").asText().equals("RUNNING"), Duration.ofMinutes(1));
      TestPostgres.exec(
          db,
          "SELECT pg_drop_replication_slot('"
              + schema
              + "') FROM pg_replication_slots WHERE slot_name = '"
              + schema
              + "' AND NOT active");
    }
  }

  private static void awaitRows(Connection db, String schema, List<String> expected)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    List<String> rows = List.of();
    while (Instant.now().isBefore(deadline)) {
      rows = new ArrayList<>();
      try (Statement s = db.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT id, owner, balance FROM " + schema + ".accounts_copy ORDER BY id")) {
        while (r.next()) {
          rows.add(r.getInt(1) + " " + r.getString(2) + " " + r.getBigDecimal(3).toPlainString());
        }
      }
      if (rows.equals(expected)) {
        return;
      }
      Thread.sleep(500);
    }
    assertThat(rows).as("rows of accounts_copy").isEqualTo(expected);
  }
}
