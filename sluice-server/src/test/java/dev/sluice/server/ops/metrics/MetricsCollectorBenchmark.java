package dev.sluice.server.ops.metrics;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.fakes.InMemoryClusterStore;
import dev.sluice.server.fakes.InMemoryJobStore;
import dev.sluice.server.fakes.MutableClock;
import dev.sluice.server.jobs.JobState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Not a test: the collector watching many jobs of six vertices each against a local simulated Flink
 * REST endpoint that serves recorded-shape answers, with the history on embedded H2. Prints the CPU
 * the collector's threads, its HTTP client's and the caller's (which records) spend per cycle (the
 * simulated endpoint's own threads are not counted) and the REST requests per cycle. A real cluster
 * of 500 jobs does not fit on a small machine, hence the simulation. Run: {@code java -cp <test
 * class path> dev.sluice.server.ops.metrics.MetricsCollectorBenchmark [jobs] [cycles]}.
 */
public final class MetricsCollectorBenchmark {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private MetricsCollectorBenchmark() {}

  public static void main(String[] args) {
    int jobCount = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    MutableClock clock = new MutableClock();
    InMemoryJobStore jobs = new InMemoryJobStore(clock);
    InMemoryClusterStore clusters = new InMemoryClusterStore();
    try (FakeFlinkRest flink = new FakeFlinkRest()) {
      flink.taskManagers(
          "taskmanagers.json",
          Map.of(
              "localhost:43875-4d5e6f", "taskmanager-1.json",
              "localhost:43901-8a9b0c", "taskmanager-2.json"));
      Cluster cluster = clusters.insert("local", "LOCAL", flink.url());
      JsonNode restarts = FakeFlinkRest.resource("job-orders-restarts.json");
      JsonNode checkpoints = FakeFlinkRest.resource("job-orders-checkpoints.json");
      JsonNode source = FakeFlinkRest.resource("vertex-5039292525804657a88624bcd026a442.json");
      JsonNode middle = FakeFlinkRest.resource("vertex-e0c7745b52e4a901674387ed3604b8d3.json");
      JsonNode sink = FakeFlinkRest.resource("vertex-666079dcf410e83224b55e0999717179.json");
      for (int j = 0; j < jobCount; j++) {
        String flinkJobId = String.format(Locale.ROOT, "%032x", j + 1);
        ObjectNode details = JSON.createObjectNode();
        details.put("jid", flinkJobId).put("state", "RUNNING").put("start-time", 1796168421707L);
        details.put("now", 1796168500000L);
        ArrayNode vertices = details.putArray("vertices");
        ArrayNode nodes = details.putObject("plan").putArray("nodes");
        for (int v = 0; v < 6; v++) {
          String vertexId = String.format(Locale.ROOT, "%016x%016x", j + 1, v + 1);
          vertices
              .addObject()
              .put("id", vertexId)
              .put("name", "vertex " + v)
              .put("status", "RUNNING");
          ObjectNode node = nodes.addObject().put("id", vertexId);
          if (v > 0) {
            node.putArray("inputs")
                .addObject()
                .put("num", 0)
                .put("id", String.format(Locale.ROOT, "%016x%016x", j + 1, v));
          }
          flink.vertex(flinkJobId, vertexId, v == 0 ? source : v == 5 ? sink : middle);
        }
        flink.job(flinkJobId, details, restarts, checkpoints);
        long id = jobs.insert("job_" + j, "SQL", cluster.id(), "demo");
        jobs.markSubmitting(id, flinkJobId, 1);
        jobs.updateState(id, JobState.RUNNING, null);
      }
      MetricsCollector collector =
          new MetricsCollector(
              jobs,
              clusters,
              new JdbcMetricHistory(TestDatabases.migrated("h2"), MetricsProperties.defaults()),
              e -> {},
              JSON,
              clock,
              MetricsProperties.defaults());
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      collector.collect(); // warm-up: reads every vertex's names once
      for (int c = 0; c < cycles; c++) {
        clock.advance(Duration.ofSeconds(15));
        long requests = collector.requests();
        long cpu = collectorCpu(threads);
        long wall = System.nanoTime();
        MetricsCollected event = collector.collect();
        long cpuMs = (collectorCpu(threads) - cpu) / 1_000_000;
        long wallMs = (System.nanoTime() - wall) / 1_000_000;
        long sent = collector.requests() - requests;
        System.out.printf(
            Locale.ROOT,
            "cycle %d: %d jobs, %d requests (%.1f/s at 15 s), CPU %d ms (%.3f cores at 15 s),"
                + " wall %d ms%n",
            c + 1,
            event.jobIds().size(),
            sent,
            sent / 15.0,
            cpuMs,
            cpuMs / 15_000.0,
            wallMs);
      }
      collector.close();
    }
  }

  /** CPU nanoseconds of the calling thread, the collector's pool and its HTTP client's threads. */
  private static long collectorCpu(ThreadMXBean threads) {
    long total = threads.getCurrentThreadCpuTime();
    for (long id : threads.getAllThreadIds()) {
      var info = threads.getThreadInfo(id);
      if (info != null
          && (info.getThreadName().startsWith("metrics-collector-")
              || info.getThreadName().startsWith("HttpClient-"))) {
        total += Math.max(0, threads.getThreadCpuTime(id));
      }
    }
    return total;
  }
}
