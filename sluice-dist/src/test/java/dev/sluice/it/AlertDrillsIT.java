package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Drills of alerting on the real platform, each with its own webhook, rules and jobs, all removed
 * at the end.
 *
 * <p>A Kafka job whose JDBC sink is blocked (the PostgreSQL target table is locked by the test)
 * cannot keep up: its input was produced before it started from the earliest offset, so its first
 * fetch already sees nearly all of it as lag, and the blocked sink then back-pressures the source
 * (chained with it) so that it fetches nothing more and the lag stays: {@code kafka_lag} is the
 * source's {@code pendingRecords}, which the consumer updates at each fetch and which keeps its
 * last value meanwhile (20,000 records produced, the source takes the few batches its fetch queue
 * holds and then reports the rest, e.g. 18,000, at every collection). The lag rule fires once; when
 * the lock is released the job catches up, every record arrives once, and the rule resolves once.
 *
 * <p>Killing the TaskManager under a job whose restart strategy waits 40 s between attempts: the
 * supervisor's view of the dead TaskManager fires {@code taskmanagers_below} at once (value 0) and
 * resolves it when the new one runs, while the job stays RESTARTING long enough for {@code
 * job_restarting} to fire, and resolves when the job runs again.
 */
@Order(32)
class AlertDrillsIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);
  private final Http flink = new Http(platform.flinkUrl());

  @Test
  void aKafkaJobThatCannotKeepUpFiresTheLagRuleOnceAndResolvesOnceItCatchesUp() throws Exception {
    int records = 20_000;
    String topic = "drills.lag.in";
    String job = "drills_lag";
    String rule = "drills-kafka-lag";
    String schema = "drills_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    // Closed last first: the cleanup runs while the webhook and the lock's connection are open.
    try (Receiver hook = new Receiver();
        Connection db = TestPostgres.connect();
        Connection lock = TestPostgres.connect();
        Cleanup cleanup = new Cleanup()) {
      createChannel("drills-lag-hook", hook, cleanup);
      TestPostgres.exec(db, "CREATE SCHEMA " + schema);
      TestPostgres.exec(db, "CREATE TABLE " + schema + ".target (k BIGINT, payload TEXT)");
      // The sink's INSERTs wait for this lock as long as the transaction is open.
      lock.setAutoCommit(false);
      TestPostgres.exec(lock, "LOCK TABLE " + schema + ".target IN ACCESS EXCLUSIVE MODE");
      cleanup.add(lock::rollback);

      List<String> values = new ArrayList<>();
      for (int k = 0; k < records; k++) {
        values.add("{\"k\":" + k + ",\"payload\":\"record " + k + "\"}");
      }
      KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());
      kafka.produce(topic, values);
      assertThat(kafka.endOffset(topic)).isEqualTo(records);

      String url = TestPostgres.url();
      long id =
          jobs.create(
              job,
              """
              CREATE TABLE input (k BIGINT, payload STRING) WITH (
                'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                'properties.group.id' = 'drills-lag', 'scan.startup.mode' = 'earliest-offset',
                'format' = 'json');
              CREATE TABLE target (k BIGINT, payload STRING) WITH (
                'connector' = 'jdbc', 'url' = '%s', 'table-name' = '%s.target',
                'username' = '%s', 'password' = 'unused');
              INSERT INTO target SELECT k, payload FROM input;
              """
                  .formatted(topic, platform.kafkaBootstrap(), url, schema, TestPostgres.user()));
      createRule(
          """
          {"name": "%s", "job": "%s", "severity": "P1", "for": "0s",
           "conditions": [{"metric": "kafka_lag", "op": ">", "value": 5000}],
           "channels": ["drills-lag-hook"]}
          """
              .formatted(rule, job),
          "kafka_lag > 5000",
          cleanup);

      jobs.deploy(id, "none");
      // The job is stopped only after the lock is released: a task blocked in PostgreSQL would
      // not end when it is cancelled.
      cleanup.add(
          () -> {
            lock.rollback();
            jobs.stop(id, false);
          });
      jobs.awaitRunning(id);

      Received fired = hook.await(rule, "firing", Duration.ofMinutes(3));
      double lag = fired.body().path("value").asDouble();
      System.out.println(
          "AlertDrillsIT: kafka_lag "
              + lag
              + " fired; metrics "
              + metrics(id, "kafka_lag,pending_records", Instant.now().minusSeconds(120)));
      assertThat(fired.body().path("status").asText()).isEqualTo("firing");
      assertThat(fired.body().path("rule").asText()).isEqualTo(rule);
      assertThat(fired.body().path("job").asText()).isEqualTo(job);
      assertThat(fired.body().path("severity").asText()).isEqualTo("P1");
      assertThat(lag).isGreaterThan(5000).isLessThanOrEqualTo(records);
      assertThat(fired.body().path("summary").asText())
          .isEqualTo("kafka_lag " + (long) lag + " > 5000");
      JsonNode firing = alert(job, rule).orElseThrow();
      assertThat(firing.path("state").asText()).as(firing.toString()).isEqualTo("firing");
      assertThat(firing.path("id").asLong()).isEqualTo(fired.body().path("alertId").asLong());
      assertThat(Instant.parse(fired.body().path("since").asText()))
          .isEqualTo(Instant.parse(firing.path("firingSince").asText()));
      // Only the transaction holding the lock can read the table: nothing was written.
      assertThat(countRows(lock, schema)).isZero();

      lock.rollback(); // releases the lock: the sink's INSERTs go through
      Received resolved = hook.await(rule, "resolved", Duration.ofMinutes(3));
      assertThat(resolved.body().path("alertId").asLong())
          .isEqualTo(fired.body().path("alertId").asLong());
      assertThat(resolved.body().path("value").asDouble()).isLessThanOrEqualTo(5000);
      assertThat(resolved.body().path("endedAt").isTextual()).isTrue();

      await(
          "all " + records + " rows in PostgreSQL",
          () -> countRows(db, schema) >= records ? Boolean.TRUE : null,
          Duration.ofMinutes(3));
      try (Statement s = db.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT count(*), count(DISTINCT k), min(k), max(k) FROM "
                      + schema
                      + ".target")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getLong(1)).as("rows").isEqualTo(records);
        assertThat(r.getLong(2)).as("distinct keys").isEqualTo(records);
        assertThat(r.getLong(3)).isZero();
        assertThat(r.getLong(4)).isEqualTo(records - 1);
      }

      assertThat(alert(job, rule).orElseThrow().path("state").asText()).isEqualTo("resolved");
      // Two collections after the resolved message, each followed by an evaluation, send nothing.
      awaitCollections(id, resolved.at(), 2);
      assertThat(hook.statuses(rule)).containsExactly("firing", "resolved");
    }
  }

  @Test
  void killingTheTaskManagerFiresJobRestartingAndTaskManagersBelowOnceEach() throws Exception {
    String job = "drills_restarting";
    String restarting = "drills-job-restarting";
    String taskManagersBelow = "drills-taskmanagers-below";
    try (Receiver hook = new Receiver();
        Cleanup cleanup = new Cleanup()) {
      createChannel("drills-tm-hook", hook, cleanup);
      // 40 s between restart attempts: the job stays RESTARTING although the supervisor has a new
      // TaskManager running within seconds.
      long id =
          jobs.create(
              job,
              """
              SET 'restart-strategy.type' = 'fixed-delay';
              SET 'restart-strategy.fixed-delay.attempts' = '5';
              SET 'restart-strategy.fixed-delay.delay' = '40 s';
              """
                  + Jobs.ENDLESS);
      createRule(
          """
          {"template": "job_restarting", "name": "%s", "job": "%s", "for": "5s",
           "severity": "P1", "channels": ["drills-tm-hook"]}
          """
              .formatted(restarting, job),
          "job_state == RESTARTING for 5s",
          cleanup);
      createRule(
          """
          {"template": "taskmanagers_below", "name": "%s", "job": "%s", "value": 1,
           "severity": "P1", "channels": ["drills-tm-hook"]}
          """
              .formatted(taskManagersBelow, job),
          "taskmanagers < 1",
          cleanup);

      String flinkJobId = jobs.deploy(id, "none").path("flinkJobId").asText();
      cleanup.add(() -> jobs.stop(id, false));
      jobs.awaitRunning(id);
      LocalTaskManagers.awaitTasksRunning(flink, flinkJobId);
      assertThat(hook.received()).isEmpty();
      ProcessHandle taskManager = LocalTaskManagers.only(platform);

      taskManager.destroyForcibly(); // SIGKILL
      taskManager.onExit().get(30, TimeUnit.SECONDS);
      Instant killed = Instant.now();

      Received tmFired = hook.await(taskManagersBelow, "firing", Duration.ofMinutes(2));
      System.out.println(
          "AlertDrillsIT: taskmanagers_below fired "
              + Duration.between(killed, tmFired.at()).toMillis()
              + " ms after the kill");
      assertThat(tmFired.body().path("value").asDouble()).isZero();
      assertThat(tmFired.body().path("job").asText()).isEqualTo(job);
      assertThat(tmFired.body().path("severity").asText()).isEqualTo("P1");
      assertThat(tmFired.body().path("summary").asText()).isEqualTo("taskmanagers 0 < 1");

      Received restartingFired = hook.await(restarting, "firing", Duration.ofMinutes(2));
      System.out.println(
          "AlertDrillsIT: job_restarting fired "
              + Duration.between(killed, restartingFired.at()).toMillis()
              + " ms after the kill");
      assertThat(restartingFired.body().path("value").asDouble()).isEqualTo(1.0); // RESTARTING
      assertThat(restartingFired.body().path("job").asText()).isEqualTo(job);
      assertThat(restartingFired.body().path("summary").asText())
          .isEqualTo("job_state RESTARTING == RESTARTING for 5s");

      await(
          "the job running again after a restart",
          () -> {
            JsonNode j = flink.get("/jobs/" + flinkJobId).body();
            return "RUNNING".equals(j.path("state").asText())
                    && LocalTaskManagers.allTasksRunning(j)
                    && j.path("timestamps").path("RESTARTING").asLong() > 0
                ? j
                : null;
          },
          Duration.ofMinutes(3));
      Received restartingResolved = hook.await(restarting, "resolved", Duration.ofMinutes(2));
      Received tmResolved = hook.await(taskManagersBelow, "resolved", Duration.ofMinutes(2));
      System.out.println(
          "AlertDrillsIT: taskmanagers_below resolved "
              + Duration.between(killed, tmResolved.at()).toMillis()
              + " ms, job_restarting resolved "
              + Duration.between(killed, restartingResolved.at()).toMillis()
              + " ms after the kill");
      assertThat(restartingResolved.body().path("alertId").asLong())
          .isEqualTo(restartingFired.body().path("alertId").asLong());
      assertThat(restartingResolved.body().path("value").asDouble()).isZero(); // RUNNING
      assertThat(tmResolved.body().path("alertId").asLong())
          .isEqualTo(tmFired.body().path("alertId").asLong());
      assertThat(tmResolved.body().path("value").asDouble()).isGreaterThanOrEqualTo(1);

      assertThat(alert(job, restarting).orElseThrow().path("state").asText()).isEqualTo("resolved");
      assertThat(alert(job, taskManagersBelow).orElseThrow().path("state").asText())
          .isEqualTo("resolved");
      Instant lastResolved =
          tmResolved.at().isAfter(restartingResolved.at())
              ? tmResolved.at()
              : restartingResolved.at();
      awaitCollections(id, lastResolved, 2);
      assertThat(hook.statuses(taskManagersBelow)).containsExactly("firing", "resolved");
      assertThat(hook.statuses(restarting)).containsExactly("firing", "resolved");
    }
  }

  /** A message the webhook received, and when. */
  private record Received(Instant at, JsonNode body) {}

  /** A local webhook: every message it receives, in order. */
  private static final class Receiver implements AutoCloseable {
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;

    Receiver() throws java.io.IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/hook",
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(Instant.now(), Http.JSON.readTree(body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> received() {
      synchronized (received) {
        return List.copyOf(received);
      }
    }

    List<String> statuses(String rule) {
      return received().stream()
          .filter(r -> r.body().path("rule").asText().equals(rule))
          .map(r -> r.body().path("status").asText())
          .toList();
    }

    /** The first message of the rule with the status, waiting for it. */
    Received await(String rule, String status, Duration timeout) {
      try {
        return AlertDrillsIT.await(
            "a " + status + " message of " + rule,
            () ->
                received().stream()
                    .filter(
                        r ->
                            r.body().path("rule").asText().equals(rule)
                                && r.body().path("status").asText().equals(status))
                    .findFirst()
                    .orElse(null),
            timeout);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; received " + received(), e);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /**
   * What a drill must undo, undone last first when the drill ends however it ends; a failing step
   * does not keep the others from running.
   */
  private static final class Cleanup implements AutoCloseable {
    interface Step {
      void run() throws Exception;
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    void add(Step step) {
      steps.push(step);
    }

    @Override
    public void close() throws Exception {
      Throwable first = null;
      while (!steps.isEmpty()) {
        try {
          steps.pop().run();
        } catch (Exception | AssertionError e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first instanceof Exception e) {
        throw e;
      }
      if (first instanceof AssertionError e) {
        throw e;
      }
    }
  }

  private void createChannel(String name, Receiver hook, Cleanup cleanup) {
    Http.Response r =
        platform.http.post(
            "/api/v1/channels",
            Map.of("name", name, "type", "webhook", "url", hook.url(), "project", "demo"));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    cleanup.add(() -> assertThat(delete("/api/v1/channels/" + name)).isEqualTo(204));
  }

  private void createRule(String json, String summary, Cleanup cleanup) throws Exception {
    Http.Response r = platform.http.post("/api/v1/alert-rules", Http.JSON.readTree(json));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    assertThat(r.body().path("summary").asText()).isEqualTo(summary);
    String name = r.body().path("name").asText();
    cleanup.add(() -> assertThat(delete("/api/v1/alert-rules/" + name)).isEqualTo(204));
  }

  private int delete(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port + path))
                .header("Authorization", "Bearer " + platform.adminToken())
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** The job's alert of the rule, in whatever state, if any. */
  private Optional<JsonNode> alert(String job, String rule) {
    Http.Response r = platform.http.get("/api/v1/alerts?job=" + job);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    for (JsonNode a : r.body()) {
      if (a.path("rule").asText().equals(rule)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private JsonNode metrics(long job, String names, Instant from) {
    Http.Response r =
        platform.http.get(
            "/api/v1/jobs/" + job + "/metrics?names=" + names + "&step=1s&from=" + from);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body().path("series");
  }

  /**
   * Waits for {@code count} metrics collections of the job after {@code since}: every collection
   * records the job's state, and the evaluation of a collection is over before the next one begins.
   */
  private void awaitCollections(long job, Instant since, int count) {
    await(
        count + " collections after " + since,
        () -> {
          int seen = 0;
          for (JsonNode series : metrics(job, "job_state", since)) {
            for (JsonNode point : series.path("points")) {
              if (point.get(0).asLong() > since.toEpochMilli()) {
                seen++;
              }
            }
          }
          return seen >= count ? Boolean.TRUE : null;
        },
        Duration.ofMinutes(2));
  }

  private static long countRows(Connection db, String schema) {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + schema + ".target")) {
      r.next();
      return r.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(String what, Supplier<T> probe, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Platform.sleep(500);
    }
    throw new AssertionError("Not seen within " + timeout + ": " + what);
  }
}
