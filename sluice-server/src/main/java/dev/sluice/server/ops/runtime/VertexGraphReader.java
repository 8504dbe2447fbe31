package dev.sluice.server.ops.runtime;

import dev.sluice.server.ops.metrics.FlinkJsonValues;
import dev.sluice.server.ops.metrics.FlinkJsonValues.Aggregate;
import dev.sluice.server.ops.metrics.FlinkRestClient;
import dev.sluice.server.ops.metrics.VertexMetricNames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads a running job's vertices from its cluster: the graph and states from {@code /jobs/:jid}
 * (its {@code plan} has each vertex's inputs and ship strategies), and per running vertex the rates
 * and times aggregated over its subtasks the way the metrics collector aggregates them (rates
 * summed, busy, back-pressured and idle time the maximum). Each vertex's list of metric names is
 * read first and only names in it are asked for: Flink answers nothing if one asked-for name is
 * missing.
 */
final class VertexGraphReader {
  private final FlinkRestClient rest;

  VertexGraphReader(FlinkRestClient rest) {
    this.rest = rest;
  }

  /** The job's details ({@code /jobs/:jid}). */
  JsonNode details(String restUrl, String flinkJobId) {
    return rest.get(restUrl, "/jobs/" + flinkJobId);
  }

  /** The vertices of the job's details, in Flink's order, with their live values. */
  List<JobVertices.Vertex> vertices(
      String restUrl, String flinkJobId, JsonNode details, VertexOwners owners) {
    Map<String, List<JobVertices.Input>> inputs = new HashMap<>();
    for (JsonNode node : details.path("plan").path("nodes")) {
      List<JobVertices.Input> in = new ArrayList<>();
      for (JsonNode input : node.path("inputs")) {
        in.add(
            new JobVertices.Input(
                input.path("id").asString(), input.path("ship_strategy").asString(null)));
      }
      inputs.put(node.path("id").asString(), in);
    }
    List<JobVertices.Vertex> out = new ArrayList<>();
    for (JsonNode vertex : details.path("vertices")) {
      String id = vertex.path("id").asString();
      String status = vertex.path("status").asString(null);
      List<JobVertices.Input> in = inputs.getOrDefault(id, List.of());
      Values values =
          "RUNNING".equals(status) ? values(restUrl, flinkJobId, id, in.isEmpty()) : Values.NONE;
      VertexOwners.Owner owner = owners.owner(id).orElse(new VertexOwners.Owner(null, null));
      String name = vertex.path("name").asString("");
      out.add(
          new JobVertices.Vertex(
              id,
              name,
              vertex.path("parallelism").asInt(),
              vertex.path("maxParallelism").asInt(),
              status,
              ChainedNames.of(name),
              owner.statement(),
              owner.uid(),
              in,
              values.recordsIn,
              values.recordsOut,
              values.busy,
              values.backpressured,
              values.idle));
    }
    return out;
  }

  private Values values(String restUrl, String flinkJobId, String vertex, boolean source) {
    String base = "/jobs/" + flinkJobId + "/vertices/" + vertex + "/subtasks/metrics";
    List<String> available = new ArrayList<>();
    try {
      for (JsonNode m : rest.get(restUrl, base)) {
        available.add(m.path("id").asString());
      }
    } catch (FlinkRestClient.Unreachable e) {
      throw e;
    } catch (FlinkRestClient.FlinkRestException e) {
      return Values.NONE; // the vertex is being redeployed, or still starting
    }
    VertexMetricNames names = VertexMetricNames.of(available);
    List<String> requested = new ArrayList<>();
    for (String n :
        List.of(
            VertexMetricNames.RECORDS_IN,
            VertexMetricNames.RECORDS_OUT,
            VertexMetricNames.BUSY,
            VertexMetricNames.IDLE,
            VertexMetricNames.BACKPRESSURE)) {
      if (names.requested().contains(n)) {
        requested.add(n);
      }
    }
    requested.addAll(names.sourceRecordsOut());
    if (requested.isEmpty()) {
      return Values.NONE;
    }
    Map<String, Aggregate> values;
    try {
      values =
          FlinkJsonValues.aggregates(
              rest.get(
                  restUrl,
                  base
                      + "?get="
                      + requested.stream()
                          .map(n -> URLEncoder.encode(n, StandardCharsets.UTF_8))
                          .collect(Collectors.joining(","))
                      + "&agg=max,sum"));
    } catch (FlinkRestClient.Unreachable e) {
      throw e;
    } catch (FlinkRestClient.FlinkRestException e) {
      return Values.NONE;
    }
    double taskIn = sum(values, List.of(VertexMetricNames.RECORDS_IN));
    double taskOut = sum(values, List.of(VertexMetricNames.RECORDS_OUT));
    double sourceOut = sum(values, names.sourceRecordsOut());
    // As the collector has it: a source takes in nothing over the network; what its source
    // operators emit is what it reads.
    double in = source ? (Double.isNaN(sourceOut) ? taskOut : sourceOut) : taskIn;
    return new Values(
        orNull(in),
        orNull(taskOut),
        percent(values.get(VertexMetricNames.BUSY)),
        percent(values.get(VertexMetricNames.BACKPRESSURE)),
        percent(values.get(VertexMetricNames.IDLE)));
  }

  private static double sum(Map<String, Aggregate> values, List<String> names) {
    double total = Double.NaN;
    for (String n : names) {
      Aggregate a = values.get(n);
      if (a != null && !Double.isNaN(a.sum())) {
        total = Double.isNaN(total) ? a.sum() : total + a.sum();
      }
    }
    return total;
  }

  /** Milliseconds per second of the worst subtask, as a percentage. */
  private static Double percent(Aggregate a) {
    return a == null ? null : orNull(a.max() / 10.0);
  }

  private static Double orNull(double d) {
    return Double.isNaN(d) ? null : d;
  }

  private record Values(
      Double recordsIn, Double recordsOut, Double busy, Double backpressured, Double idle) {
    static final Values NONE = new Values(null, null, null, null, null);
  }
}
