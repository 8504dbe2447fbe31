package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The drill of the local cluster's supervisor: the TaskManager is killed with -9 under a running
 * job; the server starts one again (never a second beside it), the job runs again through Flink's
 * restart strategy, and the job's history shows what the supervisor saw and did.
 */
@Order(40)
class TaskManagerKillIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);
  private final Http flink = new Http(platform.flinkUrl());

  @Test
  void aKilledTaskManagerIsStartedAgainAndTheJobRunsAgain() throws Exception {
    long id = jobs.create("survives_taskmanager_kill", Jobs.ENDLESS);
    String flinkJobId = jobs.deploy(id, "none").path("flinkJobId").asText();
    jobs.awaitRunning(id);
    LocalTaskManagers.awaitTasksRunning(flink, flinkJobId);
    List<String> before = taskManagerIds();
    assertThat(before).hasSize(1);
    ProcessHandle taskManager = LocalTaskManagers.only(platform);

    taskManager.destroyForcibly(); // SIGKILL
    taskManager.onExit().get(30, TimeUnit.SECONDS);
    Instant killed = Instant.now();

    // A new TaskManager process, then a new TaskManager registered in place of the dead one.
    ProcessHandle restarted =
        await(
            "a new TaskManager process",
            () -> {
              List<ProcessHandle> now = LocalTaskManagers.processes(platform);
              return now.size() == 1 && now.get(0).pid() != taskManager.pid() ? now.get(0) : null;
            },
            Duration.ofSeconds(60));
    List<String> after =
        await(
            "the new TaskManager alone registered",
            () -> {
              List<String> ids = taskManagerIds();
              return ids.size() == 1 && !ids.equals(before) ? ids : null;
            },
            Duration.ofMinutes(2));
    assertThat(after).doesNotContainAnyElementsOf(before);

    // The same Flink job restarted (Flink's own restart strategy) and runs on it again.
    await(
        "the job running again after a restart",
        () -> {
          JsonNode j = flink.get("/jobs/" + flinkJobId).body();
          boolean allRunning = true;
          for (JsonNode v : j.path("vertices")) {
            allRunning &= "RUNNING".equals(v.path("status").asText());
          }
          return "RUNNING".equals(j.path("state").asText()) && allRunning && restarted(flinkJobId)
              ? j
              : null;
        },
        Duration.ofMinutes(2));
    System.out.println(
        "TaskManagerKillIT: job RUNNING again "
            + Duration.between(killed, Instant.now()).toMillis()
            + " ms after the kill");
    JsonNode job = jobs.get(id);
    assertThat(job.path("flinkJobId").asText()).isEqualTo(flinkJobId);
    assertThat(LocalTaskManagers.processes(platform)).containsExactly(restarted);

    JsonNode events =
        await(
            "the supervisor's events",
            () -> {
              JsonNode e = platform.http.get("/api/v1/jobs/" + id + "/events").body();
              return kinds(e).containsAll(List.of("taskmanager.died", "taskmanager.restarted"))
                  ? e
                  : null;
            },
            Duration.ofSeconds(30));
    JsonNode restartedEvent = event(events, "taskmanager.restarted");
    assertThat(restartedEvent.path("scope").asText()).isEqualTo("cluster");
    assertThat(restartedEvent.path("source").asText()).isEqualTo("supervisor");
    assertThat(restartedEvent.path("outcome").asText())
        .isEqualTo("running as pid " + restarted.pid());
    assertThat(event(events, "taskmanager.died").path("seen").asText())
        .isEqualTo("TaskManager (pid " + taskManager.pid() + ") is not running");
    assertThat(kinds(events)).doesNotContain("taskmanager.crash-loop");

    Platform.CliResult cli = platform.cli("jobs", "events", "survives_taskmanager_kill");
    assertThat(cli.exitCode()).as(cli.output()).isZero();
    assertThat(cli.output())
        .contains("taskmanager.restarted")
        .contains("running as pid " + restarted.pid());

    jobs.stop(id, false);
  }

  @Test
  void aTaskManagerThatDiedWhileTheServerWasDownIsStartedAgainWithItsJobManagerKept()
      throws Exception {
    long id = jobs.create("survives_taskmanager_death_unwatched", Jobs.ENDLESS);
    String flinkJobId = jobs.deploy(id, "none").path("flinkJobId").asText();
    jobs.awaitRunning(id);
    LocalTaskManagers.awaitTasksRunning(flink, flinkJobId);
    ProcessHandle taskManager = LocalTaskManagers.only(platform);

    platform.killServer();
    taskManager.destroyForcibly();
    taskManager.onExit().get(30, TimeUnit.SECONDS);
    platform.start();

    // The JobManager was adopted with the job on it: the same Flink job runs again.
    await(
        "the job running again on a new TaskManager",
        () ->
            "RUNNING".equals(flink.get("/jobs/" + flinkJobId).body().path("state").asText())
                    && restarted(flinkJobId)
                ? Boolean.TRUE
                : null,
        Duration.ofMinutes(2));
    assertThat(LocalTaskManagers.processes(platform)).hasSize(1).doesNotContain(taskManager);
    JsonNode job =
        jobs.await(id, j -> "RUNNING".equals(j.path("state").asText()), Duration.ofSeconds(30));
    assertThat(job.path("flinkJobId").asText()).isEqualTo(flinkJobId);
    jobs.stop(id, false);
  }

  /**
   * The drill under an exactly-once Kafka to Kafka job: the TaskManager is killed half-way through
   * the input; the committed output (read with read_committed) has every input record exactly once.
   */
  @Test
  void anExactlyOnceKafkaJobLosesAndRepeatsNothingWhenItsTaskManagerIsKilled() throws Exception {
    int total = 100_000;
    KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());
    List<String> firstHalf = new ArrayList<>();
    List<String> secondHalf = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      (i < total / 2 ? firstHalf : secondHalf).add("{\"id\":" + i + "}");
    }
    kafka.produce("tmkill.in", firstHalf);
    String bootstrap = platform.kafkaBootstrap();
    String script =
        """
        CREATE TABLE input (id BIGINT) WITH (
          'connector' = 'kafka', 'topic' = 'tmkill.in', 'properties.bootstrap.servers' = '%s',
          'properties.group.id' = 'tmkill', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
        CREATE TABLE output (id BIGINT) WITH (
          'connector' = 'kafka', 'topic' = 'tmkill.out', 'properties.bootstrap.servers' = '%s',
          'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once',
          'sink.transactional-id-prefix' = 'tmkill', 'properties.transaction.timeout.ms' = '600000');
        INSERT INTO output SELECT id FROM input;
        """
            .formatted(bootstrap, bootstrap);
    long id = jobs.create("exactly_once_through_taskmanager_kill", script);
    String flinkJobId = jobs.deploy(id, "none").path("flinkJobId").asText();
    jobs.awaitRunning(id);
    // Some output is committed (a checkpoint completed) before the kill.
    kafka.readUntil("tmkill.out", 0, rs -> !rs.isEmpty(), Duration.ofMinutes(2));
    ProcessHandle taskManager = LocalTaskManagers.only(platform);

    // The second half arrives in batches while the TaskManager is killed: records are in flight
    // and in an open transaction when it dies.
    java.util.concurrent.atomic.AtomicInteger batches =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread producer =
        new Thread(
            () -> {
              for (int from = 0; from < secondHalf.size(); from += 1000) {
                kafka.produce("tmkill.in", secondHalf.subList(from, from + 1000));
                batches.incrementAndGet();
                Platform.sleep(100); // a steady stream, not a burst
              }
            });
    producer.start();
    await(
        "ten batches produced",
        () -> batches.get() >= 10 ? Boolean.TRUE : null,
        Duration.ofMinutes(1));
    taskManager.destroyForcibly();
    taskManager.onExit().get(30, TimeUnit.SECONDS);
    Instant killed = Instant.now();
    producer.join(Duration.ofMinutes(2).toMillis());
    assertThat(batches.get()).isEqualTo(secondHalf.size() / 1000);

    await(
        "the Kafka job running again after a restart",
        () ->
            "RUNNING".equals(flink.get("/jobs/" + flinkJobId).body().path("state").asText())
                    && restarted(flinkJobId)
                ? Boolean.TRUE
                : null,
        Duration.ofMinutes(2));
    System.out.println(
        "TaskManagerKillIT: Kafka job RUNNING again "
            + Duration.between(killed, Instant.now()).toMillis()
            + " ms after the kill");
    kafka.readUntil("tmkill.out", 0, rs -> rs.size() >= total, Duration.ofMinutes(3));
    // Stopped with a savepoint: its last transaction is committed, none stays open.
    jobs.stop(id, true);

    List<Long> committed = committedIds("tmkill.out");
    long distinct = committed.stream().distinct().count();
    System.out.println(
        "TaskManagerKillIT: "
            + committed.size()
            + " committed records, "
            + distinct
            + " distinct, of "
            + total);
    assertThat(distinct).as("lost").isEqualTo(total);
    assertThat(committed).as("duplicated").hasSize(total);
  }

  /** The ids of every committed record of the topic's partition 0, read to its end. */
  private List<Long> committedIds(String topic) {
    java.util.Properties p = new java.util.Properties();
    p.put("bootstrap.servers", platform.kafkaBootstrap());
    p.put(
        "key.deserializer",
        org.apache.kafka.common.serialization.StringDeserializer.class.getName());
    p.put(
        "value.deserializer",
        org.apache.kafka.common.serialization.StringDeserializer.class.getName());
    p.put("isolation.level", "read_committed");
    List<Long> ids = new ArrayList<>();
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(p)) {
      var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      while (consumer.position(partition) < end) {
        assertThat(Instant.now()).as("reading " + topic + " to its end").isBefore(deadline);
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(r -> ids.add(KafkaTopics.json(r.value()).path("id").asLong()));
      }
    }
    return ids;
  }

  private List<String> taskManagerIds() {
    List<String> ids = new ArrayList<>();
    for (JsonNode tm : flink.get("/taskmanagers").body().path("taskmanagers")) {
      ids.add(tm.path("id").asText());
    }
    return ids;
  }

  /** Whether the Flink job has restarted: it has been RESTARTING since it was submitted. */
  private boolean restarted(String flinkJobId) {
    return flink.get("/jobs/" + flinkJobId).body().path("timestamps").path("RESTARTING").asLong()
        > 0;
  }

  private static List<String> kinds(JsonNode events) {
    List<String> kinds = new ArrayList<>();
    events.path("events").forEach(e -> kinds.add(e.path("kind").asText()));
    return kinds;
  }

  private static JsonNode event(JsonNode events, String kind) {
    for (JsonNode e : events.path("events")) {
      if (e.path("kind").asText().equals(kind)) {
        return e;
      }
    }
    throw new AssertionError("No " + kind + " event in " + events);
  }

  private static <T> T await(String what, java.util.function.Supplier<T> probe, Duration timeout) {
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
