package dev.sluice.server.ops.metrics;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads a cluster's TaskManagers: how many there are, and each one's heap, GC time and CPU load.
 * Unlike the aggregated subtask metrics, a single TaskManager's metrics answer has every requested
 * name that exists and leaves out the others (the GC rate exists from Flink 1.19 on), so no list of
 * names is read first.
 */
final class TaskManagerMetricsCollector {
  static final Map<String, String> METRICS = new LinkedHashMap<>();

  static {
    METRICS.put("Status.JVM.Memory.Heap.Used", MetricNames.TM_HEAP_USED);
    METRICS.put("Status.JVM.GarbageCollector.All.TimeMsPerSecond", MetricNames.TM_GC_TIME);
    METRICS.put("Status.JVM.CPU.Load", MetricNames.TM_CPU);
  }

  private static final String GET =
      METRICS.keySet().stream()
          .map(n -> URLEncoder.encode(n, StandardCharsets.UTF_8))
          .collect(Collectors.joining(","));

  private final FlinkRestClient rest;

  TaskManagerMetricsCollector(FlinkRestClient rest) {
    this.rest = rest;
  }

  /**
   * A cluster's TaskManagers.
   *
   * @param count how many are registered
   * @param values per TaskManager id, metric name of {@link MetricNames} to value
   */
  record TaskManagers(int count, Map<String, Map<String, Double>> values) {}

  /**
   * @throws FlinkRestClient.FlinkRestException if the cluster cannot be asked
   */
  TaskManagers collect(String restUrl) {
    List<String> ids = new ArrayList<>();
    for (JsonNode tm : rest.get(restUrl, "/taskmanagers").path("taskmanagers")) {
      ids.add(tm.path("id").asString());
    }
    Map<String, Map<String, Double>> values = new LinkedHashMap<>();
    for (String id : ids) {
      Map<String, Double> flink;
      try {
        flink =
            FlinkJsonValues.values(
                rest.get(
                    restUrl,
                    "/taskmanagers/"
                        + URLEncoder.encode(id, StandardCharsets.UTF_8)
                        + "/metrics?get="
                        + GET));
      } catch (FlinkRestClient.NotFound e) {
        continue; // it left between the two requests
      }
      Map<String, Double> tm = new LinkedHashMap<>();
      METRICS.forEach(
          (flinkName, name) -> {
            Double v = flink.get(flinkName);
            if (v != null && !Double.isNaN(v)) {
              tm.put(name, v);
            }
          });
      if (!tm.isEmpty()) {
        values.put(id, tm);
      }
    }
    return new TaskManagers(ids.size(), values);
  }
}
