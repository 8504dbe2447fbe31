package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A JDBC sink whose password and connection property are {@code ${secret:...}} references, on the
 * real cluster and the real PostgreSQL that dev/test starts: the job runs with the values (the
 * database sees the connection property, quote and all), and the values planted at the start are
 * then searched for in every response the test received, the server's and the cluster's logs, the
 * Flink job's configuration and plan, and the stored versions: none holds them.
 */
@Order(17)
class SecretsIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Platform platform = Platform.get();
  private final List<String> responses = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Http http =
      new Http("http://localhost:" + platform.port, r -> responses.add(r.raw()))
          .bearer(platform.adminToken());
  private final Http flink = new Http(platform.flinkUrl(), r -> responses.add(r.raw()));
  private final Jobs jobs = new Jobs(http);

  private static String random() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Test
  void aJobRunsWithItsSecretsWhoseValuesAppearNowhere() throws Exception {
    String url = TestPostgres.url();
    String user = TestPostgres.user();
    // What is searched for at the end: the random cores of every value ever stored. The quotes
    // make a value that is not escaped break the SQL it lands in.
    String passwordCore = random();
    String oldAppCore = random();
    String appCore = random();
    String password = "pw'" + passwordCore;
    String app = "sluice'" + appCore;
    String names = random().substring(0, 8);
    String pw = "it_pg_password_" + names;
    String appSecret = "it_pg_app_" + names;
    String schema = "secrets_" + names;

    // Bad input is refused naming the field, and never echoes a value.
    Http.Response empty = http.post("/api/v1/secrets", Map.of("name", pw, "value", ""));
    assertThat(empty.status()).as(empty.raw()).isEqualTo(400);
    assertThat(empty.contentType()).startsWith("application/problem+json");
    assertThat(empty.body().path("errors").get(0).path("field").asText()).isEqualTo("value");
    Http.Response badName =
        http.post("/api/v1/secrets", Map.of("name", "bad name", "value", password));
    assertThat(badName.status()).as(badName.raw()).isEqualTo(400);
    assertThat(badName.body().path("errors").get(0).path("field").asText()).isEqualTo("name");

    Http.Response created = http.post("/api/v1/secrets", Map.of("name", pw, "value", password));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.body().path("kind").asText()).isEqualTo("VALUE");
    Http.Response createdApp =
        http.post("/api/v1/secrets", Map.of("name", appSecret, "value", "old'" + oldAppCore));
    assertThat(createdApp.status()).as(createdApp.raw()).isEqualTo(201);
    // Rotated before the job runs: the job must carry the new value.
    Http.Response rotated = http.put("/api/v1/secrets/" + appSecret, Map.of("value", app));
    assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
    JsonNode listed = http.get("/api/v1/secrets").body();
    List<String> kinds = new ArrayList<>();
    listed.forEach(
        s -> {
          if (s.path("name").asText().endsWith(names)) {
            kinds.add(s.path("name").asText() + "=" + s.path("kind").asText());
          }
        });
    assertThat(kinds).containsExactlyInAnyOrder(pw + "=VALUE", appSecret + "=VALUE");

    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(
          db, "CREATE TABLE " + schema + ".totals (id INT PRIMARY KEY, label TEXT NOT NULL)");
      String script =
          """
          CREATE TABLE events (id INT) WITH (
            'connector' = 'datagen', 'rows-per-second' = '20',
            'fields.id.min' = '1', 'fields.id.max' = '3');
          -- the sink credentials are secrets, resolved when the job is submitted
          CREATE TABLE totals (id INT, label STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
            'connector' = 'jdbc',
            'url' = '%1$s?ApplicationName=${secret:%2$s}',
            'table-name' = '%3$s.totals',
            'username' = '%4$s',
            'password' = '${secret:%5$s}',
            'sink.buffer-flush.interval' = '200ms');
          INSERT INTO totals SELECT id, 'row ' || CAST(id AS STRING) FROM events;
          """
              .formatted(url, appSecret, schema, user, pw);
      long id = jobs.create("secrets_" + names, script);

      // Validation sees references, and places a missing one at its line:column.
      Http.Response valid = http.post("/api/v1/jobs/" + id + "/validate", Map.of());
      assertThat(valid.status()).as(valid.raw()).isEqualTo(200);
      Http.Response missing =
          http.post(
              "/api/v1/jobs/" + id + "/validate",
              Map.of(
                  "script",
                  script.replace("${secret:" + pw + "}", "${secret:nope_" + names + "}")));
      assertThat(missing.status()).as(missing.raw()).isEqualTo(422);
      JsonNode problem = missing.body().path("errors").get(0);
      assertThat(problem.path("message").asText())
          .startsWith("secret 'nope_" + names + "' does not exist");
      assertThat(problem.path("statement").asInt()).isEqualTo(2);
      assertThat(problem.path("line").asInt()).isEqualTo(10);
      assertThat(problem.path("column").asInt()).isEqualTo(17);

      jobs.deploy(id, "none");
      JsonNode running = jobs.awaitRunning(id);
      awaitRows(
          db,
          "SELECT id, label FROM " + schema + ".totals ORDER BY id",
          List.of("1 row 1", "2 row 2", "3 row 3"));
      // The database saw the connection property as stored, its quote intact: the job was given the
      // rotated value, resolved and escaped at submit.
      awaitApplication(db, app);

      String flinkJob = running.path("flinkJobId").asText();
      JsonNode config = flink.get("/jobs/" + flinkJob + "/config").body();
      assertThat(config.path("jid").asText()).isEqualTo(flinkJob);
      flink.get("/jobs/" + flinkJob);
      flink.get("/jobs/" + flinkJob + "/plan");

      // What is stored and shown keeps the references.
      JsonNode versions = http.get("/api/v1/jobs/" + id + "/versions").body();
      assertThat(versions.get(0).path("script").asText()).contains("${secret:" + pw + "}");
      assertThat(http.get("/api/v1/jobs/" + id + "/versions/1").raw())
          .contains("${secret:" + pw + "}");
      Http.Response plan = http.get("/api/v1/jobs/" + id + "/plan");
      assertThat(plan.status()).as(plan.raw()).isEqualTo(200);
      Http.Response lineage = http.get("/api/v1/jobs/" + id + "/lineage");
      assertThat(lineage.status()).as(lineage.raw()).isEqualTo(200);
      assertThat(lineage.body().path("statements").get(0).path("sink").asText())
          .endsWith("/sluice_test." + schema + ".totals");
      assertThat(http.get("/api/v1/jobs/" + id + "/lineage/openlineage").status()).isEqualTo(200);
      assertThat(http.get("/api/v1/lineage/datasets").status()).isEqualTo(200);
      http.get("/api/v1/jobs/" + id);

      jobs.stop(id, false);
      jobs.await(id, j -> !j.path("state").asText().equals("RUNNING"), Duration.ofMinutes(1));
    }

    assertNowhere(List.of(passwordCore, oldAppCore, appCore));
  }

  /**
   * A metric group's JDBC sink: a literal password is refused at its field, a reference to a
   * missing secret too; the generated SQL carries the reference, and the deployed job writes with
   * the value.
   */
  @Test
  void aMetricGroupsSinkPasswordIsASecretResolvedWhenItsJobIsSubmitted() throws Exception {
    String url = TestPostgres.url();
    String user = TestPostgres.user();
    String passwordCore = random();
    String appCore = random();
    String names = random().substring(0, 8);
    String pw = "it_mg_password_" + names;
    String appSecret = "it_mg_app_" + names;
    String schema = "secrets_mg_" + names;
    String topic = "secrets_it." + names;
    String group = "secrets_" + names;
    String app = "metrics'" + appCore;
    assertThat(
            http.post("/api/v1/secrets", Map.of("name", pw, "value", "mg'" + passwordCore))
                .status())
        .isEqualTo(201);
    assertThat(http.post("/api/v1/secrets", Map.of("name", appSecret, "value", app)).status())
        .isEqualTo(201);

    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(
          db,
          "CREATE TABLE "
              + schema
              + ".results_tumble_1m (merchant_id TEXT, window_start TIMESTAMP, window_end"
              + " TIMESTAMP, tx BIGINT, PRIMARY KEY (merchant_id, window_start, window_end))");
      String definition =
          """
          name: %1$s
          timeZone: UTC
          sources:
            - name: payments
              kafka: {topic: %2$s, bootstrapServers: "%3$s", startFrom: earliest}
              fields:
                - {name: merchant_id, path: $.merchant, type: STRING}
                - {name: ts, path: $.ts, type: BIGINT}
          eventTime: {field: ts}
          keys: [merchant_id]
          metrics:
            - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}
          sinks:
            - name: pg
              type: jdbc
              url: "%4$s?ApplicationName=${secret:%5$s}"
              table: %6$s.results
              username: %7$s
              password: PASSWORD
          """
              .formatted(group, topic, platform.kafkaBootstrap(), url, appSecret, schema, user);

      Http.Response literal =
          http.postText(
              "/api/v1/metric-groups/compile",
              "application/yaml",
              definition.replace("PASSWORD", "hunter2"));
      assertThat(literal.status()).as(literal.raw()).isEqualTo(422);
      assertThat(literal.body().path("errors").get(0).path("path").asText())
          .isEqualTo("sinks[0].password");
      assertThat(literal.body().path("errors").get(0).path("message").asText())
          .startsWith("a password is not written into a definition: store it as a secret");
      Http.Response missing =
          http.postText(
              "/api/v1/metric-groups/compile",
              "application/yaml",
              definition.replace("PASSWORD", "\"${secret:nope_" + names + "}\""));
      assertThat(missing.status()).as(missing.raw()).isEqualTo(422);
      assertThat(missing.body().path("errors").get(0).path("path").asText())
          .isEqualTo("sinks[0].password");
      assertThat(missing.body().path("errors").get(0).path("message").asText())
          .isEqualTo("secret 'nope_" + names + "' does not exist");

      String yaml = definition.replace("PASSWORD", "\"${secret:" + pw + "}\"");
      Http.Response compiled =
          http.postText("/api/v1/metric-groups/compile", "application/yaml", yaml);
      assertThat(compiled.status()).as(compiled.raw()).isEqualTo(200);
      assertThat(compiled.body().path("script").asText())
          .contains("'password' = '${secret:" + pw + "}'");
      Http.Response saved = http.postText("/api/v1/metric-groups", "application/yaml", yaml);
      assertThat(saved.status()).as(saved.raw()).isEqualTo(201);

      long t0 = java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
      new KafkaTopics(platform.kafkaBootstrap())
          .produce(
              topic,
              List.of(
                  payment("m0", t0),
                  payment("m0", t0 + 1_000),
                  payment("m1", t0 + 2_000),
                  payment("m0", t0 + 3_000),
                  payment("m1", t0 + 180_000))); // closes the first minute
      Http.Response deployed = http.post("/api/v1/metric-groups/" + group + "/deploy", Map.of());
      assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
      long id = deployed.body().path("id").asLong();
      awaitRows(
          db,
          "SELECT merchant_id, window_start, tx FROM "
              + schema
              + ".results_tumble_1m ORDER BY merchant_id",
          List.of("m0 2026-01-01 00:00:00.0 3", "m1 2026-01-01 00:00:00.0 1"));
      awaitApplication(db, app);

      assertThat(http.get("/api/v1/metric-groups/" + group + "/versions/1").raw())
          .contains("${secret:" + pw + "}");
      assertThat(http.get("/api/v1/jobs/" + id + "/versions").raw()).contains("${secret:" + pw);
      http.get("/api/v1/jobs/" + id + "/plan");
      http.get("/api/v1/jobs/" + id + "/lineage/openlineage");
      String flinkJob = jobs.get(id).path("flinkJobId").asText();
      flink.get("/jobs/" + flinkJob + "/config");
      flink.get("/jobs/" + flinkJob);
      jobs.stop(id, false);
      jobs.await(id, j -> !j.path("state").asText().equals("RUNNING"), Duration.ofMinutes(1));
    }
    assertNowhere(List.of(passwordCore, appCore));
  }

  private static String payment(String merchant, long ts) {
    return "{\"merchant\": \"" + merchant + "\", \"ts\": " + ts + "}";
  }

  /** Every value, everywhere: responses of both REST APIs, the server's and the cluster's logs. */
  private void assertNowhere(List<String> cores) throws IOException {
    List<String> hits = new ArrayList<>();
    synchronized (responses) {
      assertThat(responses).hasSizeGreaterThan(10);
      for (int i = 0; i < responses.size(); i++) {
        for (String core : cores) {
          if (responses.get(i).contains(core)) {
            hits.add("response " + i + ": " + responses.get(i));
          }
        }
      }
    }
    List<Path> logs = logs();
    assertThat(logs).extracting(p -> p.getFileName().toString()).contains("launcher.out");
    for (Path log : logs) {
      String text = new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
      for (String core : cores) {
        if (text.contains(core)) {
          hits.add(platform.dataDir.relativize(log) + " holds a secret value");
        }
      }
    }
    assertThat(hits).isEmpty();
  }

  /** The server's output and log files, and the local cluster's. */
  private List<Path> logs() throws IOException {
    List<Path> logs = new ArrayList<>();
    logs.add(platform.dataDir.resolve("launcher.out"));
    for (Path dir :
        List.of(platform.dataDir.resolve("log"), platform.dataDir.resolve("flink/log"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.filter(Files::isRegularFile).forEach(logs::add);
        }
      }
    }
    return logs;
  }

  /** Waits until the query's rows, their columns joined by spaces, are the expected ones. */
  private static void awaitRows(Connection db, String query, List<String> expected)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    List<String> rows = List.of();
    while (Instant.now().isBefore(deadline)) {
      rows = new ArrayList<>();
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery(query)) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          List<String> values = new ArrayList<>();
          for (int c = 1; c <= columns; c++) {
            values.add(String.valueOf(r.getObject(c)));
          }
          rows.add(String.join(" ", values));
        }
      }
      if (rows.equals(expected)) {
        return;
      }
      Platform.sleep(300);
    }
    assertThat(rows).as(query).isEqualTo(expected);
  }

  /** Waits until a connection with that application name is open on the database. */
  private static void awaitApplication(Connection db, String application) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    long count = 0;
    while (Instant.now().isBefore(deadline)) {
      try (PreparedStatement s =
          db.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
        s.setString(1, application);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          count = r.getLong(1);
        }
      }
      if (count > 0) {
        return;
      }
      Platform.sleep(300);
    }
    assertThat(count).as("connections named by the secret").isPositive();
  }
}
