package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * UDF libraries on the real cluster: a jar built here from sources (a scalar function and an
 * aggregate with a POJO accumulator) is uploaded, its functions registered by name and called from
 * SQL without CREATE FUNCTION. A user without a USE grant is refused at validate and deploy at the
 * call's line:column; with the grants the same deploy runs and its output is checked. A new version
 * of the library changes the result only after the function is upgraded and the job is upgraded
 * explicitly and deployed again.
 */
@Order(62)
class ArtifactsIT {
  private final Platform platform = Platform.get();
  private final Http admin = platform.http;
  private static final String PROJECT = "udf";
  private static final String USER = "udf-bob";
  private static final String PASSWORD = "udf-bob-password-1";

  /** The library at a version: twice(x) multiplies by the factor, risk.total sums. */
  private static Map<String, String> library(int factor) {
    return Map.of(
        "com.acme.Twice",
        """
        package com.acme;
        public class Twice extends org.apache.flink.table.functions.ScalarFunction {
          private final int factor;
          public Twice() { factor = %d; }
          public Integer eval(Integer x) { return x == null ? null : x * factor; }
        }
        """
            .formatted(factor),
        "com.acme.Total",
        """
        package com.acme;
        public class Total
            extends org.apache.flink.table.functions.AggregateFunction<Long, Total.Acc> {
          public static class Acc { public long sum; }
          public Acc createAccumulator() { return new Acc(); }
          public void accumulate(Acc acc, Long value) { if (value != null) acc.sum += value; }
          public Long getValue(Acc acc) { return acc.sum; }
        }
        """);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private Http.Response upload(Http http, String name, byte[] jar, String comment) {
    return http.postMultipart(
        "/api/v1/artifacts",
        Map.of("name", name, "comment", comment, "project", PROJECT),
        name + ".jar",
        jar);
  }

  private static Http.Response expect(int status, Http.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    return r;
  }

  @Test
  void registeredFunctionsRunOnTheClusterForWhomTheyAreGrantedAndUpgradeOnlyWhenAsked()
      throws Exception {
    Path work = platform.dataDir.resolve("artifacts-it");
    Files.createDirectories(work);
    expect(201, admin.post("/api/v1/projects", Map.of("name", PROJECT, "description", "UDFs")));
    expect(201, admin.post("/api/v1/users", Map.of("username", USER, "password", PASSWORD)));
    expect(
        200,
        admin.put("/api/v1/projects/" + PROJECT + "/members/" + USER, Map.of("role", "operator")));
    Http bob =
        new Http("http://localhost:" + platform.port)
            .bearer(Http.tokenByLogin("http://localhost:" + platform.port, USER, PASSWORD));

    // Upload: the version with its digest, and the functions the scan found.
    byte[] v1 = UdfJars.build(work, library(2), null);
    JsonNode first = expect(201, upload(bob, "udflib", v1, "first cut")).body();
    assertThat(first.path("artifact").asText()).isEqualTo("udflib");
    assertThat(first.path("project").asText()).isEqualTo(PROJECT);
    assertThat(first.path("version").asInt()).isEqualTo(1);
    assertThat(first.path("sha256").asText()).isEqualTo(sha256(v1));
    assertThat(first.path("sizeBytes").asLong()).isEqualTo(v1.length);
    assertThat(first.path("uploadedBy").asText()).isEqualTo(USER);
    assertThat(first.path("comment").asText()).isEqualTo("first cut");
    Map<String, JsonNode> found = new TreeMap<>();
    first.path("functions").forEach(f -> found.put(f.path("className").asText(), f));
    assertThat(found.keySet()).containsExactly("com.acme.Total", "com.acme.Twice");
    assertThat(found.get("com.acme.Twice").path("kind").asText()).isEqualTo("SCALAR");
    assertThat(found.get("com.acme.Twice").path("signatures").toString())
        .isEqualTo("[\"(INT) -> INT\"]");
    assertThat(found.get("com.acme.Total").path("kind").asText()).isEqualTo("AGGREGATE");
    assertThat(found.get("com.acme.Total").path("signatures").toString())
        .isEqualTo("[\"(BIGINT) -> BIGINT\"]");
    // The same bytes again are the same version; something that is not a jar is refused.
    JsonNode again = expect(200, upload(bob, "udflib", v1, "again")).body();
    assertThat(again.path("version").asInt()).isEqualTo(1);
    Http.Response notAJar = upload(bob, "udflib", "not a jar".getBytes(), "text");
    assertThat(notAJar.status()).as(notAJar.raw()).isEqualTo(400);
    assertThat(notAJar.body().path("detail").asText()).startsWith("file: The file is not a jar");

    // Registering needs the owner role in the artifact's project.
    Map<String, Object> twice =
        Map.of("name", "twice", "artifact", "udflib", "version", 1, "className", "com.acme.Twice");
    expect(403, bob.post("/api/v1/functions", twice));
    JsonNode registered = expect(201, admin.post("/api/v1/functions", twice)).body();
    assertThat(registered.path("signatures").toString()).isEqualTo("[\"(INT) -> INT\"]");
    expect(
        201,
        admin.post(
            "/api/v1/functions",
            Map.of("name", "risk.total", "artifact", "udflib", "className", "com.acme.Total")));
    Http.Response unknownClass =
        admin.post(
            "/api/v1/functions",
            Map.of("name", "thrice", "artifact", "udflib", "className", "com.acme.Thrice"));
    assertThat(unknownClass.status()).isEqualTo(400);
    assertThat(unknownClass.body().path("detail").asText())
        .isEqualTo(
            "className: udflib:1 has no function class com.acme.Thrice; it has com.acme.Total,"
                + " com.acme.Twice");
    assertThat(admin.post("/api/v1/functions", twice).status()).isEqualTo(409);
    JsonNode listed = expect(200, bob.get("/api/v1/functions?project=" + PROJECT)).body();
    assertThat(listed).hasSize(2);
    listed.forEach(f -> assertThat(f.path("usable").asBoolean()).as(f.toString()).isFalse());

    // Bob's job calls both by name; its output is a file per deploy.
    Path out = work.resolve("out");
    String script =
        """
        CREATE TABLE numbers (n BIGINT, ts AS TO_TIMESTAMP_LTZ(n * 1000, 3),
          WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen', 'number-of-rows' = '20',
          'rows-per-second' = '200', 'fields.n.kind' = 'sequence', 'fields.n.start' = '1',
          'fields.n.end' = '20');
        CREATE TABLE doubled (n BIGINT, d INT) WITH ('connector' = 'filesystem',
          'path' = '%s', 'format' = 'csv');
        CREATE TABLE totals (w TIMESTAMP(3), total BIGINT) WITH ('connector' = 'filesystem',
          'path' = '%s', 'format' = 'csv');
        INSERT INTO doubled SELECT n, twice(CAST(n AS INT)) FROM numbers;
        INSERT INTO totals SELECT window_start, risk.total(n)
          FROM TABLE(TUMBLE(TABLE numbers, DESCRIPTOR(ts), INTERVAL '10' SECOND))
          GROUP BY window_start, window_end;
        """
            .formatted(out.resolve("doubled").toUri(), out.resolve("totals").toUri());
    Http.Response created =
        bob.post(
            "/api/v1/jobs", Map.of("name", "udf_numbers", "script", script, "project", PROJECT));
    expect(201, created);
    long job = created.body().path("id").asLong();

    // Without grants: refused at validate and at deploy, each call at its line:column.
    Http.Response refused = bob.post("/api/v1/jobs/" + job + "/validate", Map.of());
    assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
    assertThat(positions(refused))
        .containsExactly(
            "9:31 Permission denied: function TWICE: USE is not granted to udf-bob; an owner of"
                + " project 'udf' can grant it on the function or its artifact udflib",
            "10:41 Permission denied: function RISK.TOTAL: USE is not granted to udf-bob; an owner"
                + " of project 'udf' can grant it on the function or its artifact udflib");
    Http.Response deployRefused = bob.post("/api/v1/jobs/" + job + "/deploy", Map.of());
    assertThat(deployRefused.status()).as(deployRefused.raw()).isEqualTo(403);
    assertThat(deployRefused.body().path("title").asText()).isEqualTo("Function not granted");
    assertThat(positions(deployRefused)).hasSize(2);

    // A grant on the function lifts one refusal; one on the artifact to the project the other.
    expect(403, bob.post("/api/v1/grants", Map.of("function", "twice", "user", USER)));
    JsonNode grant =
        expect(201, admin.post("/api/v1/grants", Map.of("function", "twice", "user", USER))).body();
    assertThat(grant.path("function").asText()).isEqualTo("twice");
    assertThat(grant.path("user").asText()).isEqualTo(USER);
    assertThat(positions(bob.post("/api/v1/jobs/" + job + "/validate", Map.of())))
        .singleElement()
        .asString()
        .startsWith("10:41 Permission denied: function RISK.TOTAL");
    expect(201, admin.post("/api/v1/grants", Map.of("artifact", "udflib", "project", PROJECT)));
    expect(200, bob.post("/api/v1/jobs/" + job + "/validate", Map.of()));

    runToEnd(bob, job);
    assertThat(doubled(out)).isEqualTo(expectedDoubled(2));
    // Windows of 10 s over n = 1..20 at n seconds: [0,10) holds 1..9, [10,20) 10..19, [20,30) 20.
    assertThat(totals(out)).containsExactly(45L, 145L, 20L);
    JsonNode uses =
        expect(200, admin.get("/api/v1/audit?action=function.use&project=" + PROJECT)).body();
    List<String> used = new ArrayList<>();
    uses.forEach(u -> used.add(u.path("actor").asText() + " " + u.path("target").asText()));
    assertThat(used)
        .containsExactlyInAnyOrder(USER + " function risk.total", USER + " function twice");

    // Version 2 of the library triples; the registered function moves to it, the job does not.
    byte[] v2 = UdfJars.build(work, library(3), null);
    assertThat(expect(201, upload(bob, "udflib", v2, "triples")).body().path("version").asInt())
        .isEqualTo(2);
    expect(200, admin.put("/api/v1/functions/twice", Map.of("version", 2)));
    expect(200, admin.put("/api/v1/functions/risk.total", Map.of("version", 2)));
    JsonNode pins = expect(200, bob.get("/api/v1/jobs/" + job + "/functions")).body();
    assertThat(pins.path("version").asInt()).isEqualTo(1);
    assertThat(pins.path("upgradable").asBoolean()).isTrue();
    assertThat(pins.path("functions").findValuesAsText("version")).containsOnly("1");
    assertThat(pins.path("functions").findValuesAsText("registeredNow"))
        .containsExactlyInAnyOrder("com.acme.Total of udflib:2", "com.acme.Twice of udflib:2");
    runToEnd(bob, job);
    assertThat(doubled(out)).as("the saved version keeps udflib:1").isEqualTo(expectedDoubled(2));

    JsonNode upgraded =
        expect(200, bob.post("/api/v1/jobs/" + job + "/functions/upgrade", Map.of())).body();
    assertThat(upgraded.path("version").asInt()).isEqualTo(2);
    assertThat(upgraded.path("upgradable").asBoolean()).isFalse();
    assertThat(upgraded.path("functions").findValuesAsText("version")).containsOnly("2");
    expect(409, bob.post("/api/v1/jobs/" + job + "/functions/upgrade", Map.of()));
    runToEnd(bob, job);
    assertThat(doubled(out))
        .as("version 2 of the job calls udflib:2")
        .isEqualTo(expectedDoubled(3));
    assertThat(totals(out)).containsExactly(45L, 145L, 20L);

    // Version 1 of the library is still called by version 1 of the job: it stays.
    Http.Response delete = admin.delete("/api/v1/artifacts/udflib/versions/1");
    assertThat(delete.status()).as(delete.raw()).isEqualTo(409);
    assertThat(delete.body().path("detail").asText())
        .isEqualTo(
            "udflib:1 cannot be deleted: versions of jobs udf_numbers call its functions and would"
                + " not run again");
    JsonNode versions = expect(200, bob.get("/api/v1/artifacts/udflib/versions")).body();
    assertThat(versions.findValuesAsText("version")).containsExactly("2", "1");

    // Revoking the artifact's grant refuses the next deploy again.
    expect(204, admin.delete("/api/v1/grants", Map.of("artifact", "udflib", "project", PROJECT)));
    assertThat(positions(bob.post("/api/v1/jobs/" + job + "/validate", Map.of())))
        .singleElement()
        .asString()
        .startsWith("10:41 Permission denied: function RISK.TOTAL");
  }

  /** Each error of a problem as line:column and message. */
  private static List<String> positions(Http.Response r) {
    List<String> out = new ArrayList<>();
    r.body()
        .path("errors")
        .forEach(
            e ->
                out.add(
                    e.path("line").asInt()
                        + ":"
                        + e.path("column").asInt()
                        + " "
                        + e.path("message").asText()));
    return out;
  }

  /** Deploys the job's current version on an empty output and waits for it to finish. */
  private void runToEnd(Http http, long job) throws Exception {
    Path out = platform.dataDir.resolve("artifacts-it").resolve("out");
    if (Files.exists(out)) {
      try (Stream<Path> files = Files.walk(out)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Http.Response deployed = http.post("/api/v1/jobs/" + job + "/deploy", Map.of());
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
    JsonNode done =
        new Jobs(http)
            .await(
                job,
                j ->
                    "FINISHED".equals(j.path("state").asText())
                        || "FAILED".equals(j.path("state").asText()),
                Duration.ofMinutes(2));
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("FINISHED");
  }

  private static Map<Long, Integer> doubled(Path out) throws Exception {
    Map<Long, Integer> rows = new TreeMap<>();
    for (String line : DatagenToFilesystemIT.csvLines(out.resolve("doubled"))) {
      String[] f = line.split(",");
      rows.put(Long.parseLong(f[0]), Integer.parseInt(f[1]));
    }
    return rows;
  }

  private static Map<Long, Integer> expectedDoubled(int factor) {
    Map<Long, Integer> rows = new TreeMap<>();
    for (long n = 1; n <= 20; n++) {
      rows.put(n, (int) n * factor);
    }
    return rows;
  }

  /** The window totals in window order. */
  private static List<Long> totals(Path out) throws Exception {
    Map<String, Long> rows = new TreeMap<>();
    for (String line : DatagenToFilesystemIT.csvLines(out.resolve("totals"))) {
      String[] f = line.split(",");
      rows.put(f[0], Long.parseLong(f[1]));
    }
    return new ArrayList<>(rows.values());
  }
}
