package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a clear 4xx problem, and nothing is half-written. */
@Order(6)
class BadInputIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Jobs jobs = new Jobs(http);

  private static final String TABLES =
      "CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'datagen');\n"
          + "CREATE TABLE dst (id BIGINT, name STRING) WITH ('connector' = 'blackhole');\n";

  private static void assertProblem(Http.Response r, int status) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.body().path("detail").asText()).isNotBlank();
    assertThat(r.raw()).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  private JsonNode validate(long id, String script) {
    Http.Response r = http.post("/api/v1/jobs/" + id + "/validate", Map.of("script", script));
    assertProblem(r, 422);
    return r.body().path("errors");
  }

  @Test
  void invalidScriptsAreReportedWithStatementLineAndColumn() {
    long id =
        jobs.create("bad_input_validation", TABLES + "INSERT INTO dst SELECT id, name FROM src;");
    assertThat(http.post("/api/v1/jobs/" + id + "/validate", Map.of()).status()).isEqualTo(200);

    JsonNode syntax = validate(id, TABLES + "INSERT INTO dst\nSELEC id, name FROM src;");
    assertThat(syntax.get(0).path("statement").asInt()).isEqualTo(3);
    assertThat(syntax.get(0).path("line").asInt()).isEqualTo(4);
    assertThat(syntax.get(0).path("column").asInt()).isEqualTo(1);

    JsonNode unknownTable = validate(id, TABLES + "INSERT INTO dst SELECT id, name FROM nowhere;");
    assertThat(unknownTable.get(0).path("message").asText()).contains("nowhere");
    assertThat(unknownTable.get(0).path("column").asInt()).isEqualTo(38);

    JsonNode connector =
        validate(
            id,
            "CREATE TABLE src (id BIGINT) WITH ('connector' = 'kafak');\n"
                + "CREATE TABLE dst (id BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO dst SELECT id FROM src;");
    assertThat(connector.get(0).path("statement").asInt()).isEqualTo(1);
    assertThat(connector.get(0).path("message").asText()).contains("kafak").contains("kafka");

    JsonNode option =
        validate(
            id,
            "CREATE TABLE src (id BIGINT) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'json');\n"
                + "CREATE TABLE dst (id BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO dst SELECT id FROM src;");
    assertThat(option.get(0).path("message").asText()).contains("properties.bootstrap.servers");

    JsonNode several =
        validate(
            id,
            TABLES
                + "INSERT INTO dst SELECT idd, name FROM src;\nINSERT INTO dst SELECT id, name, name FROM src;");
    assertThat(several).hasSize(2);
    assertThat(several.get(0).path("statement").asInt()).isEqualTo(3);
    assertThat(several.get(1).path("statement").asInt()).isEqualTo(4);
  }

  @Test
  void deployOfAScriptWithoutInsertChangesNothing() {
    long id = jobs.create("bad_input_no_insert", TABLES);
    Http.Response r = http.post("/api/v1/jobs/" + id + "/deploy", Map.of("restore", "none"));
    assertProblem(r, 422);
    assertThat(r.body().path("errors").get(0).path("message").asText()).contains("no INSERT");
    JsonNode job = jobs.get(id);
    assertThat(job.path("state").asText()).isEqualTo("CREATED");
    assertThat(job.path("flinkJobId").isNull()).isTrue();
  }

  @Test
  void deployToAnUnreachableClusterIs503AndLeavesTheJobAsItWas() throws Exception {
    int closed = Platform.freePort();
    Http.Response refused =
        http.post(
            "/api/v1/clusters", Map.of("name", "gone", "restUrl", "http://localhost:" + closed));
    assertProblem(refused, 503);
    Http.Response added =
        http.post(
            "/api/v1/clusters",
            Map.of("name", "gone", "restUrl", "http://localhost:" + closed, "verify", false));
    assertThat(added.status()).as(added.raw()).isEqualTo(201);
    assertThat(added.body().path("health").path("reachable").asBoolean()).isFalse();

    Http.Response created =
        http.post(
            "/api/v1/jobs",
            Map.of(
                "name",
                "bad_input_unreachable",
                "script",
                TABLES + "INSERT INTO dst SELECT * FROM src;",
                "cluster",
                "gone"));
    long id = created.body().path("id").asLong();
    Http.Response r = http.post("/api/v1/jobs/" + id + "/deploy", Map.of("restore", "none"));
    assertProblem(r, 503);
    JsonNode job = jobs.get(id);
    assertThat(job.path("state").asText()).isEqualTo("CREATED");
    assertThat(job.path("desiredState").asText()).isEqualTo("STOPPED");
  }

  @Test
  void lifecycleMistakesAreConflictsOrNotFound() {
    long id = jobs.create("bad_input_lifecycle", TABLES + "INSERT INTO dst SELECT * FROM src;");
    assertProblem(http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", true)), 409);
    assertProblem(http.post("/api/v1/jobs/" + id + "/deploy", Map.of("restore", "latest")), 409);
    Http.Response missing =
        http.post(
            "/api/v1/jobs/" + id + "/deploy", Map.of("restore", "file:///no/such/savepoint-123"));
    assertProblem(missing, 400);
    assertThat(missing.body().path("detail").asText()).contains("/no/such/savepoint-123");
    assertThat(jobs.get(id).path("state").asText()).isEqualTo("CREATED");
    assertProblem(
        http.post("/api/v1/jobs", Map.of("name", "bad_input_lifecycle", "script", TABLES)), 409);
    assertProblem(http.get("/api/v1/jobs/987654"), 404);
    assertProblem(http.get("/api/v1/jobs/" + id + "/versions/42"), 404);
  }

  @Test
  void oversizedMalformedAndNonUtf8BodiesAreRefused() {
    String huge =
        TABLES + "-- " + "x".repeat(3 * 1024 * 1024) + "\nINSERT INTO dst SELECT * FROM src;";
    assertProblem(http.post("/api/v1/jobs", Map.of("name", "bad_input_huge", "script", huge)), 413);
    assertThat(http.get("/api/v1/jobs?name=bad_input_huge").status()).isEqualTo(404);

    assertProblem(http.post("/api/v1/jobs", "{\"name\": \"x\", "), 400);
    byte[] latin1 =
        "{\"name\":\"caf\u00e9\",\"script\":\"SELECT 1\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertProblem(http.postBytes("/api/v1/jobs", latin1), 400);
    assertProblem(http.post("/api/v1/jobs", Map.of("name", "bad name!", "script", TABLES)), 400);
  }

  @Test
  void concurrentValidationsDoNotDisturbEachOther() throws Exception {
    long id = jobs.create("bad_input_concurrent", TABLES + "INSERT INTO dst SELECT * FROM src;");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Http.Response>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        // Each thread declares the same temporary view with its own column: leaks would show.
        String script =
            TABLES
                + "CREATE TEMPORARY VIEW v AS SELECT id, name AS c"
                + i
                + " FROM src;\n"
                + (i % 2 == 0
                    ? "INSERT INTO dst SELECT id, c" + i + " FROM v;"
                    : "INSERT INTO dst SELECT id, c" + (i - 1) + " FROM v;");
        results.add(
            pool.submit(
                () -> http.post("/api/v1/jobs/" + id + "/validate", Map.of("script", script))));
      }
      for (int i = 0; i < results.size(); i++) {
        Http.Response r = results.get(i).get();
        assertThat(r.status())
            .as("request " + i + ": " + r.raw())
            .isEqualTo(i % 2 == 0 ? 200 : 422);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void servesAnOpenApiDocument() {
    Http.Response r = http.get("/api/v1/openapi");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("paths").has("/api/v1/jobs/{id}/deploy")).isTrue();
  }
}
