package dev.sluice.server.ops.metrics;

import dev.sluice.server.ops.metrics.FlinkJsonValues.Aggregate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads one Flink job's metrics from its cluster's REST API: its state, restarts and checkpoints,
 * and per running vertex the rates, busy/idle/backpressured times, backlog and event-time lag. A
 * vertex's list of metric names is read first and reused for a while, so that only names that exist
 * are requested.
 */
final class JobMetricsCollector {
  private static final Logger LOG = LoggerFactory.getLogger(JobMetricsCollector.class);
  private final FlinkRestClient rest;
  private final Duration namesRefresh;
  private final Clock clock;
  private final Map<String, KnownNames> names = new ConcurrentHashMap<>();

  /** A vertex running this long has registered the metrics it will have. */
  static final Duration SETTLED_AFTER = Duration.ofMinutes(1);

  /** How soon the names of a vertex read while it was young are read again. */
  static final Duration YOUNG_REFRESH = Duration.ofSeconds(10);

  JobMetricsCollector(FlinkRestClient rest, Duration namesRefresh, Clock clock) {
    this.rest = rest;
    this.namesRefresh = namesRefresh;
    this.clock = clock;
  }

  /** The state code of {@link MetricNames#JOB_STATE} for a Flink job status. */
  static double stateCode(String flinkState) {
    return switch (flinkState == null ? "" : flinkState) {
      case "RUNNING" -> 0;
      case "RESTARTING" -> 1;
      case "FAILING" -> 2;
      case "FAILED" -> 3;
      case "CANCELLING", "CANCELED" -> 4;
      case "FINISHED" -> 5;
      case "CREATED", "INITIALIZING", "RECONCILING" -> 6;
      case "SUSPENDED" -> 7;
      default -> 8;
    };
  }

  /** Forgets the metric names of Flink jobs no longer watched. */
  void retainOnly(Collection<String> flinkJobIds) {
    Set<String> keep = new HashSet<>(flinkJobIds);
    names.keySet().removeIf(k -> !keep.contains(k.substring(0, k.indexOf('/'))));
  }

  /**
   * The job's samples, all at {@code at}.
   *
   * @throws FlinkRestClient.FlinkRestException if the cluster cannot be asked
   */
  List<MetricSample> collect(long jobId, String flinkJobId, String restUrl, Instant at) {
    Samples out = new Samples(jobId, at);
    JsonNode details;
    try {
      details = rest.get(restUrl, "/jobs/" + flinkJobId);
    } catch (FlinkRestClient.NotFound e) {
      out.add(MetricNames.JOB_STATE, null, 8);
      return out.list;
    }
    String state = details.path("state").asString();
    out.add(MetricNames.JOB_STATE, null, stateCode(state));
    // Flink's own clock for ages of Flink timestamps, so that a skewed server clock does not show.
    double flinkNow = FlinkJsonValues.number(details.get("now"));
    long now = Double.isNaN(flinkNow) ? at.toEpochMilli() : (long) flinkNow;

    // Each part on its own: a job that is still initializing answers some requests with an error
    // (checkpoint statistics, vertices not yet deployed), and the others still count.
    partly(() -> vertices(out, flinkJobId, restUrl, details, now));
    partly(() -> restarts(out, flinkJobId, restUrl));
    partly(() -> checkpoints(out, flinkJobId, restUrl, details, now));
    return out.list;
  }

  private static void partly(Runnable part) {
    try {
      part.run();
    } catch (FlinkRestClient.FlinkRestException e) {
      LOG.debug("Part of a job's metrics is missing: {}", e.getMessage());
    }
  }

  private void vertices(
      Samples out, String flinkJobId, String restUrl, JsonNode details, long now) {
    Set<String> withInputs = new HashSet<>();
    Set<String> feeding = new HashSet<>();
    for (JsonNode node : details.path("plan").path("nodes")) {
      JsonNode inputs = node.path("inputs");
      if (inputs.isArray() && !inputs.isEmpty()) {
        withInputs.add(node.path("id").asString());
        for (JsonNode input : inputs) {
          feeding.add(input.path("id").asString());
        }
      }
    }
    List<VertexValues> collected = new ArrayList<>();
    for (JsonNode vertex : details.path("vertices")) {
      if (!"RUNNING".equals(vertex.path("status").asString())) {
        continue;
      }
      String id = vertex.path("id").asString();
      boolean source = !withInputs.contains(id);
      boolean sink = !feeding.contains(id);
      double started = FlinkJsonValues.number(vertex.get("start-time"));
      long age = Double.isNaN(started) || started <= 0 ? Long.MAX_VALUE : now - (long) started;
      Map<String, Aggregate> values = vertexValues(flinkJobId, restUrl, id, age);
      if (values.isEmpty()) {
        continue;
      }
      VertexNamesAndValues v =
          new VertexNamesAndValues(knownNames(flinkJobId, restUrl, id, false, age), values);
      collected.add(v.values(id, source, sink, out));
    }
    if (collected.isEmpty()) {
      return;
    }
    sum(
        out,
        MetricNames.INPUT_RATE,
        collected.stream().filter(VertexValues::source),
        VertexValues::in);
    sum(
        out,
        MetricNames.OUTPUT_RATE,
        collected.stream().filter(VertexValues::sink),
        VertexValues::sinkOut);
    sum(out, MetricNames.KAFKA_LAG, collected.stream(), VertexValues::kafkaLag);
    sum(out, MetricNames.PENDING_RECORDS, collected.stream(), VertexValues::pending);
    max(out, MetricNames.BACKPRESSURE, collected, VertexValues::backpressure);
    max(out, MetricNames.BUSY, collected, VertexValues::busy);
    max(out, MetricNames.IDLE, collected, VertexValues::idle);
    max(out, MetricNames.EVENT_TIME_LAG, collected, VertexValues::eventTimeLag);
  }

  /** The vertex's aggregated values, reading its metric names again if they have changed. */
  private Map<String, Aggregate> vertexValues(
      String flinkJobId, String restUrl, String vertex, long ageMs) {
    VertexMetricNames known = knownNames(flinkJobId, restUrl, vertex, false, ageMs);
    Map<String, Aggregate> values = query(flinkJobId, restUrl, vertex, known);
    if (values.isEmpty() && !known.requested().isEmpty()) {
      // One requested name is gone (Flink then answers nothing): read the names again.
      known = knownNames(flinkJobId, restUrl, vertex, true, ageMs);
      values = query(flinkJobId, restUrl, vertex, known);
    }
    return values;
  }

  private Map<String, Aggregate> query(
      String flinkJobId, String restUrl, String vertex, VertexMetricNames known) {
    List<String> requested = known.requested();
    if (requested.isEmpty()) {
      return Map.of();
    }
    String get =
        requested.stream()
            .map(n -> URLEncoder.encode(n, StandardCharsets.UTF_8))
            .collect(Collectors.joining(","));
    try {
      return FlinkJsonValues.aggregates(
          rest.get(
              restUrl,
              "/jobs/"
                  + flinkJobId
                  + "/vertices/"
                  + vertex
                  + "/subtasks/metrics?get="
                  + get
                  + "&agg=max,sum"));
    } catch (FlinkRestClient.NotFound e) {
      return Map.of();
    }
  }

  /**
   * The vertex's metric names, read again after the refresh time, or soon when they were read while
   * the vertex was young: operators register some metrics only once records flow (a Kafka source's
   * {@code pendingRecords} after its first fetch, the emit lag after its first record), and names
   * read before that would leave them out for the whole refresh time.
   *
   * @param ageMs how long the vertex has been running, by Flink's clock
   */
  private VertexMetricNames knownNames(
      String flinkJobId, String restUrl, String vertex, boolean reread, long ageMs) {
    String key = flinkJobId + "/" + vertex;
    Instant now = clock.instant();
    KnownNames cached = names.get(key);
    if (!reread
        && cached != null
        && cached.readAt.plus(cached.settled ? namesRefresh : YOUNG_REFRESH).isAfter(now)) {
      return cached.names;
    }
    List<String> list = new ArrayList<>();
    try {
      for (JsonNode m :
          rest.get(restUrl, "/jobs/" + flinkJobId + "/vertices/" + vertex + "/subtasks/metrics")) {
        list.add(m.path("id").asString());
      }
    } catch (FlinkRestClient.NotFound e) {
      // The vertex is gone (the job is being redeployed): nothing to ask for.
    }
    VertexMetricNames found = VertexMetricNames.of(list);
    // A vertex that is still starting lists no names yet: ask again next cycle.
    if (!list.isEmpty()) {
      names.put(key, new KnownNames(found, now, ageMs >= SETTLED_AFTER.toMillis()));
    }
    return found;
  }

  private void restarts(Samples out, String flinkJobId, String restUrl) {
    Map<String, Double> values =
        FlinkJsonValues.values(
            rest.get(restUrl, "/jobs/" + flinkJobId + "/metrics?get=numRestarts"));
    out.add(MetricNames.RESTARTS, null, values.getOrDefault("numRestarts", Double.NaN));
  }

  private void checkpoints(
      Samples out, String flinkJobId, String restUrl, JsonNode details, long now) {
    JsonNode stats;
    try {
      stats = rest.get(restUrl, "/jobs/" + flinkJobId + "/checkpoints");
    } catch (FlinkRestClient.NotFound e) {
      return; // checkpointing is not enabled for the job
    }
    JsonNode counts = stats.path("counts");
    out.add(
        MetricNames.CHECKPOINTS_COMPLETED, null, FlinkJsonValues.number(counts.get("completed")));
    out.add(MetricNames.CHECKPOINTS_FAILED, null, FlinkJsonValues.number(counts.get("failed")));
    JsonNode completed = stats.path("latest").path("completed");
    if (completed.isObject()) {
      out.add(
          MetricNames.CHECKPOINT_DURATION,
          null,
          FlinkJsonValues.number(completed.get("end_to_end_duration")));
      out.add(
          MetricNames.CHECKPOINT_SIZE, null, FlinkJsonValues.number(completed.get("state_size")));
      double done = FlinkJsonValues.number(completed.get("latest_ack_timestamp"));
      out.add(MetricNames.CHECKPOINT_AGE, null, Math.max(0, now - done));
    } else {
      // None completed yet: the age counts from the job's start, so that a job whose checkpoints
      // never complete shows it.
      double started = FlinkJsonValues.number(details.get("start-time"));
      out.add(MetricNames.CHECKPOINT_AGE, null, Math.max(0, now - started));
    }
  }

  private static void sum(
      Samples out,
      String name,
      java.util.stream.Stream<VertexValues> vertices,
      ToDoubleFunction<VertexValues> value) {
    double[] values = vertices.mapToDouble(value).filter(d -> !Double.isNaN(d)).toArray();
    if (values.length > 0) {
      double total = 0;
      for (double d : values) {
        total += d;
      }
      out.add(name, null, total);
    }
  }

  private static void max(
      Samples out, String name, List<VertexValues> vertices, ToDoubleFunction<VertexValues> value) {
    vertices.stream()
        .mapToDouble(value)
        .filter(d -> !Double.isNaN(d))
        .max()
        .ifPresent(m -> out.add(name, null, m));
  }

  /** A vertex's names and the values Flink answered for them. */
  private record VertexNamesAndValues(VertexMetricNames names, Map<String, Aggregate> values) {

    VertexValues values(String id, boolean source, boolean sink, Samples out) {
      double taskIn = sum(List.of(VertexMetricNames.RECORDS_IN));
      double taskOut = sum(List.of(VertexMetricNames.RECORDS_OUT));
      double sourceOut = sum(names.sourceRecordsOut());
      // A source has no records in: what its source operators emit is what the job reads.
      double in = source ? (Double.isNaN(sourceOut) ? taskOut : sourceOut) : taskIn;
      double sinkIn = sum(names.sinkRecordsIn());
      double sinkOut = !sink ? Double.NaN : !Double.isNaN(sinkIn) ? sinkIn : source ? in : taskIn;
      VertexValues v =
          new VertexValues(
              source,
              sink,
              in,
              sinkOut,
              max(List.of(VertexMetricNames.BUSY)),
              max(List.of(VertexMetricNames.IDLE)),
              max(List.of(VertexMetricNames.BACKPRESSURE)),
              sum(names.pendingRecords()),
              sumOrNaN(sum(names.kafkaPending()), sum(names.kafkaLagMax())),
              max(names.eventTimeLag()));
      out.add(MetricNames.RECORDS_IN_RATE, id, v.in);
      out.add(MetricNames.RECORDS_OUT_RATE, id, taskOut);
      out.add(MetricNames.BUSY, id, v.busy);
      out.add(MetricNames.IDLE, id, v.idle);
      out.add(MetricNames.BACKPRESSURE, id, v.backpressure);
      out.add(MetricNames.PENDING_RECORDS, id, v.pending);
      out.add(MetricNames.KAFKA_LAG, id, v.kafkaLag);
      out.add(MetricNames.EVENT_TIME_LAG, id, v.eventTimeLag);
      return v;
    }

    /** The sum over subtasks and names; NaN if none of the names had a number. */
    private double sum(List<String> metricNames) {
      double total = Double.NaN;
      for (String n : metricNames) {
        Aggregate a = values.get(n);
        if (a != null && !Double.isNaN(a.sum())) {
          total = Double.isNaN(total) ? a.sum() : total + a.sum();
        }
      }
      return total;
    }

    private double max(List<String> metricNames) {
      double max = Double.NaN;
      for (String n : metricNames) {
        Aggregate a = values.get(n);
        if (a != null && !Double.isNaN(a.max())) {
          max = Double.isNaN(max) ? a.max() : Math.max(max, a.max());
        }
      }
      return max;
    }

    private static double sumOrNaN(double a, double b) {
      if (Double.isNaN(a)) {
        return b;
      }
      return Double.isNaN(b) ? a : a + b;
    }
  }

  /** What one running vertex contributes to the job's values; NaN where it has none. */
  private record VertexValues(
      boolean source,
      boolean sink,
      double in,
      double sinkOut,
      double busy,
      double idle,
      double backpressure,
      double pending,
      double kafkaLag,
      double eventTimeLag) {}

  /**
   * @param settled whether they were read once the vertex had run a while
   */
  private record KnownNames(VertexMetricNames names, Instant readAt, boolean settled) {}

  /** The samples of one job at one time, dropping values Flink did not have. */
  static final class Samples {
    private final long jobId;
    private final Instant at;
    final List<MetricSample> list = new ArrayList<>();

    Samples(long jobId, Instant at) {
      this.jobId = jobId;
      this.at = at;
    }

    void add(String name, String vertex, double value) {
      if (!Double.isNaN(value)) {
        list.add(new MetricSample(jobId, name, vertex, at, value));
      }
    }
  }
}
