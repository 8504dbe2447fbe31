package dev.sluice.server.ops.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  private final FlinkRestClient rest;

  TaskManagerMetricsCollector(FlinkRestClient rest) {
    this.rest = rest;
  }

  /**
   * A cluster's TaskManagers.
   *
   * @param count how many are registered (and answered)
   * @param values per TaskManager id, metric name of {@link MetricNames} to value
   */
  record TaskManagers(List<String> ids, Map<String, Map<String, Double>> values) {
    int count() {
      return ids.size();
    }

    /** The same without the TaskManagers given (ones known to be dead but still listed). */
    TaskManagers without(java.util.Set<String> dead) {
      Map<String, Map<String, Double>> kept = new LinkedHashMap<>(values);
      kept.keySet().removeAll(dead);
      return new TaskManagers(ids.stream().filter(id -> !dead.contains(id)).toList(), kept);
    }
  }

  /**
   * @throws FlinkRestClient.FlinkRestException if the cluster cannot be asked
   */
  TaskManagers collect(String restUrl) {
    Map<String, Map<String, Double>> read =
        TaskManagerMetrics.read(rest, restUrl, List.copyOf(METRICS.keySet()));
    Map<String, Map<String, Double>> values = new LinkedHashMap<>();
    read.forEach(
        (id, flink) -> {
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
        });
    return new TaskManagers(List.copyOf(read.keySet()), values);
  }
}
