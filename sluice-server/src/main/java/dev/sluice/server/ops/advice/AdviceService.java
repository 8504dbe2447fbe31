package dev.sluice.server.ops.advice;

import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobConflictException;
import dev.sluice.server.jobs.ParallelismService;
import dev.sluice.server.jobs.Savepoint;
import dev.sluice.server.ops.alerts.Durations;
import dev.sluice.server.ops.metrics.FlinkRestClient;
import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricNames;
import dev.sluice.server.ops.metrics.MetricSample;
import dev.sluice.server.ops.metrics.MetricsProperties;
import dev.sluice.server.ops.metrics.TaskManagerMetrics;
import dev.sluice.server.ops.metrics.VertexMetricNames;
import dev.sluice.server.ops.recovery.EventLog;
import dev.sluice.server.ops.recovery.JobEvent;
import dev.sluice.server.ops.runtime.JobRuntimeService;
import dev.sluice.server.ops.runtime.JobVertices;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tuning advice for a running job (the live graph and rates from its cluster, the backlog's growth
 * from the metric history, sized by {@link VertexScaler}), and applying it: the parallelism of the
 * chosen vertices is set on all their operators by stable uid, a savepoint is taken and the restore
 * plan checked to keep every statement's state, then the job is stopped with a savepoint and
 * restored from it.
 */
@Service
public class AdviceService {
  static final double BOUNDARY = 0.3;
  static final double MAX_SCALE_DOWN = 0.5;
  private static final Pattern KAFKA_PARTITION =
      Pattern.compile("KafkaSourceReader\\.topic\\.(.+)\\.partition\\.(\\d+)\\.currentOffset$");
  private static final List<String> TM_METRICS =
      List.of(
          "Status.JVM.Memory.Heap.Used",
          "Status.JVM.Memory.Heap.Max",
          "Status.JVM.GarbageCollector.All.TimeMsPerSecond",
          "Status.Flink.Memory.Managed.Used",
          "Status.Flink.Memory.Managed.Total");

  private final JobRuntimeService runtime;
  private final ClusterService clusters;
  private final MetricHistory history;
  private final ParallelismService parallelism;
  private final DeploymentService deployments;
  private final EventLog events;
  private final FlinkRestClient rest;
  private final Clock clock;

  public AdviceService(
      JobRuntimeService runtime,
      ClusterService clusters,
      MetricHistory history,
      ParallelismService parallelism,
      DeploymentService deployments,
      EventLog events,
      JsonMapper json,
      MetricsProperties properties,
      Clock clock) {
    this.runtime = runtime;
    this.clusters = clusters;
    this.history = history;
    this.parallelism = parallelism;
    this.deployments = deployments;
    this.events = events;
    this.rest = new FlinkRestClient(json, properties.requestTimeout());
    this.clock = clock;
  }

  /**
   * What the advice is sized for.
   *
   * @param utilization the busy fraction to run at, in (0, 1]
   * @param catchUp the time a backlog should be read in
   * @param window how far back the backlog's growth is measured
   */
  public record Settings(double utilization, Duration catchUp, Duration window) {
    public static final Settings DEFAULT =
        new Settings(0.7, Duration.ofMinutes(5), Duration.ofMinutes(5));

    public Settings {
      if (!(utilization > 0 && utilization <= 1)) {
        throw new InvalidFieldException(
            "utilization",
            "a busy fraction above 0 and at most 1, like 0.7 (got " + utilization + ")");
      }
      if (catchUp.isNegative()) {
        throw new InvalidFieldException("catchUp", "a duration like 5m");
      }
    }
  }

  public TuningAdvice advise(Job job, Settings settings) {
    JobVertices graph = runtime.vertices(job);
    if (!"RUNNING".equals(graph.state())) {
      throw new JobConflictException(
          "Job '"
              + job.name()
              + "' is not running (state "
              + (graph.state() == null ? job.state().name() : graph.state())
              + "): advice needs the rates of a running job");
    }
    String restUrl = clusters.get(job.clusterId()).restUrl();
    List<JobVertices.Vertex> sources =
        graph.vertices().stream().filter(v -> v.inputs().isEmpty()).toList();
    Map<String, Integer> partitions = new LinkedHashMap<>();
    Map<String, Long> pending = new LinkedHashMap<>();
    for (JobVertices.Vertex v : sources) {
      sourceBacklog(restUrl, job.flinkJobId(), v.id(), partitions, pending);
    }
    double growth = pending.size() == 1 ? backlogGrowth(job.id(), settings.window()) : 0;

    List<VertexLoad> loads = new ArrayList<>();
    for (JobVertices.Vertex v : graph.vertices()) {
      loads.add(
          new VertexLoad(
              v.id(),
              v.name(),
              v.parallelism(),
              v.maxParallelism(),
              v.inputs().stream().map(i -> new VertexLoad.Input(i.id(), i.shipStrategy())).toList(),
              v.recordsInPerSecond(),
              v.recordsOutPerSecond(),
              v.busyPercent(),
              v.backpressuredPercent(),
              v.idlePercent(),
              pending.get(v.id()),
              partitions.get(v.id()),
              pending.containsKey(v.id()) ? growth : 0));
    }
    Map<String, VertexScaler.Decision> decisions =
        new VertexScaler(settings.utilization(), BOUNDARY, MAX_SCALE_DOWN, settings.catchUp())
            .scale(loads);
    List<VertexAdvice> vertices = new ArrayList<>();
    for (JobVertices.Vertex v : graph.vertices()) {
      VertexScaler.Decision d = decisions.get(v.id());
      vertices.add(
          new VertexAdvice(
              v.id(),
              v.name(),
              v.statement(),
              v.uid(),
              v.parallelism(),
              v.maxParallelism(),
              v.busyPercent(),
              v.backpressuredPercent(),
              v.recordsInPerSecond(),
              round(d.trueRate()),
              round(d.targetRate()),
              pending.get(v.id()),
              partitions.get(v.id()),
              d.parallelism(),
              d.action(),
              d.reason()));
    }
    return new TuningAdvice(
        job.name(),
        job.id(),
        job.flinkJobId(),
        graph.at(),
        settings.utilization(),
        Durations.format(settings.catchUp()),
        vertices.stream().anyMatch(VertexAdvice::changes),
        vertices,
        memory(restUrl));
  }

  /**
   * What applying did.
   *
   * @param parallelism the new parallelism per vertex id that changed
   * @param operators the overrides now stored, per operator uid
   * @param savepoint the savepoint the job was restored from
   * @param restorePlan the plan that was checked: every statement kept
   */
  public record Applied(
      Map<String, Integer> parallelism,
      Map<String, Integer> operators,
      String savepoint,
      RestorePlan restorePlan) {}

  /**
   * Applies the advice, or the parallelism given per vertex id: refuses (and changes nothing) when
   * nothing changes or when the restore plan would drop state.
   */
  public Applied apply(Job job, Settings settings, Map<String, Integer> chosen) {
    return apply(job, advise(job, settings), chosen);
  }

  /** Applies advice just given for the job (as {@link #apply(Job, Settings, Map)} does). */
  public Applied apply(Job job, TuningAdvice advice, Map<String, Integer> chosen) {
    Map<String, VertexAdvice> byId = new LinkedHashMap<>();
    advice.vertices().forEach(v -> byId.put(v.id(), v));
    Map<String, Integer> target = new LinkedHashMap<>();
    if (chosen == null || chosen.isEmpty()) {
      advice.vertices().stream()
          .filter(VertexAdvice::changes)
          .forEach(v -> target.put(v.id(), v.recommendedParallelism()));
    } else {
      chosen.forEach(
          (id, p) -> {
            VertexAdvice v = byId.get(id);
            if (v == null) {
              throw new InvalidFieldException(
                  "vertices." + id,
                  "no vertex '"
                      + id
                      + "' in job "
                      + job.name()
                      + "; its vertices are "
                      + String.join(", ", byId.keySet()));
            }
            int max = v.maxParallelism() > 0 ? v.maxParallelism() : 32768;
            if (p == null || p < 1 || p > max) {
              throw new InvalidFieldException(
                  "vertices." + id, "a parallelism from 1 to " + max + " (got " + p + ")");
            }
            if (p != v.parallelism()) {
              target.put(id, p);
            }
          });
    }
    if (target.isEmpty()) {
      throw new ConflictException(
          "The advice for job '" + job.name() + "' changes no parallelism: nothing to apply");
    }

    ParallelismService.ParallelismSettings before = parallelism.parallelism(job.id());
    Map<String, Integer> operators = new TreeMap<>(before.operators());
    for (Map.Entry<String, Integer> e : target.entrySet()) {
      VertexAdvice v = byId.get(e.getKey());
      List<String> uids = chainUids(before.plan().graph(), v);
      if (uids.isEmpty()) {
        throw new ConflictException(
            "Vertex '" + v.name() + "' of job '" + job.name() + "' has no stable operator ids");
      }
      uids.forEach(uid -> operators.put(uid, e.getValue()));
    }
    String changes =
        target.entrySet().stream()
            .map(
                e ->
                    byId.get(e.getKey()).name()
                        + " "
                        + byId.get(e.getKey()).parallelism()
                        + " -> "
                        + e.getValue())
            .collect(Collectors.joining("; "));
    String why =
        target.keySet().stream().map(id -> byId.get(id).reason()).collect(Collectors.joining(" "));
    Restarted r =
        restart(
            job,
            before,
            before.defaultParallelism(),
            operators,
            "advice.applied",
            why,
            "set the parallelism: " + changes);
    return new Applied(target, operators, r.savepoint(), r.plan());
  }

  /**
   * Sets the job's default parallelism (operators without an override follow it) and restarts the
   * job through a savepoint that keeps every statement, as {@link #apply} does for vertices.
   *
   * @param kind the event's kind
   * @param why what made the change, for the event
   */
  public Applied rescaleDefault(Job job, int defaultParallelism, String kind, String why) {
    ParallelismService.ParallelismSettings before = parallelism.parallelism(job.id());
    Restarted r =
        restart(
            job,
            before,
            defaultParallelism,
            before.operators(),
            kind,
            why,
            "set the default parallelism: "
                + (before.defaultParallelism() == null
                    ? "the cluster's"
                    : before.defaultParallelism().toString())
                + " -> "
                + defaultParallelism);
    return new Applied(Map.of(), before.operators(), r.savepoint(), r.plan());
  }

  private record Restarted(String savepoint, RestorePlan plan) {}

  /**
   * Stores the new parallelism, checks against a fresh savepoint that the restore keeps every
   * statement (else puts the old settings back and refuses), then stops the job with a savepoint
   * and restores it, and records the event.
   */
  private Restarted restart(
      Job job,
      ParallelismService.ParallelismSettings before,
      Integer defaultParallelism,
      Map<String, Integer> operators,
      String kind,
      String why,
      String action) {
    parallelism.setParallelism(job.id(), defaultParallelism, before.maxParallelism(), operators);
    RestorePlan plan;
    try {
      Savepoint check = deployments.savepoint(job.id());
      plan = deployments.restorePlan(job.id(), check.path());
      List<String> dropping = DeploymentService.statementsToConfirm(plan);
      if (!dropping.isEmpty()) {
        throw new ConflictException(
            "Changing the parallelism of job '"
                + job.name()
                + "' would drop the state of "
                + dropping
                + "; nothing was changed");
      }
    } catch (RuntimeException e) {
      parallelism.setParallelism(
          job.id(), before.defaultParallelism(), before.maxParallelism(), before.operators());
      throw e;
    }
    String savepoint = deployments.stop(job.id(), true, false).savepointPath();
    deployments.deploy(job.id(), "latest", List.of());
    events.record(
        JobEvent.ofJob(
            job.id(),
            "advice",
            kind,
            why,
            action,
            "restored from " + savepoint + " with the state of every statement kept",
            null,
            job.flinkJobId(),
            clock.instant()));
    return new Restarted(savepoint, plan);
  }

  /** The uids of the operators chained in the plan's vertex whose head is the running one's. */
  static List<String> chainUids(JobGraphView graph, VertexAdvice running) {
    for (JobGraphView.Vertex v : graph.vertices()) {
      boolean same =
          v.id().equals(running.id())
              || (running.uid() != null
                  && v.operators().stream().anyMatch(o -> running.uid().equals(o.uid())));
      if (same) {
        return v.operators().stream()
            .map(JobGraphView.Operator::uid)
            .filter(java.util.Objects::nonNull)
            .toList();
      }
    }
    return List.of();
  }

  /** A source's Kafka partitions (from its metric names) and backlog, where it reports them. */
  private void sourceBacklog(
      String restUrl,
      String flinkJobId,
      String vertex,
      Map<String, Integer> partitions,
      Map<String, Long> pending) {
    String base = "/jobs/" + flinkJobId + "/vertices/" + vertex + "/subtasks/metrics";
    List<String> names = new ArrayList<>();
    try {
      for (JsonNode m : rest.get(restUrl, base)) {
        names.add(m.path("id").asString());
      }
    } catch (FlinkRestClient.FlinkRestException e) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      Matcher m = KAFKA_PARTITION.matcher(name);
      if (m.find()) {
        seen.add(m.group(1) + "/" + m.group(2));
      }
    }
    if (!seen.isEmpty()) {
      partitions.put(vertex, seen.size());
    }
    List<String> backlog = VertexMetricNames.of(names).pendingRecords();
    if (backlog.isEmpty()) {
      return;
    }
    try {
      JsonNode answer =
          rest.get(
              restUrl,
              base
                  + "?get="
                  + backlog.stream()
                      .map(n -> URLEncoder.encode(n, StandardCharsets.UTF_8))
                      .collect(Collectors.joining(","))
                  + "&agg=sum");
      long sum = 0;
      for (JsonNode m : answer) {
        double v = m.path("sum").asDouble(Double.NaN);
        if (!Double.isNaN(v)) {
          sum += (long) v;
        }
      }
      pending.put(vertex, sum);
    } catch (FlinkRestClient.FlinkRestException e) {
      // No backlog known: sized by its rate alone.
    }
  }

  /**
   * Records per second the job's Kafka backlog grew over the window, 0 if it shrank or is unknown.
   */
  private double backlogGrowth(long jobId, Duration window) {
    Instant now = clock.instant();
    List<MetricSample> lag =
        history
            .range(
                jobId, Set.of(MetricNames.KAFKA_LAG), now.minus(window), now, Duration.ofSeconds(1))
            .stream()
            .filter(s -> s.vertex() == null)
            .toList();
    if (lag.size() < 2) {
      return 0;
    }
    MetricSample first = lag.get(0);
    MetricSample last = lag.get(lag.size() - 1);
    double seconds = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
    return seconds < 30 ? 0 : Math.max(0, (last.value() - first.value()) / seconds);
  }

  private List<MemoryAdvice> memory(String restUrl) {
    Map<String, Map<String, Double>> read;
    try {
      read = TaskManagerMetrics.read(rest, restUrl, TM_METRICS);
    } catch (FlinkRestClient.FlinkRestException e) {
      return List.of();
    }
    List<MemoryAdvice> out = new ArrayList<>();
    read.forEach(
        (id, v) ->
            out.add(
                MemoryAdvice.of(
                    id,
                    v.get(TM_METRICS.get(0)),
                    v.get(TM_METRICS.get(1)),
                    v.get(TM_METRICS.get(2)),
                    v.get(TM_METRICS.get(3)),
                    v.get(TM_METRICS.get(4)))));
    return out;
  }

  private static Double round(Double v) {
    return v == null ? null : Math.round(v * 10) / 10.0;
  }
}
