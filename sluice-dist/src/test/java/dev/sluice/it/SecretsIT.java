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
      new Http("http://localhost:" + platform.port, r -> responses.add(r.raw()));
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
      awaitRows(db, schema, List.of("1 row 1", "2 row 2", "3 row 3"));
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

    // Every value, everywhere: responses of both REST APIs, the server's and the cluster's logs.
    List<String> hits = new ArrayList<>();
    List<String> cores = List.of(passwordCore, oldAppCore, appCore);
    synchronized (responses) {
      assertThat(responses).hasSizeGreaterThan(15);
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

  private static void awaitRows(Connection db, String schema, List<String> expected)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    List<String> rows = List.of();
    while (Instant.now().isBefore(deadline)) {
      rows = new ArrayList<>();
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery("SELECT id, label FROM " + schema + ".totals ORDER BY id")) {
        while (r.next()) {
          rows.add(r.getInt(1) + " " + r.getString(2));
        }
      }
      if (rows.equals(expected)) {
        return;
      }
      Platform.sleep(300);
    }
    assertThat(rows).as("rows of " + schema + ".totals").isEqualTo(expected);
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
