package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/** Job operations through the REST API, with the status checks every test needs. */
final class Jobs {
  private final Http http;

  Jobs(Http http) {
    this.http = http;
  }

  /** A job that runs until it is stopped: five rows a second into a blackhole. */
  static final String ENDLESS =
      """
      CREATE TABLE ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
      CREATE TABLE sink (n BIGINT) WITH ('connector' = 'blackhole');
      INSERT INTO sink SELECT n FROM ticks;
      """;

  long create(String name, String script) {
    Http.Response r =
        http.post(
            "/api/v1/jobs",
            Map.of("name", name, "type", "SQL", "script", script, "comment", "created by " + name));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }

  JsonNode deploy(long id, String restore) {
    Http.Response r = http.post("/api/v1/jobs/" + id + "/deploy", Map.of("restore", restore));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body();
  }

  JsonNode stop(long id, boolean savepoint) {
    Http.Response r = http.post("/api/v1/jobs/" + id + "/stop", Map.of("savepoint", savepoint));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body();
  }

  JsonNode get(long id) {
    Http.Response r = http.get("/api/v1/jobs/" + id);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body();
  }

  /** Waits until the job's view satisfies the condition, failing with the last view seen. */
  JsonNode await(long id, Predicate<JsonNode> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = get(id);
      if (condition.test(last)) {
        return last;
      }
      Platform.sleep(500);
    }
    throw new AssertionError(
        "Job " + id + " did not reach the expected state in " + timeout + "; last seen: " + last);
  }

  JsonNode awaitRunning(long id) {
    return await(id, j -> "RUNNING".equals(j.path("flinkState").asText()), Duration.ofMinutes(2));
  }
}
