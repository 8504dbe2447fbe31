package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A jar job on the real cluster: a DataStream program built here from sources, with a keyed count
 * in a uid'd operator, uploaded as an artifact and run as a job of type JAR. Stopped with a
 * savepoint and started again, its counts go on where they stopped; after a kill -9 of the server
 * it is re-attached, not submitted again. Its main runs in a JVM of its own to build the graph.
 */
@Order(63)
class JarJobIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Jobs jobs = new Jobs(http);

  private static final String PROGRAM =
      """
      package com.acme.jobs;

      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.nio.file.StandardOpenOption;
      import org.apache.flink.api.common.eventtime.WatermarkStrategy;
      import org.apache.flink.api.common.state.ValueState;
      import org.apache.flink.api.common.state.ValueStateDescriptor;
      import org.apache.flink.api.common.typeinfo.Types;
      import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
      import org.apache.flink.configuration.Configuration;
      import org.apache.flink.connector.datagen.source.DataGeneratorSource;
      import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
      import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
      import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
      import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
      import org.apache.flink.util.Collector;

      /** Counts numbers by n % 3 and appends "key,count" lines to a file. */
      public class CountJob {
        public static void main(String[] args) throws Exception {
          if (args.length < 2) {
            throw new IllegalArgumentException("usage: CountJob <output file> <rows per second>");
          }
          StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
          DataGeneratorSource<Long> source =
              new DataGeneratorSource<>(
                  i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(Long.parseLong(args[1])),
                  Types.LONG);
          SingleOutputStreamOperator<String> counts =
              env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
                  .uid("numbers")
                  .keyBy(n -> n % 3, Types.LONG)
                  .process(new Counter());
          if (!(args.length > 2 && args[2].equals("no-uid"))) {
            counts.uid("counter");
          }
          counts.addSink(new Append(args[0])).uid("append").name("append");
          env.execute("count job");
        }

        public static class Counter extends KeyedProcessFunction<Long, Long, String> {
          private transient ValueState<Long> count;

          @Override
          public void open(Configuration parameters) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
          }

          @Override
          public void processElement(Long n, Context ctx, Collector<String> out) throws Exception {
            long c = count.value() == null ? 1 : count.value() + 1;
            count.update(c);
            out.collect(ctx.getCurrentKey() + "," + c);
          }
        }

        public static class Append extends RichSinkFunction<String> {
          private final String path;

          public Append(String path) {
            this.path = path;
          }

          @Override
          public void invoke(String line, Context context) throws Exception {
            Files.writeString(Path.of(path), line + "\\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          }
        }
      }
      """;

  private static Http.Response expect(int status, Http.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    return r;
  }

  @Test
  void aJarJobKeepsItsKeyedStateAcrossAStopAndSurvivesAServerCrash() throws Exception {
    Path work = Files.createDirectories(platform.dataDir.resolve("jar-job-it"));
    byte[] jar =
        UdfJars.build(work, Map.of("com.acme.jobs.CountJob", PROGRAM), "com.acme.jobs.CountJob");
    JsonNode uploaded =
        expect(
                201,
                http.postMultipart(
                    "/api/v1/artifacts",
                    Map.of("name", "count-job", "project", "demo"),
                    "count-job.jar",
                    jar))
            .body();
    assertThat(uploaded.path("entryClass").asText()).isEqualTo("com.acme.jobs.CountJob");
    assertThat(uploaded.path("mainClasses").toString()).isEqualTo("[\"com.acme.jobs.CountJob\"]");

    Path out = work.resolve("counts.txt");
    // A class without a main is refused where it is named.
    Http.Response wrongClass =
        http.post(
            "/api/v1/jobs",
            Map.of(
                "name",
                "jar_wrong_class",
                "type",
                "JAR",
                "artifact",
                "count-job",
                "entryClass",
                "com.acme.jobs.Nope",
                "args",
                List.of(out.toString(), "20")));
    assertThat(wrongClass.status()).as(wrongClass.raw()).isEqualTo(400);
    assertThat(wrongClass.body().path("detail").asText())
        .isEqualTo(
            "entryClass: count-job:1 has no public class com.acme.jobs.Nope with a main method;"
                + " it has com.acme.jobs.CountJob");

    // The entry class comes from the manifest; the version is the latest.
    Http.Response created =
        http.post(
            "/api/v1/jobs",
            Map.of(
                "name",
                "jar_counts",
                "type",
                "JAR",
                "artifact",
                "count-job",
                "args",
                List.of(out.toString(), "40"),
                "parallelism",
                1));
    long id = expect(201, created).body().path("id").asLong();
    JsonNode v1 = expect(200, http.get("/api/v1/jobs/" + id + "/versions/1")).body();
    JsonNode settings = Http.JSON.readTree(v1.path("script").asText());
    assertThat(settings.path("artifact").asText()).isEqualTo("count-job");
    assertThat(settings.path("version").asInt()).isEqualTo(1);
    assertThat(settings.path("entryClass").asText()).isEqualTo("com.acme.jobs.CountJob");
    assertThat(settings.path("args").toString()).isEqualTo("[\"" + out + "\",\"40\"]");

    // The plan, built by the program's main: the counter's uid, no warning.
    JsonNode plan = expect(200, http.get("/api/v1/jobs/" + id + "/plan")).body();
    assertThat(plan.path("planText").asText())
        .isEqualTo("Jar job: com.acme.jobs.CountJob of count-job:1\n");
    assertThat(plan.path("graph").findValuesAsText("uid")).contains("numbers", "counter", "append");

    jobs.deploy(id, "none");
    jobs.awaitRunning(id);
    awaitLines(out, 60);
    JsonNode stopped = jobs.stop(id, true);
    assertThat(stopped.path("savepointPath").asText()).as(stopped.toString()).isNotEmpty();
    assertThat(stopped.path("job").path("state").asText()).isEqualTo("STOPPED");
    Map<Long, List<Long>> before = counts(out);
    long firstRun = before.values().stream().mapToLong(List::size).sum();

    // Restored from the savepoint, every key counts on from where it stopped.
    jobs.deploy(id, "latest");
    JsonNode running = jobs.awaitRunning(id);
    String flinkJobId = running.path("flinkJobId").asText();
    awaitLines(out, firstRun + 60);

    // kill -9 of the server: the job keeps running and is re-attached, not submitted again.
    platform.killServer();
    platform.start();
    JsonNode again =
        jobs.await(id, j -> "RUNNING".equals(j.path("flinkState").asText()), Duration.ofMinutes(1));
    assertThat(again.path("flinkJobId").asText()).isEqualTo(flinkJobId);
    List<String> named = new ArrayList<>();
    for (JsonNode j : new Http(platform.flinkUrl()).get("/jobs/overview").body().path("jobs")) {
      if (j.path("name").asText().equals("jar_counts")
          && j.path("state").asText().equals("RUNNING")) {
        named.add(j.path("jid").asText());
      }
    }
    assertThat(named).containsExactly(flinkJobId);
    jobs.stop(id, true);

    Map<Long, List<Long>> after = counts(out);
    assertThat(after.keySet()).containsExactly(0L, 1L, 2L);
    for (Map.Entry<Long, List<Long>> e : after.entrySet()) {
      List<Long> seen = e.getValue();
      List<Long> consecutive = new ArrayList<>();
      for (long c = 1; c <= seen.size(); c++) {
        consecutive.add(c);
      }
      // 1, 2, ... without a gap or a repeat across the two runs: the count was restored.
      assertThat(seen).as("key " + e.getKey()).isEqualTo(consecutive);
      assertThat(seen.size()).isGreaterThan(before.get(e.getKey()).size());
    }

    // A new version of the settings is a diff of their lines.
    expect(
        200,
        http.put("/api/v1/jobs/" + id, Map.of("args", List.of(out.toString(), "50", "no-uid"))));
    JsonNode diff = expect(200, http.get("/api/v1/jobs/" + id + "/diff?from=1&to=2")).body();
    String text = diff.path("diff").asText();
    assertThat(text).contains("-  \"args\" : [ \"" + out + "\", \"40\" ],");
    assertThat(text).contains("+  \"args\" : [ \"" + out + "\", \"50\", \"no-uid\" ],");
    // Without its uid the counter's state would not survive a change of the program: the plan
    // says so.
    assertThat(
            expect(200, http.get("/api/v1/jobs/" + id + "/plan")).body().path("planText").asText())
        .contains(
            "WARNING: Operator 'KeyedProcess' keeps state but has no uid: a change of the program"
                + " can change its id, and its state is then lost; set .uid(\"...\") on it");

    // A program that fails in its main: its own message, at validate and deploy.
    Http.Response broken =
        http.post(
            "/api/v1/jobs",
            Map.of(
                "name", "jar_broken", "type", "JAR", "artifact", "count-job", "args", List.of()));
    long brokenId = expect(201, broken).body().path("id").asLong();
    Http.Response invalid = http.post("/api/v1/jobs/" + brokenId + "/validate", Map.of());
    assertThat(invalid.status()).as(invalid.raw()).isEqualTo(422);
    assertThat(invalid.body().path("errors").get(0).path("message").asText())
        .isEqualTo(
            "The program of count-job:1 did not build a job: IllegalArgumentException: usage:"
                + " CountJob <output file> <rows per second>");
    Http.Response deploy = http.post("/api/v1/jobs/" + brokenId + "/deploy", Map.of());
    assertThat(deploy.status()).as(deploy.raw()).isEqualTo(422);
  }

  private static void awaitLines(Path file, long lines) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(file) && Files.readAllLines(file).size() >= lines) {
        return;
      }
      Platform.sleep(200);
    }
    throw new AssertionError(file + " did not reach " + lines + " lines");
  }

  /** The counts written per key, in the order written. */
  private static Map<Long, List<Long>> counts(Path file) throws Exception {
    Map<Long, List<Long>> counts = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(",");
      counts
          .computeIfAbsent(Long.parseLong(f[0]), k -> new ArrayList<>())
          .add(Long.parseLong(f[1]));
    }
    return counts;
  }
}
