package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scripts cannot reach into the server, through the platform as users reach it: a debug run of a
 * table over the server's own files is refused before anything is compiled or submitted, and a
 * validate reports each refused statement where it stands.
 */
class SandboxIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Http flink = new Http(platform.flinkUrl());
  private final Jobs jobs = new Jobs(http);

  @Test
  void aDebugRunOfTheServersFilesIsRefusedAndNothingIsSubmitted() throws Exception {
    int flinkJobsBefore = flink.get("/jobs/overview").body().path("jobs").size();
    int runsBefore = http.get("/api/v1/debug-runs").body().size();
    String script =
        """
        CREATE TABLE out1 (line STRING) WITH ('connector' = 'blackhole');
        CREATE TABLE host_files (line STRING) WITH (
          'connector' = 'filesystem', 'path' = 'file:///etc/', 'format' = 'raw');
        INSERT INTO out1 SELECT line FROM host_files;
        """;

    Http.Response r = http.post("/api/v1/debug-runs", Map.of("script", script));

    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode errors = r.body().path("errors");
    assertThat(errors.size()).as(r.raw()).isEqualTo(1);
    Path root = platform.dataDir.toRealPath();
    assertThat(errors.get(0).path("statement").asInt()).isEqualTo(2);
    assertThat(errors.get(0).path("line").asInt()).isEqualTo(2);
    assertThat(errors.get(0).path("column").asInt()).isEqualTo(1);
    assertThat(errors.get(0).path("message").asText())
        .isEqualTo(
            "The path of table default_catalog.default_database.host_files is not allowed:"
                + " 'file:///etc/' is outside the allowed filesystem roots (file://"
                + root
                + ")");
    assertThat(r.raw()).doesNotContain("root:").doesNotContain("\tat ");

    // The data directory is a root, but the platform's own files in it are no table's.
    Http.Response key =
        http.post(
            "/api/v1/debug-runs",
            Map.of(
                "script",
                script.replace("file:///etc/", platform.dataDir.resolve("master.key").toString())));
    assertThat(key.status()).as(key.raw()).isEqualTo(422);
    assertThat(key.body().path("errors").get(0).path("message").asText())
        .isEqualTo(
            "The path of table default_catalog.default_database.host_files is not allowed: '"
                + platform.dataDir.resolve("master.key")
                + "' reaches the platform's own files (file://"
                + root.resolve("master.key")
                + ")");
    assertThat(flink.get("/jobs/overview").body().path("jobs").size()).isEqualTo(flinkJobsBefore);
    assertThat(http.get("/api/v1/debug-runs").body().size()).isEqualTo(runsBefore);
  }

  @Test
  void validateReportsEachRefusedStatementWhereItStands() {
    String tables =
        "CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'datagen');\n"
            + "CREATE TABLE dst (id BIGINT, name STRING) WITH ('connector' = 'blackhole');\n";
    long id = jobs.create("sandbox_validate", tables + "INSERT INTO dst SELECT id, name FROM src;");
    String script =
        tables
            + "ADD JAR '/opt/udfs/evil.jar';\n"
            + "CREATE CATALOG h WITH ('type' = 'hive');\n"
            + "  LOAD MODULE hive;\n"
            + "INSERT INTO dst SELECT id, name FROM src;";

    Http.Response r = http.post("/api/v1/jobs/" + id + "/validate", Map.of("script", script));

    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    JsonNode errors = r.body().path("errors");
    assertThat(errors.size()).as(r.raw()).isEqualTo(3);
    assertError(
        errors.get(0),
        3,
        3,
        1,
        "ADD JAR is not allowed: the server never loads user jars; user functions come from"
            + " registered artifacts (docs/artifacts.md)");
    assertError(
        errors.get(1),
        4,
        4,
        1,
        "Catalog type 'hive' of catalog h is not allowed. Allowed types: generic_in_memory, jdbc,"
            + " paimon");
    assertError(
        errors.get(2),
        5,
        5,
        3,
        "LOAD MODULE is not allowed: module 'hive' would bring its functions into the server;"
            + " the platform's modules are fixed");
  }

  private static void assertError(
      JsonNode error, int statement, int line, int column, String message) {
    assertThat(error.path("statement").asInt()).as(error.toString()).isEqualTo(statement);
    assertThat(error.path("line").asInt()).as(error.toString()).isEqualTo(line);
    assertThat(error.path("column").asInt()).as(error.toString()).isEqualTo(column);
    assertThat(error.path("message").asText()).isEqualTo(message);
  }
}
