package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Last before the shutdown: the secret canary planted when the platform first started (see {@link
 * SecretCanary}) is used by a running job and a debug run, and is then searched for in every
 * response the tests received during the whole run, the output of every CLI run, the server's, the
 * cluster's and the broker's logs, every Flink job's configuration and plan, every stored version
 * of every job and metric group, every debug run's rows and the audit log: it is nowhere.
 */
@Order(99)
class SecretCanaryIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Http flink = new Http(platform.flinkUrl());
  private final Jobs jobs = new Jobs(http);

  @Test
  void theSecretPlantedAtTheStartReachesItsJobAndAppearsNowhereElse() throws Exception {
    String core = SecretCanary.core();
    String value = SecretCanary.value();
    assertThat(core).as("planted by the platform's first start").hasSize(16);
    String suffix = core.substring(0, 8);
    String schema = "canary_" + suffix;
    String reference = "${secret:" + SecretCanary.NAME + "}";

    long id;
    String flinkJob;
    String debugRun;
    try (Connection db = TestPostgres.connect()) {
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(
          db, "CREATE TABLE " + schema + ".labels (id INT PRIMARY KEY, label TEXT NOT NULL)");
      // The canary names the connections the sink opens, so the database shows whether the job got
      // the value, its quote intact; it is the sink's password too (the test database trusts its
      // local users, so a password is not checked, but it travels wherever a password does).
      String script =
          """
          CREATE TABLE events (id INT) WITH (
            'connector' = 'datagen', 'rows-per-second' = '20',
            'fields.id.min' = '1', 'fields.id.max' = '3');
          CREATE TABLE labels (id INT, label STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
            'connector' = 'jdbc',
            'url' = '%1$s?ApplicationName=%2$s',
            'table-name' = '%3$s.labels',
            'username' = '%4$s',
            'password' = '%2$s',
            'sink.buffer-flush.interval' = '200ms');
          -- @name: labelled
          INSERT INTO labels SELECT id, 'row ' || CAST(id AS STRING) FROM events;
          """
              .formatted(TestPostgres.url(), reference, schema, TestPostgres.user());
      id = jobs.create("canary_" + suffix, script);
      jobs.deploy(id, "none");
      JsonNode running =
          jobs.await(
              id,
              j ->
                  "RUNNING".equals(j.path("flinkState").asText()) && j.hasNonNull("lastCheckpoint"),
              Duration.ofMinutes(2));
      flinkJob = running.path("flinkJobId").asText();
      awaitCount(db, "SELECT COUNT(*) FROM " + schema + ".labels", 3);
      awaitApplication(db, value);

      // A debug run of the same script on sample rows: it is compiled with the value too.
      Http.Response started =
          http.post(
              "/api/v1/debug-runs",
              Map.of(
                  "jobId",
                  id,
                  "samples",
                  Map.of(
                      "events",
                      Map.of(
                          "format", "json", "rows", List.of(Map.of("id", 7), Map.of("id", 8))))));
      assertThat(started.status()).as(started.raw()).isEqualTo(201);
      debugRun = started.body().path("id").asText();
      JsonNode run = awaitDebugRun(debugRun);
      assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("FINISHED");
      List<String> rows = new ArrayList<>();
      http.get("/api/v1/debug-runs/" + debugRun + "/steps/labelled/rows")
          .body()
          .forEach(r -> rows.add(r.path("kind").asText() + " " + r.path("values")));
      assertThat(rows).containsExactly("+I [7,\"row 7\"]", "+I [8,\"row 8\"]");

      jobs.stop(id, false);
      jobs.await(id, j -> !"RUNNING".equals(j.path("state").asText()), Duration.ofMinutes(1));
    }

    List<String> hits = new ArrayList<>();
    Search search = new Search(core, hits);
    searchLogs(search);
    searchFlinkJobs(search, flinkJob);
    searchJobs(search, id, reference);
    searchMetricGroups(search);
    searchDebugRuns(search, debugRun);
    searchAudit(search);

    // Last, as the searches above were responses too: everything any client received in the run,
    // those of this test among them.
    assertThat(SecretCanary.inspected())
        .as("responses and CLI outputs inspected")
        .isGreaterThan(search.responses);
    if (SecretCanary.hits() > 0) {
      hits.add(
          SecretCanary.hits()
              + " responses or CLI outputs during the run, first: "
              + SecretCanary.places());
    }
    assertThat(hits).as("places that hold the secret canary's value").isEmpty();
  }

  /** Names the places holding the core, and counts the responses searched. */
  private static final class Search {
    private final String core;
    private final List<String> hits;
    private long responses;

    Search(String core, List<String> hits) {
      this.core = core;
      this.hits = hits;
    }

    void in(String where, String text) {
      if (text.contains(core)) {
        hits.add(where);
      }
    }

    /** A GET that must succeed, searched; returns its body. */
    JsonNode get(Http client, String path) {
      Http.Response r = client.get(path);
      assertThat(r.status()).as(path + ": " + r.raw()).isEqualTo(200);
      responses++;
      in(path, r.raw());
      return r.body();
    }
  }

  /**
   * The launcher's output (the server logs to it), every file in the log directories of the Flink
   * cluster and of Kafka, and the store's trace file.
   */
  private void searchLogs(Search search) throws IOException {
    List<Path> logs = new ArrayList<>();
    logs.add(platform.dataDir.resolve("launcher.out"));
    for (String dir : List.of("log", "flink/log", "kafka/log", "store")) {
      Path path = platform.dataDir.resolve(dir);
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          files
              .filter(Files::isRegularFile)
              .filter(f -> !dir.equals("store") || f.toString().endsWith(".trace.db"))
              .forEach(logs::add);
        }
      }
    }
    assertThat(logs)
        .extracting(p -> platform.dataDir.relativize(p).toString())
        .contains("launcher.out", "flink/log/jobmanager.log", "flink/log/taskmanager.log");
    for (Path log : logs) {
      search.in(
          platform.dataDir.relativize(log).toString(),
          new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1));
    }
  }

  /** Every job the local cluster knows (the debug run's too): details, config, plan, exceptions. */
  private void searchFlinkJobs(Search search, String canaryJob) {
    List<String> ids = new ArrayList<>();
    search.get(flink, "/jobs/overview").path("jobs").forEach(j -> ids.add(j.path("jid").asText()));
    assertThat(ids).contains(canaryJob);
    for (String jid : ids) {
      for (String part : List.of("", "/config", "/plan", "/exceptions")) {
        search.get(flink, "/jobs/" + jid + part);
      }
    }
  }

  /** Every job and every stored version of it. */
  private void searchJobs(Search search, long canaryJob, String reference) {
    List<Long> ids = new ArrayList<>();
    search.get(http, "/api/v1/jobs").forEach(j -> ids.add(j.path("id").asLong()));
    assertThat(ids).contains(canaryJob);
    for (long job : ids) {
      search.get(http, "/api/v1/jobs/" + job);
      JsonNode versions = search.get(http, "/api/v1/jobs/" + job + "/versions");
      if (job == canaryJob) {
        // What is stored keeps the reference.
        assertThat(versions.get(0).path("script").asText())
            .contains("?ApplicationName=" + reference);
      }
      for (JsonNode v : versions) {
        search.get(http, "/api/v1/jobs/" + job + "/versions/" + v.path("version").asInt());
      }
    }
  }

  /** Every version of every metric group: the generated script and the definition. */
  private void searchMetricGroups(Search search) {
    Set<String> names = new LinkedHashSet<>();
    search.get(http, "/api/v1/metric-groups").forEach(g -> names.add(g.path("name").asText()));
    assertThat(names).contains("demo_payments");
    for (String name : names) {
      for (JsonNode v : search.get(http, "/api/v1/metric-groups/" + name + "/versions")) {
        search.get(
            http, "/api/v1/metric-groups/" + name + "/versions/" + v.path("version").asInt());
      }
    }
  }

  /** Every debug run and every row of each of its steps. */
  private void searchDebugRuns(Search search, String canaryRun) {
    List<String> ids = new ArrayList<>();
    search.get(http, "/api/v1/debug-runs").forEach(r -> ids.add(r.path("id").asText()));
    assertThat(ids).contains(canaryRun);
    for (String run : ids) {
      for (JsonNode step : search.get(http, "/api/v1/debug-runs/" + run).path("steps")) {
        String rows =
            "/api/v1/debug-runs/" + run + "/steps/" + step.path("name").asText() + "/rows";
        long after = -1;
        JsonNode page;
        do {
          page = search.get(http, rows + "?limit=10000&after=" + after);
          if (!page.isEmpty()) {
            after = page.get(page.size() - 1).path("seq").asLong();
          }
        } while (page.size() == 10_000);
      }
    }
  }

  /**
   * The audit log: its newest 1000 events, and the newest 1000 of the secrets' and the jobs'
   * events, which reach back to the canary's creation.
   */
  private void searchAudit(Search search) {
    search.get(http, "/api/v1/audit?limit=1000");
    search.get(http, "/api/v1/audit?action=job&limit=1000");
    JsonNode secrets = search.get(http, "/api/v1/audit?action=secret&limit=1000");
    List<String> created = new ArrayList<>();
    secrets.forEach(
        e -> {
          if (e.path("action").asText().equals("secret.create")) {
            created.add(e.path("target").asText() + " in " + e.path("project").asText());
          }
        });
    assertThat(created).contains("secret " + SecretCanary.NAME + " in demo");
  }

  private JsonNode awaitDebugRun(String id) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    JsonNode run = null;
    while (Instant.now().isBefore(deadline)) {
      run = http.get("/api/v1/debug-runs/" + id).body();
      if (!run.path("status").asText().equals("RUNNING")) {
        return run;
      }
      Platform.sleep(300);
    }
    throw new AssertionError("The debug run did not end in 2 minutes: " + run);
  }

  /** Waits until the query counts the expected number. */
  private static void awaitCount(Connection db, String query, long expected) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    long count = -1;
    while (Instant.now().isBefore(deadline)) {
      count = count(db, query);
      if (count == expected) {
        return;
      }
      Platform.sleep(300);
    }
    assertThat(count).as(query).isEqualTo(expected);
  }

  /** Waits until a connection with that application name is open on the database. */
  private static void awaitApplication(Connection db, String application) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    long count = 0;
    while (Instant.now().isBefore(deadline)) {
      count =
          count(
              db, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", application);
      if (count > 0) {
        return;
      }
      Platform.sleep(300);
    }
    assertThat(count).as("connections named by the secret canary").isPositive();
  }

  private static long count(Connection db, String query, String... parameters) throws Exception {
    try (PreparedStatement s = db.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
