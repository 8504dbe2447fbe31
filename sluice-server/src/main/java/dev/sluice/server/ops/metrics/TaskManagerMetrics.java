package dev.sluice.server.ops.metrics;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A cluster's TaskManagers and some of each one's metrics, by Flink's names. A single TaskManager's
 * metrics answer has every requested name that exists and leaves out the others, so no list of
 * names is read first.
 */
public final class TaskManagerMetrics {
  private TaskManagerMetrics() {}

  /**
   * Per TaskManager id (in Flink's order), the requested metrics it has; a TaskManager that left
   * between the two requests is left out.
   *
   * @throws FlinkRestClient.FlinkRestException if the cluster cannot be asked for its TaskManagers
   */
  public static Map<String, Map<String, Double>> read(
      FlinkRestClient rest, String restUrl, List<String> flinkNames) {
    String get =
        flinkNames.stream()
            .map(n -> URLEncoder.encode(n, StandardCharsets.UTF_8))
            .collect(Collectors.joining(","));
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (JsonNode tm : rest.get(restUrl, "/taskmanagers").path("taskmanagers")) {
      String id = tm.path("id").asString();
      try {
        out.put(
            id,
            FlinkJsonValues.values(
                rest.get(
                    restUrl,
                    "/taskmanagers/"
                        + URLEncoder.encode(id, StandardCharsets.UTF_8)
                        + "/metrics?get="
                        + get)));
      } catch (FlinkRestClient.NotFound e) {
        // it left between the two requests
      }
    }
    return out;
  }

  /** The ids of the TaskManagers the cluster lists, in Flink's order. */
  public static List<String> ids(FlinkRestClient rest, String restUrl) {
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode tm : rest.get(restUrl, "/taskmanagers").path("taskmanagers")) {
      out.add(tm.path("id").asString());
    }
    return out;
  }
}
