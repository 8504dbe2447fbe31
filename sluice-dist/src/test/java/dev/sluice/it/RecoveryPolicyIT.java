package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A job that fails on every record once Flink's restart strategy gives up: Sluice's recovery policy
 * submits it again with backoff the set number of times, then gives up and says why; the cluster
 * never runs two Flink jobs of it at once.
 */
@Order(41)
class RecoveryPolicyIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);
  private final Http flink = new Http(platform.flinkUrl());

  /** Fails on its first row (a string that is no number); Flink restarts it once, then gives up. */
  private static final String POISONED =
      """
      SET 'restart-strategy.type' = 'fixed-delay';
      SET 'restart-strategy.fixed-delay.attempts' = '1';
      SET 'restart-strategy.fixed-delay.delay' = '1 s';
      CREATE TABLE words (w STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '1', 'fields.w.length' = '5');
      CREATE TABLE sink (n INT) WITH ('connector' = 'blackhole');
      INSERT INTO sink SELECT CAST(CONCAT('x', w) AS INT) FROM words;
      """;

  @Test
  void aPoisonedJobIsRestartedWithBackoffThenGivenUpOnWithOneFlinkJobAtATime() throws Exception {
    String name = "recovers_then_gives_up";
    long id = jobs.create(name, POISONED);
    String path = "/api/v1/jobs/" + id + "/recovery-policy";

    JsonNode defaults = platform.http.get(path).body();
    assertThat(defaults.path("source").asText()).isEqualTo("tier");
    assertThat(defaults.path("tier").asText()).isEqualTo("P2");
    assertThat(defaults.path("enabled").asBoolean()).isFalse();
    Http.Response bad = platform.http.put(path, Map.of("initialBackoff", "soon"));
    assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
    assertThat(bad.body().path("errors").get(0).path("field").asText()).isEqualTo("initialBackoff");
    Http.Response set =
        platform.http.put(
            path,
            Map.of("enabled", true, "maxAttempts", 2, "initialBackoff", "2s", "maxBackoff", "4s"));
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    assertThat(set.body().path("source").asText()).isEqualTo("job");
    assertThat(set.body().path("maxAttempts").asInt()).isEqualTo(2);
    assertThat(set.body().path("initialBackoff").asText()).isEqualTo("2s");
    assertThat(set.body().path("restoreFrom").asText()).isEqualTo("checkpoint");

    Set<String> others = nonTerminal();
    String first = jobs.deploy(id, "none").path("flinkJobId").asText();

    Set<String> seen = new LinkedHashSet<>(List.of(first));
    int mostAtOnce = 0;
    JsonNode events = null;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline)) {
      Set<String> mine = nonTerminal();
      mine.removeAll(others);
      seen.addAll(mine);
      mostAtOnce = Math.max(mostAtOnce, mine.size());
      events = platform.http.get("/api/v1/jobs/" + id + "/events").body();
      if (kinds(events).contains("recovery.gave-up")) {
        break;
      }
      Platform.sleep(250);
    }
    assertThat(kinds(events)).as(events.toString()).contains("recovery.gave-up");
    assertThat(mostAtOnce).isLessThanOrEqualTo(1);

    List<String> oldestFirst = new ArrayList<>(kinds(events));
    java.util.Collections.reverse(oldestFirst);
    assertThat(oldestFirst)
        .containsExactly(
            "recovery.scheduled",
            "recovery.attempt",
            "recovery.scheduled",
            "recovery.attempt",
            "recovery.gave-up");
    List<JsonNode> attempts = new ArrayList<>();
    List<JsonNode> scheduled = new ArrayList<>();
    for (JsonNode e : events.path("events")) {
      if (e.path("kind").asText().equals("recovery.attempt")) {
        attempts.add(0, e);
      } else if (e.path("kind").asText().equals("recovery.scheduled")) {
        scheduled.add(0, e);
      }
    }
    assertThat(scheduled.get(0).path("action").asText())
        .isEqualTo("restarting it from its checkpoint in 2s (attempt 1 of 2)");
    assertThat(scheduled.get(1).path("action").asText())
        .isEqualTo("restarting it from its checkpoint in 4s (attempt 2 of 2)");
    assertThat(scheduled.get(0).path("seen").asText())
        .startsWith("The job failed (Flink job " + first + "), Flink's restart strategy gave up:")
        .contains("NumberFormatException");
    Set<String> submitted = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      JsonNode a = attempts.get(i);
      assertThat(a.path("attempt").asInt()).isEqualTo(i + 1);
      assertThat(a.path("outcome").asText()).startsWith("submitted as Flink job ");
      submitted.add(a.path("flinkJobId").asText());
    }
    assertThat(submitted).hasSize(2).doesNotContain(first);
    seen.addAll(submitted);
    assertThat(seen).hasSize(3);

    JsonNode job =
        jobs.await(id, j -> "FAILED".equals(j.path("state").asText()), Duration.ofSeconds(30));
    assertThat(job.path("desiredState").asText()).isEqualTo("RUNNING");
    assertThat(job.path("lastError").asText())
        .startsWith(
            "Recovery gave up after 2 attempts (maxAttempts 2): The job failed (Flink job ");
    JsonNode progress = platform.http.get(path).body().path("progress");
    assertThat(progress.path("phase").asText()).isEqualTo("gave-up");
    assertThat(progress.path("attempts").asInt()).isEqualTo(2);
    // Every Flink job of it has ended: nothing runs on after the policy gave up.
    Set<String> left = nonTerminal();
    left.retainAll(seen);
    assertThat(left).isEmpty();

    Platform.CliResult cli = platform.cli("jobs", "recovery-policy", name);
    assertThat(cli.exitCode()).as(cli.output()).isZero();
    assertThat(cli.output())
        .contains(name + ": recovery enabled (the job's own policy)")
        .contains("progress: gave-up, 2 attempts");
  }

  @Test
  void aServerKilledInTheMiddleOfARecoveryGoesOnWithTheNextAttempt() throws Exception {
    String name = "recovery_survives_server_crash";
    long id = jobs.create(name, POISONED);
    Http.Response set =
        platform.http.put(
            "/api/v1/jobs/" + id + "/recovery-policy",
            Map.of("enabled", true, "maxAttempts", 3, "initialBackoff", "2s", "maxBackoff", "2s"));
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    Set<String> others = nonTerminal();
    jobs.deploy(id, "none");
    awaitEvents(id, e -> attemptsOf(e).size() >= 1, Duration.ofMinutes(2));

    platform.killServer();
    int mostAtOnce = 0;
    Set<String> mine = nonTerminal();
    mine.removeAll(others);
    mostAtOnce = Math.max(mostAtOnce, mine.size());
    platform.start();

    JsonNode events = null;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline)) {
      mine = nonTerminal();
      mine.removeAll(others);
      mostAtOnce = Math.max(mostAtOnce, mine.size());
      events = platform.http.get("/api/v1/jobs/" + id + "/events").body();
      if (kinds(events).contains("recovery.gave-up")) {
        break;
      }
      Platform.sleep(250);
    }
    assertThat(kinds(events)).as(String.valueOf(events)).contains("recovery.gave-up");
    assertThat(mostAtOnce).isLessThanOrEqualTo(1);
    // Each attempt was made once: the restarted server went on from where the store said it was.
    assertThat(attemptsOf(events)).containsExactly(1, 2, 3);
    JsonNode progress =
        platform.http.get("/api/v1/jobs/" + id + "/recovery-policy").body().path("progress");
    assertThat(progress.path("phase").asText()).isEqualTo("gave-up");
    assertThat(progress.path("attempts").asInt()).isEqualTo(3);
  }

  /** The attempt numbers of the recovery.attempt events, oldest first. */
  private static List<Integer> attemptsOf(JsonNode events) {
    List<Integer> attempts = new ArrayList<>();
    for (JsonNode e : events.path("events")) {
      if (e.path("kind").asText().equals("recovery.attempt")) {
        attempts.add(0, e.path("attempt").asInt());
      }
    }
    return attempts;
  }

  private JsonNode awaitEvents(
      long id, java.util.function.Predicate<JsonNode> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = platform.http.get("/api/v1/jobs/" + id + "/events").body();
      if (condition.test(last)) {
        return last;
      }
      Platform.sleep(250);
    }
    throw new AssertionError("Events not as expected within " + timeout + ": " + last);
  }

  /** The ids of the Flink jobs on the cluster that have not ended. */
  private Set<String> nonTerminal() {
    Set<String> ids = new HashSet<>();
    for (JsonNode j : flink.get("/jobs/overview").body().path("jobs")) {
      String state = j.path("state").asText();
      if (!Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED").contains(state)) {
        ids.add(j.path("jid").asText());
      }
    }
    return ids;
  }

  private static List<String> kinds(JsonNode events) {
    List<String> kinds = new ArrayList<>();
    events.path("events").forEach(e -> kinds.add(e.path("kind").asText()));
    return kinds;
  }
}
