package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Edit one statement of a running multi-INSERT job and keep the others' state: each scenario runs
 * v1, stops it with a savepoint, checks the restore plan of v2, deploys v2 from the savepoint and
 * checks from the sink topics that kept statements continue counting and changed or new ones start
 * from zero.
 */
@Order(8)
class StateEvolutionIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Jobs jobs = new Jobs(http);
  private final KafkaTopics kafka = new KafkaTopics(platform.kafkaBootstrap());

  private String tables(String p) {
    return kafka.countingTables(p, List.of("c0", "c1", "c2", "c3"));
  }

  static final String S0 = "INSERT INTO c0 SELECT k, SUM(n * 3) FROM events GROUP BY k;\n";
  static final String S1 = "INSERT INTO c1 SELECT k, COUNT(*) FROM events GROUP BY k;\n";
  static final String S2 = "INSERT INTO c2 SELECT k, SUM(n) FROM events GROUP BY k;\n";
  static final String S3 =
      "INSERT INTO c3 SELECT k, COUNT(*) FROM events WHERE n > 0 GROUP BY k;\n";

  /** The latest count per sink table of the scenario, waiting until they equal the expectation. */
  private Map<String, List<Long>> awaitCounts(
      String p, Map<String, Long> expected, Map<String, Long> from) {
    Map<String, List<Long>> seen = new HashMap<>();
    expected.forEach(
        (table, value) -> {
          List<ConsumerRecord<String, String>> records =
              kafka.readUntil(
                  p + "." + table,
                  from.getOrDefault(table, 0L),
                  rs -> !rs.isEmpty() && KafkaTopics.count(rs.get(rs.size() - 1)) == value,
                  Duration.ofMinutes(2));
          seen.put(table, records.stream().map(KafkaTopics::count).toList());
        });
    return seen;
  }

  private Map<String, Long> ends(String p) {
    Map<String, Long> ends = new HashMap<>();
    for (String c : List.of("c0", "c1", "c2", "c3")) {
      ends.put(c, kafka.endOffset(p + "." + c));
    }
    return ends;
  }

  /** Runs v1 with 20 events, stops it with a savepoint and saves v2; returns the job id. */
  private long runV1ThenSave(String p, String v1, String v2) {
    kafka.produce(p + ".in", KafkaTopics.countingEvents(20));
    long id = jobs.create("state_" + p.replace('.', '_'), v1);
    jobs.deploy(id, "none");
    Map<String, Long> expected = new HashMap<>();
    for (String c : List.of("c0", "c1", "c2", "c3")) {
      if (v1.contains("INSERT INTO " + c + " ")) {
        expected.put(c, 20L);
      }
    }
    awaitCounts(p, expected, Map.of());
    jobs.await(id, j -> j.hasNonNull("lastCheckpoint"), Duration.ofMinutes(1));
    jobs.stop(id, true);
    assertThat(http.put("/api/v1/jobs/" + id, Map.of("script", v2, "comment", "v2")).status())
        .isEqualTo(200);
    return id;
  }

  private static Map<String, String> statuses(JsonNode plan) {
    return statementStatuses(plan.path("plan"));
  }

  /** The status of each statement of a restore plan, by sink table for an INSERT. */
  private static Map<String, String> statementStatuses(JsonNode restorePlan) {
    Map<String, String> statuses = new HashMap<>();
    for (JsonNode s : restorePlan.path("statements")) {
      String key = s.path("statement").asText();
      if (!key.startsWith("source:") && !key.equals("shared")) {
        String sink = key.replaceAll("^default_catalog\\.default_database\\.|#.*$", "");
        statuses.put(
            s.path("label").asText().startsWith("INSERT INTO") ? sink : key,
            s.path("status").asText());
      }
    }
    return statuses;
  }

  private Platform.CliResult cliUnchecked(String... args) {
    try {
      return platform.cli(args);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The updates a sink writes for 10 more events (each of n = 1), one per event: {@code first},
   * then on by {@code step}.
   */
  private static List<Long> updates(long first, long step) {
    return java.util.stream.LongStream.range(0, 10).map(i -> first + i * step).boxed().toList();
  }

  private void finish(long id) {
    jobs.stop(id, false);
  }

  @Test
  void editingTheMiddleStatementDropsOnlyItsStateAfterConfirmation() {
    String p = "se.edit";
    long id =
        runV1ThenSave(
            p, tables(p) + S1 + S2 + S3, tables(p) + S1 + S2.replace("SUM(n)", "SUM(n * 2)") + S3);

    JsonNode plan = http.get("/api/v1/jobs/" + id + "/restore-plan?savepoint=latest").body();
    assertThat(statuses(plan))
        .containsEntry("c1", "KEPT")
        .containsEntry("c2", "CHANGED")
        .containsEntry("c3", "KEPT");
    assertThat(plan.path("dropsState").asBoolean()).isTrue();
    List<String> dropping = new ArrayList<>();
    plan.path("statementsDroppingState").forEach(n -> dropping.add(n.asText()));
    assertThat(dropping).singleElement().asString().contains("c2");

    Platform.CliResult cli = cliUnchecked("jobs", "restore-plan", "state_se_edit");
    assertThat(cli.exitCode()).as(cli.output()).isZero();
    assertThat(cli.output())
        .contains("CHANGED  INSERT INTO default_catalog.default_database.c2")
        .contains("KEPT     INSERT INTO default_catalog.default_database.c1");

    // Without confirmation: refused with the plan, nothing submitted.
    Http.Response refused =
        http.post("/api/v1/jobs/" + id + "/deploy", Map.of("restore", "latest"));
    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(statementStatuses(refused.body().path("restorePlan")))
        .isEqualTo(statuses(plan))
        .hasSize(3);
    assertThat(jobs.get(id).path("state").asText()).isEqualTo("STOPPED");
    // Confirming a statement that keeps its state is a mistake, and nothing is applied.
    Http.Response wrong =
        http.post(
            "/api/v1/jobs/" + id + "/deploy",
            Map.of("restore", "latest", "confirmDrop", List.of(dropping.get(0), "c1")));
    assertThat(wrong.status()).as(wrong.raw()).isEqualTo(400);
    assertThat(jobs.get(id).path("state").asText()).isEqualTo("STOPPED");

    Map<String, Long> from = ends(p);
    Http.Response ok =
        http.post(
            "/api/v1/jobs/" + id + "/deploy", Map.of("restore", "latest", "confirmDrop", dropping));
    assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
    kafka.produce(p + ".in", KafkaTopics.countingEvents(10));
    Map<String, List<Long>> after = awaitCounts(p, Map.of("c1", 30L, "c2", 20L, "c3", 30L), from);
    assertThat(after.get("c1")).isEqualTo(updates(21, 1)); // counting on from 20
    assertThat(after.get("c3")).isEqualTo(updates(21, 1));
    assertThat(after.get("c2")).isEqualTo(updates(2, 2)); // started again from zero, doubled
    finish(id);
  }

  @Test
  void removingAStatementNeedsConfirmationAndKeepsTheRest() {
    String p = "se.remove";
    long id = runV1ThenSave(p, tables(p) + S1 + S2 + S3, tables(p) + S1 + S2);
    JsonNode plan = http.get("/api/v1/jobs/" + id + "/restore-plan").body();
    assertThat(statuses(plan))
        .containsEntry("c1", "KEPT")
        .containsEntry("c2", "KEPT")
        .containsValue("REMOVED");
    List<String> dropping = new ArrayList<>();
    plan.path("statementsDroppingState").forEach(n -> dropping.add(n.asText()));
    assertThat(dropping).singleElement().asString().contains("c3");

    jobs.deploy(id, "none"); // sanity: a deploy without restore needs no confirmation
    jobs.stop(id, false);
    Map<String, Long> from = ends(p); // after whatever the sanity run wrote
    Http.Response ok =
        http.post(
            "/api/v1/jobs/" + id + "/deploy", Map.of("restore", "latest", "confirmDrop", dropping));
    assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
    kafka.produce(p + ".in", KafkaTopics.countingEvents(10));
    Map<String, List<Long>> after = awaitCounts(p, Map.of("c1", 30L, "c2", 30L), from);
    assertThat(after.get("c1")).isEqualTo(updates(21, 1));
    assertThat(after.get("c2")).isEqualTo(updates(21, 1));
    finish(id);
  }

  @Test
  void changingOneOperatorsParallelismKeepsAllState() {
    String p = "se.parallel";
    String script = tables(p) + S1 + S2 + S3;
    long id = runV1ThenSave(p, script, script);
    String aggregate = null;
    JsonNode planned = http.get("/api/v1/jobs/" + id + "/plan").body();
    for (JsonNode v : planned.path("graph").path("vertices")) {
      for (JsonNode op : v.path("operators")) {
        if (op.path("name").asText().contains("GroupAggregate")
            && op.path("statement").asText().contains("c2#")) {
          aggregate = op.path("uid").asText();
        }
      }
    }
    assertThat(aggregate).as(planned.toString()).isNotNull();

    // Mistakes are refused and change nothing.
    assertThat(
            http.put(
                    "/api/v1/jobs/" + id + "/parallelism",
                    Map.of("operators", Map.of("stmt:nope:1", 2)))
                .status())
        .isEqualTo(400);
    assertThat(
            http.put(
                    "/api/v1/jobs/" + id + "/parallelism",
                    Map.of("operators", Map.of(aggregate, 0)))
                .status())
        .isEqualTo(400);
    Http.Response pinned =
        http.put(
            "/api/v1/jobs/" + id + "/parallelism",
            Map.of("maxParallelism", 256, "operators", Map.of()));
    assertThat(pinned.status()).as(pinned.raw()).isEqualTo(409);
    assertThat(http.get("/api/v1/jobs/" + id + "/parallelism").body().path("operators").size())
        .isZero();

    Http.Response set =
        http.put("/api/v1/jobs/" + id + "/parallelism", Map.of("operators", Map.of(aggregate, 2)));
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    assertThat(set.body().path("operators").path(aggregate).asInt()).isEqualTo(2);
    assertThat(set.body().path("maxParallelism").asInt()).isEqualTo(128);
    JsonNode plan = http.get("/api/v1/jobs/" + id + "/restore-plan").body();
    assertThat(statuses(plan))
        .containsEntry("c1", "KEPT")
        .containsEntry("c2", "KEPT")
        .containsEntry("c3", "KEPT");

    Map<String, Long> from = ends(p);
    jobs.deploy(id, "latest");
    kafka.produce(p + ".in", KafkaTopics.countingEvents(10));
    Map<String, List<Long>> after = awaitCounts(p, Map.of("c1", 30L, "c2", 30L, "c3", 30L), from);
    after.forEach((sink, values) -> assertThat(values).as(sink).isEqualTo(updates(21, 1)));
    JsonNode graph = http.get("/api/v1/jobs/" + id + "/plan").body().path("graph");
    String vertex = null;
    for (JsonNode v : graph.path("vertices")) {
      for (JsonNode op : v.path("operators")) {
        if (aggregate.equals(op.path("uid").asText())) {
          assertThat(v.path("parallelism").asInt()).isEqualTo(2);
          vertex = v.path("id").asText();
        }
      }
    }
    for (JsonNode e : graph.path("edges")) {
      if (e.path("target").asText().equals(vertex)) {
        assertThat(e.path("shipStrategy").asText()).isEqualTo("HASH");
      }
    }
    finish(id);
  }

  static final String VIEW = "CREATE VIEW valid AS SELECT * FROM events;\n";
  static final String T1 = "INSERT INTO c1 SELECT k, COUNT(*) FROM valid GROUP BY k;\n";
  static final String T2 = "INSERT INTO c2 SELECT k, SUM(n) FROM valid GROUP BY k;\n";
  static final String T3 = "INSERT INTO c3 SELECT k, COUNT(*) FROM valid WHERE n > 0 GROUP BY k;\n";
  static final String T0 = "INSERT INTO c0 SELECT k, SUM(n * 3) FROM valid GROUP BY k;\n";

  /**
   * One edit of a three-statement job: the restore plan expected per sink, and each sink's count
   * after 10 more events (30 for a kept statement that had counted 20).
   */
  record Scenario(
      String name,
      java.util.function.Function<String, String> v2,
      Map<String, String> statuses,
      Map<String, Long> finals) {
    @Override
    public String toString() {
      return name;
    }
  }

  static java.util.stream.Stream<Scenario> scenarios() {
    Map<String, Long> allKept = Map.of("c1", 30L, "c2", 30L, "c3", 30L);
    Map<String, String> kept = Map.of("c1", "KEPT", "c2", "KEPT", "c3", "KEPT");
    return java.util.stream.Stream.of(
        new Scenario(
            "add a statement at the start",
            t -> t + VIEW + T0 + T1 + T2 + T3,
            Map.of("c0", "NEW", "c1", "KEPT", "c2", "KEPT", "c3", "KEPT"),
            Map.of("c0", 30L, "c1", 30L, "c2", 30L, "c3", 30L)),
        new Scenario(
            "reorder the statements and change the job parallelism",
            t -> "SET 'parallelism.default' = '2';\n" + t + VIEW + T3 + T1 + T2,
            kept,
            allKept),
        new Scenario(
            "edit the first statement",
            t -> t + VIEW + T1.replace("COUNT(*)", "COUNT(*) * 10") + T2 + T3,
            Map.of("c1", "CHANGED", "c2", "KEPT", "c3", "KEPT"),
            Map.of("c1", 100L, "c2", 30L, "c3", 30L)),
        new Scenario(
            "edit the last statement",
            t -> t + VIEW + T1 + T2 + T3.replace("n > 0", "n >= 1"),
            Map.of("c1", "KEPT", "c2", "KEPT", "c3", "CHANGED"),
            Map.of("c1", 30L, "c2", 30L, "c3", 10L)),
        new Scenario(
            "change only the aggregate function of statement 2",
            t -> t + VIEW + T1 + T2.replace("SUM(n)", "COUNT(n)") + T3,
            Map.of("c1", "KEPT", "c2", "CHANGED", "c3", "KEPT"),
            Map.of("c1", 30L, "c2", 10L, "c3", 30L)),
        new Scenario(
            "add a statement in the middle",
            t -> t + VIEW + T1 + T0 + T2 + T3,
            Map.of("c0", "NEW", "c1", "KEPT", "c2", "KEPT", "c3", "KEPT"),
            Map.of("c0", 30L, "c1", 30L, "c2", 30L, "c3", 30L)),
        new Scenario(
            "add a statement at the end",
            t -> t + VIEW + T1 + T2 + T3 + T0,
            Map.of("c0", "NEW", "c1", "KEPT", "c2", "KEPT", "c3", "KEPT"),
            Map.of("c0", 30L, "c1", 30L, "c2", 30L, "c3", 30L)),
        new Scenario(
            "add a filter to the shared source path",
            t -> t + VIEW.replace("FROM events", "FROM events WHERE n >= 0") + T1 + T2 + T3,
            kept,
            allKept),
        new Scenario(
            "change a sink's connector option",
            t ->
                t.replaceFirst("('topic' = '[^']*\\.c1',)", "$1 'sink.parallelism' = '1',")
                    + VIEW
                    + T1
                    + T2
                    + T3,
            kept,
            allKept));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("scenarios")
  void editsKeepTheStateOfEveryStatementTheyDoNotTouch(Scenario scenario) {
    int index = (int) scenarios().takeWhile(x -> !x.name().equals(scenario.name())).count();
    String p = "se.s" + index;
    String v2 = scenario.v2().apply(tables(p));
    assertThat(v2).isNotEqualTo(tables(p) + VIEW + T1 + T2 + T3);
    long id = runV1ThenSave(p, tables(p) + VIEW + T1 + T2 + T3, v2);
    JsonNode plan = http.get("/api/v1/jobs/" + id + "/restore-plan").body();
    Map<String, String> statuses = statuses(plan);
    scenario
        .statuses()
        .forEach(
            (sink, status) -> assertThat(statuses).as(plan.toString()).containsEntry(sink, status));
    List<String> dropping = new ArrayList<>();
    plan.path("statementsDroppingState").forEach(n -> dropping.add(n.asText()));

    Map<String, Long> from = ends(p);
    Http.Response deployed =
        http.post(
            "/api/v1/jobs/" + id + "/deploy", Map.of("restore", "latest", "confirmDrop", dropping));
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
    kafka.produce(p + ".in", KafkaTopics.countingEvents(10));
    Map<String, List<Long>> after = awaitCounts(p, scenario.finals(), from);
    // A kept statement counts on from its 20 by one per event; a new or changed one starts from
    // zero and reaches its final value in 10 equal steps.
    scenario
        .statuses()
        .forEach(
            (sink, status) -> {
              long last = scenario.finals().get(sink);
              assertThat(after.get(sink))
                  .as(sink + " " + status)
                  .isEqualTo(
                      status.equals("KEPT") ? updates(last - 9, 1) : updates(last / 10, last / 10));
            });
    finish(id);
  }

  @Test
  void restorePlanOfAMissingOrCorruptSavepointIsABadRequest() throws Exception {
    long id = jobs.create("state_bad_savepoint", tables("se.bad") + S1);
    Http.Response missing =
        http.get("/api/v1/jobs/" + id + "/restore-plan?savepoint=file:///no/such/savepoint");
    assertThat(missing.status()).as(missing.raw()).isEqualTo(400);
    java.nio.file.Path corrupt = platform.dataDir.resolve("corrupt-savepoint");
    java.nio.file.Files.createDirectories(corrupt);
    java.nio.file.Files.writeString(corrupt.resolve("_metadata"), "not a savepoint");
    Http.Response bad =
        http.get("/api/v1/jobs/" + id + "/restore-plan?savepoint=" + corrupt.toUri());
    assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
    assertThat(bad.body().path("detail").asText()).contains("cannot be read");
    Http.Response none = http.get("/api/v1/jobs/" + id + "/restore-plan");
    assertThat(none.status()).as(none.raw()).isEqualTo(409); // no savepoint yet
  }
}
