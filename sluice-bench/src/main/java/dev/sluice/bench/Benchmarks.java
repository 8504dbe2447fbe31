package dev.sluice.bench;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.EngineLoader;
import dev.sluice.engine.api.LocalCluster;
import dev.sluice.engine.api.LocalClusterSpec;
import dev.sluice.engine.api.lineage.ColumnLineage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Prints the foundation's figures, each beside a baseline measured in the same run. */
public final class Benchmarks {
  private static final String ENDLESS =
      "CREATE TABLE src (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '10');\n"
          + "CREATE TABLE dst (n BIGINT) WITH ('connector' = 'blackhole');\n"
          + "INSERT INTO dst SELECT n FROM src;";

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    Path dist = Path.of(args[0]).toAbsolutePath();
    Path engineHome = dist.resolve("engine/flink-1.20");
    NexmarkScripts nexmark = new NexmarkScripts(Path.of(args[1]));
    Path work = Files.createTempDirectory("sluice-bench");
    System.out.println(
        "# Sluice benchmarks (" + Runtime.getRuntime().availableProcessors() + " cores)");
    if (args.length > 2 && args[2].equals("server")) {
      serverIdleRss(dist, work);
      return;
    }
    if (args.length > 2 && args[2].equals("tuning")) {
      serverIdleRss(dist, work, "tuning");
      return;
    }
    if (args.length > 2 && args[2].equals("sync")) {
      serverIdleRss(dist, work, "sync");
      return;
    }
    if (args.length > 2 && args[2].equals("validate")) {
      ValidateBenchmark.run(engineHome);
      return;
    }
    if (args.length > 2 && args[2].equals("compile")) {
      compileTimes(engineHome, nexmark, work);
      return;
    }
    if (args.length > 2 && args[2].equals("lineage")) {
      try (Engine engine = EngineLoader.load(engineHome)) {
        lineageVsCompile(engine, nexmark);
      }
      return;
    }
    compileTimes(engineHome, nexmark, work);
    try (Engine engine = EngineLoader.load(engineHome)) {
      uidPassOverhead(engine, nexmark);
      lineageVsCompile(engine, nexmark);
      clusterFigures(engine, work);
    }
    serverIdleRss(dist, work);
  }

  private static void compileTimes(Path engineHome, NexmarkScripts nexmark, Path work)
      throws Exception {
    System.out.println(
        "\n## Compile (script -> job graph and plan text), Nexmark queries as INSERTs");
    System.out.println(
        "Warm: the server's long-lived engine, median of 10, the two paths interleaved. Planned"
            + " twice: the path before plan-once (translate for the graph, explain again for the"
            + " text), measured in the same run.");
    System.out.println(
        "| INSERTs | cold: first compile in a fresh JVM (ms) | engine load (ms) | warm, planned twice (ms) | warm, planned once (ms) | twice / once | cold / warm |");
    System.out.println("|---|---|---|---|---|---|---|");
    try (Engine engine = EngineLoader.load(engineHome)) {
      for (int i = 0; i < 5; i++) {
        engine.explain(CompileRequest.of("warmup", nexmark.script(20)));
        engine.explain(twice("warmup", nexmark.script(20)));
      }
      for (int size : List.of(1, 5, 20)) {
        String script = nexmark.script(size);
        Path file = work.resolve("nexmark-" + size + ".sql");
        Files.writeString(file, script);
        long[] cold = coldCompile(engineHome, file);
        List<Long> once = new ArrayList<>();
        List<Long> planTwice = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          long t = System.nanoTime();
          engine.explain(twice("warm", script));
          planTwice.add((System.nanoTime() - t) / 1_000_000);
          t = System.nanoTime();
          engine.explain(CompileRequest.of("warm", script));
          once.add((System.nanoTime() - t) / 1_000_000);
        }
        long median = median(once);
        System.out.printf(
            Locale.ROOT,
            "| %d | %d | %d | %d | %d | %.2fx | %.1fx |%n",
            size,
            cold[1],
            cold[0],
            median(planTwice),
            median,
            median(planTwice) / (double) Math.max(1, median),
            cold[1] / (double) Math.max(1, median));
      }
    }
  }

  /** The compile path before plan-once, kept in the engine behind an option for this figure. */
  private static CompileRequest twice(String name, String script) {
    return new CompileRequest(
        name, script, java.util.Map.of("sluice.compile-path", "translate-then-explain"));
  }

  /** Warm compile of the 20-INSERT script with and without the stable-uid pass, interleaved. */
  private static void uidPassOverhead(Engine engine, NexmarkScripts nexmark) {
    String script = nexmark.script(20);
    CompileRequest plain =
        new CompileRequest(
            "plain", script, java.util.Map.of("sluice.operator-ids", "flink-default"));
    CompileRequest stable = CompileRequest.of("stable", script);
    for (int i = 0; i < 3; i++) {
      engine.explain(plain);
      engine.explain(stable);
    }
    List<Long> plainMs = new ArrayList<>();
    List<Long> stableMs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long t = System.nanoTime();
      engine.explain(plain);
      plainMs.add((System.nanoTime() - t) / 1_000_000);
      t = System.nanoTime();
      engine.explain(stable);
      stableMs.add((System.nanoTime() - t) / 1_000_000);
    }
    System.out.println("\n## Stable-uid pass, 20-INSERT Nexmark script, warm, median of 10");
    System.out.println("| Flink default ids (ms) | with stable uids (ms) | ratio |");
    System.out.println("|---|---|---|");
    System.out.printf(
        Locale.ROOT,
        "| %d | %d | %.2f |%n",
        median(plainMs),
        median(stableMs),
        median(stableMs) / (double) Math.max(1, median(plainMs)));
  }

  /**
   * Lineage of the 20-INSERT script (which validates it too: the statements are optimized together)
   * against compiling it to a job graph and against validating it, warm, interleaved.
   */
  private static void lineageVsCompile(Engine engine, NexmarkScripts nexmark) {
    CompileRequest request = CompileRequest.of("lineage", nexmark.script(20));
    for (int i = 0; i < 3; i++) {
      engine.explain(request);
      engine.lineage(request);
      engine.validate(request);
    }
    List<Long> compileMs = new ArrayList<>();
    List<Long> lineageMs = new ArrayList<>();
    List<Long> validateMs = new ArrayList<>();
    int columns = 0;
    long unknown = 0;
    for (int i = 0; i < 10; i++) {
      long t = System.nanoTime();
      engine.explain(request);
      compileMs.add((System.nanoTime() - t) / 1_000_000);
      t = System.nanoTime();
      var lineage = engine.lineage(request);
      lineageMs.add((System.nanoTime() - t) / 1_000_000);
      columns = lineage.statements().stream().mapToInt(st -> st.columns().size()).sum();
      unknown =
          lineage.statements().stream()
              .flatMap(st -> st.columns().stream())
              .filter(c -> c.status() == ColumnLineage.Status.UNKNOWN)
              .count();
      t = System.nanoTime();
      engine.validate(request);
      validateMs.add((System.nanoTime() - t) / 1_000_000);
    }
    System.out.println(
        "\n## Lineage of the 20-INSERT Nexmark script ("
            + columns
            + " sink columns, "
            + unknown
            + " of unknown origin), warm, median of 10");
    System.out.println(
        "| compile to job graph (ms) | lineage incl. validation (ms) | validate (ms) | lineage / compile |");
    System.out.println("|---|---|---|---|");
    System.out.printf(
        Locale.ROOT,
        "| %d | %d | %d | %.2f |%n",
        median(compileMs),
        median(lineageMs),
        median(validateMs),
        median(lineageMs) / (double) Math.max(1, median(compileMs)));
  }

  private static long[] coldCompile(Path engineHome, Path script) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ColdCompile.class.getName(),
                engineHome.toString(),
                script.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("cold compile failed: " + out);
    }
    String[] lines = out.split("\n");
    String[] parts = lines[lines.length - 1].trim().split(" ");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
  }

  private static void clusterFigures(Engine engine, Path work) throws Exception {
    System.out.println("\n## Local cluster");
    LocalCluster cluster =
        engine.localCluster(
            new LocalClusterSpec(work.resolve("flink"), freePort(), 4, "1728m", "1024m"));
    long t = System.nanoTime();
    cluster.start();
    long startMs = (System.nanoTime() - t) / 1_000_000;
    try {
      ClusterClient client = engine.cluster(cluster.restUrl());
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String jobId = HexFormat.of().formatHex(uuid());
        long s = System.nanoTime();
        var outcome =
            engine
                .compile(CompileRequest.of("bench-" + i, ENDLESS), jobId, null)
                .submit(cluster.restUrl());
        if (!(outcome instanceof dev.sluice.engine.api.SubmitOutcome.Accepted)) {
          throw new IllegalStateException("The benchmark job was not accepted: " + outcome);
        }
        while (!client.job(jobId).map(j -> j.state().name().equals("RUNNING")).orElse(false)) {
          Thread.sleep(20);
        }
        latencies.add((System.nanoTime() - s) / 1_000_000);
        client.cancel(jobId);
      }
      long median = median(latencies);
      System.out.println("| figure | ms |");
      System.out.println("|---|---|");
      System.out.println(
          "| cluster start (JobManager + TaskManager, until a TaskManager is registered) | "
              + startMs
              + " |");
      System.out.println("| compile + submit -> RUNNING, median of 5 | " + median + " |");
      System.out.printf(
          Locale.ROOT,
          "| submit -> RUNNING as a share of cluster start | %.2f |%n",
          median / (double) startMs);
    } finally {
      cluster.stop();
    }
  }

  /** A small script whose first step is a view over sample rows. */
  private static final String DEBUG_BODY =
      "{\"script\": \"CREATE TABLE orders (id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');"
          + " CREATE TABLE out1 (id BIGINT, amount DOUBLE) WITH ('connector' = 'blackhole');"
          + " CREATE VIEW big AS SELECT id, amount FROM orders WHERE amount > 10;"
          + " INSERT INTO out1 SELECT id, amount * 2 FROM big;\","
          + " \"samples\": {\"orders\": {\"rows\": [{\"id\": 1, \"amount\": 50}, {\"id\": 2, \"amount\": 5}]}}}";

  /**
   * Start of a debug run to the first row of its first step, on the warm local cluster: one run to
   * warm up, then the median of five (each run is compiled, submitted, run, and its taps post).
   */
  private static void debugFirstRow(HttpClient http, int port) throws Exception {
    String base = "http://localhost:" + port + "/api/v1/debug-runs";
    List<Long> firstRow = new ArrayList<>();
    List<Long> accepted = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> started =
          http.send(
              BenchToken.authorized(HttpRequest.newBuilder(URI.create(base)))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(DEBUG_BODY))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long t1 = System.nanoTime();
      if (started.statusCode() != 201) {
        System.out.println("debug run refused: " + started.body());
        return;
      }
      String id = started.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline) {
        String rows =
            http.send(
                    BenchToken.authorized(
                            HttpRequest.newBuilder(URI.create(base + "/" + id + "/steps/big/rows")))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (rows.contains("seq")) {
          break;
        }
        Thread.sleep(20);
      }
      long t2 = System.nanoTime();
      if (i > 0) {
        accepted.add((t1 - t0) / 1_000_000);
        firstRow.add((t2 - t0) / 1_000_000);
      }
    }
    System.out.println(
        "\n## Debug run: start to the first row of the first step, warm local cluster, median of 5");
    System.out.println(
        "| start accepted (compile + submit, ms) | first row of the first step (ms) |");
    System.out.println("|---|---|");
    System.out.println("| " + median(accepted) + " | " + median(firstRow) + " |");
  }

  private static void serverIdleRss(Path dist, Path work) throws Exception {
    serverIdleRss(dist, work, "all");
  }

  /**
   * Starts a server of its own and prints its figures: idle memory, debug runs, metric groups and
   * tuning advice; {@code tuning}: only the last; {@code sync}: only the sync benchmark, on a
   * cluster with the slots its 10 SQL jobs need.
   */
  private static void serverIdleRss(Path dist, Path work, String only) throws Exception {
    boolean onlyTuning = only.equals("tuning");
    if (only.equals("all")) {
      System.out.println("\n## Idle memory (RSS) of ./sluice start, 20 s after start-up, no jobs");
    }
    int port = freePort();
    int flinkPort = freePort();
    int kafkaPort = freePort();
    Path data = work.resolve("server");
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            dist.resolve("bin/sluice").toString(),
            "start",
            "--port",
            Integer.toString(port),
            "--data-dir",
            data.toString());
    pb.environment()
        .put(
            "SLUICE_SERVER_ARGS",
            "--sluice.local-cluster.rest-port="
                + flinkPort
                + " --sluice.local-kafka.port="
                + kafkaPort
                + " --sluice.demo=false"
                + (only.equals("sync")
                    ? " --sluice.local-cluster.task-slots=12"
                        + " --sluice.local-cluster.task-manager-memory=3072m"
                    : ""));
    pb.redirectErrorStream(true).redirectOutput(work.resolve("server.out").toFile());
    Process launcher = pb.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.currentTimeMillis() + 180_000;
      while (System.currentTimeMillis() < deadline) {
        try {
          if (http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://localhost:" + port + "/api/v1/health"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200) {
            break;
          }
        } catch (IOException e) {
          Thread.sleep(500);
        }
      }
      BenchToken.read(data);
      if (onlyTuning) {
        new TuningBenchmark(port).run();
        return;
      }
      if (only.equals("sync")) {
        String maria = System.getenv("SLUICE_BENCH_MYSQL_URL");
        new SyncBenchmark(
                port,
                "http://localhost:" + flinkPort,
                "localhost:" + kafkaPort,
                URI.create(maria.substring("jdbc:".length())))
            .run();
        return;
      }
      Thread.sleep(20_000);
      System.out.println("| process | RSS (MiB) |");
      System.out.println("|---|---|");
      String dataDir = data.toString();
      for (String role : List.of("server", "flink-jobmanager", "flink-taskmanager", "kafka")) {
        ProcessHandle.allProcesses()
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .map(c -> c.contains("sluice.role=" + role) && c.contains(dataDir))
                        .orElse(false))
            .findFirst()
            .ifPresent(p -> System.out.println("| " + role + " | " + rssMiB(p.pid()) + " |"));
      }
      debugFirstRow(http, port);
      new MetricsBenchmark(port, "http://localhost:" + flinkPort, "localhost:" + kafkaPort).run();
      new TuningBenchmark(port).run();
    } finally {
      Process stop =
          new ProcessBuilder(
                  "bash",
                  "-c",
                  "SLUICE_DATA_DIR='" + data + "' bash '" + dist.resolve("bin/sluice") + "' stop")
              .start();
      stop.waitFor();
      launcher.waitFor();
    }
  }

  private static long rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static byte[] uuid() {
    UUID u = UUID.randomUUID();
    return java.nio.ByteBuffer.allocate(16)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
