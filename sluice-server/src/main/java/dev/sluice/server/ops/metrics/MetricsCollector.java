package dev.sluice.server.ops.metrics;

import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterStore;
import dev.sluice.server.jobs.DesiredState;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobState;
import dev.sluice.server.jobs.JobStore;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collects the metrics of every production job (a job of the store with a Flink job id in an active
 * state; debug runs are not jobs of the store) from its cluster's REST API at an interval, records
 * them in the {@link MetricHistory} and then publishes {@link MetricsCollected}. Clusters and jobs
 * are read concurrently, at most {@code concurrency} at a time; a cluster that does not answer
 * costs one request per cycle, not one per job, and is warned about once per streak of failures, as
 * is each job. A {@link TaskManagersSeen} between two cycles becomes samples of the cluster's jobs
 * at once (on a thread of its own, never the teller's); after one that saw every TaskManager die,
 * the TaskManagers Flink still listed then are not counted while Flink keeps listing them.
 */
@Component
public class MetricsCollector {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsCollector.class);
  private static final Set<JobState> WATCHED =
      EnumSet.of(JobState.RUNNING, JobState.RESTARTING, JobState.STOPPING);

  /** Jobs that should run but do not: their state is known from the store alone. */
  private static final Map<JobState, Double> STOPPED_AGAINST_WISH =
      Map.of(JobState.FAILED, 3.0, JobState.LOST, 8.0);

  private final JobStore jobs;
  private final ClusterStore clusters;
  private final MetricHistory history;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final MetricsProperties properties;
  private final FlinkRestClient rest;
  private final JobMetricsCollector jobCollector;
  private final TaskManagerMetricsCollector taskManagerCollector;
  private final ExecutorService pool;
  private final ExecutorService prompt;
  private final Map<String, String> failing = new ConcurrentHashMap<>();

  /**
   * Per cluster, the TaskManagers Flink still lists after its supervisor saw every one of them die:
   * Flink keeps a dead TaskManager until its heartbeat times out, so counting it would resolve a
   * {@code taskmanagers} alert before a new one registered, and fire it again when Flink drops it.
   */
  private final Map<Long, Set<String>> dead = new ConcurrentHashMap<>();

  public MetricsCollector(
      JobStore jobs,
      ClusterStore clusters,
      MetricHistory history,
      ApplicationEventPublisher events,
      JsonMapper json,
      Clock clock,
      MetricsProperties properties) {
    this.jobs = jobs;
    this.clusters = clusters;
    this.history = history;
    this.events = events;
    this.clock = clock;
    this.properties = properties;
    this.rest = new FlinkRestClient(json, properties.requestTimeout());
    this.jobCollector = new JobMetricsCollector(rest, properties.namesRefresh(), clock);
    this.taskManagerCollector = new TaskManagerMetricsCollector(rest);
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            properties.concurrency(),
            r -> {
              Thread t = new Thread(r, "metrics-collector-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.prompt =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "metrics-prompt");
              t.setDaemon(true);
              return t;
            });
  }

  /** Records the TaskManager count a cluster's watcher saw for the cluster's watched jobs. */
  @EventListener
  public void taskManagersSeen(TaskManagersSeen seen) {
    prompt.execute(
        () -> {
          try {
            record(seen);
          } catch (RuntimeException e) {
            LOG.warn("Recording the TaskManagers of cluster {} failed", seen.clusterId(), e);
          }
        });
  }

  MetricsCollected record(TaskManagersSeen seen) {
    if (seen.count() == 0) {
      clusters
          .findById(seen.clusterId())
          .ifPresent(
              cluster -> {
                try {
                  Set<String> listed = ConcurrentHashMap.newKeySet();
                  listed.addAll(TaskManagerMetrics.ids(rest, cluster.restUrl()));
                  dead.put(seen.clusterId(), listed);
                } catch (RuntimeException e) {
                  LOG.warn(
                      "Cluster {}: could not list the TaskManagers that died: {}",
                      seen.clusterId(),
                      e.toString());
                }
              });
    }
    List<MetricSample> samples = new ArrayList<>();
    for (Job job : jobs.findAll()) {
      if (WATCHED.contains(job.state())
          && job.flinkJobId() != null
          && job.clusterId() == seen.clusterId()) {
        samples.add(
            new MetricSample(job.id(), MetricNames.TASKMANAGERS, null, seen.at(), seen.count()));
      }
    }
    history.record(samples);
    MetricsCollected event =
        new MetricsCollected(
            seen.at(), samples.stream().map(MetricSample::jobId).collect(Collectors.toSet()));
    events.publishEvent(event);
    return event;
  }

  /** A cluster's TaskManagers without the dead ones Flink still lists, until it drops them. */
  private TaskManagerMetricsCollector.TaskManagers withoutDead(
      long clusterId, TaskManagerMetricsCollector.TaskManagers tms) {
    Set<String> gone = dead.get(clusterId);
    if (gone == null) {
      return tms;
    }
    gone.retainAll(tms.ids());
    if (gone.isEmpty()) {
      dead.remove(clusterId);
      return tms;
    }
    return tms.without(gone);
  }

  @Scheduled(
      initialDelayString = "${sluice.ops.metrics.collect-interval:15s}",
      fixedDelayString = "${sluice.ops.metrics.collect-interval:15s}")
  public void scheduled() {
    try {
      collect();
    } catch (RuntimeException e) {
      LOG.warn("Collecting job metrics failed", e);
    }
  }

  /** One collection cycle; returns what it recorded. */
  public MetricsCollected collect() {
    Instant at = clock.instant();
    List<Job> watched = new ArrayList<>();
    List<MetricSample> samples = new ArrayList<>();
    for (Job job : jobs.findAll()) {
      if (WATCHED.contains(job.state()) && job.flinkJobId() != null) {
        watched.add(job);
      } else if (job.desiredState() == DesiredState.RUNNING
          && STOPPED_AGAINST_WISH.containsKey(job.state())) {
        samples.add(
            new MetricSample(
                job.id(), MetricNames.JOB_STATE, null, at, STOPPED_AGAINST_WISH.get(job.state())));
      }
    }
    Map<Long, Cluster> byId = new LinkedHashMap<>();
    for (Job job : watched) {
      byId.computeIfAbsent(job.clusterId(), id -> clusters.findById(id).orElse(null));
    }
    byId.values().removeIf(java.util.Objects::isNull);

    Map<Long, Future<TaskManagerMetricsCollector.TaskManagers>> tmFutures = new LinkedHashMap<>();
    for (Cluster cluster : byId.values()) {
      tmFutures.put(
          cluster.id(), pool.submit(() -> taskManagerCollector.collect(cluster.restUrl())));
    }
    Map<Long, TaskManagerMetricsCollector.TaskManagers> reachable = new LinkedHashMap<>();
    tmFutures.forEach(
        (id, f) -> {
          Cluster cluster = byId.get(id);
          outcome("cluster '" + cluster.name() + "'", "cluster " + id, f)
              .ifPresent(tms -> reachable.put(id, withoutDead(id, tms)));
        });

    Map<Job, Future<List<MetricSample>>> jobFutures = new LinkedHashMap<>();
    for (Job job : watched) {
      Cluster cluster = byId.get(job.clusterId());
      if (cluster != null && reachable.containsKey(cluster.id())) {
        jobFutures.put(
            job,
            pool.submit(
                () -> jobCollector.collect(job.id(), job.flinkJobId(), cluster.restUrl(), at)));
      }
    }
    Set<Long> collected = new LinkedHashSet<>();
    jobFutures.forEach(
        (job, f) ->
            outcome("job '" + job.name() + "'", "job " + job.id(), f)
                .ifPresent(
                    list -> {
                      samples.addAll(list);
                      collected.add(job.id());
                    }));
    for (Job job : watched) {
      TaskManagerMetricsCollector.TaskManagers tms = reachable.get(job.clusterId());
      if (tms != null) {
        samples.add(new MetricSample(job.id(), MetricNames.TASKMANAGERS, null, at, tms.count()));
        tms.values()
            .forEach(
                (tm, values) ->
                    values.forEach(
                        (name, value) ->
                            samples.add(new MetricSample(job.id(), name, tm, at, value))));
        collected.add(job.id());
      }
    }
    samples.stream().map(MetricSample::jobId).forEach(collected::add);

    jobCollector.retainOnly(watched.stream().map(Job::flinkJobId).toList());
    Set<String> current = new LinkedHashSet<>();
    watched.forEach(j -> current.add("job " + j.id()));
    byId.keySet().forEach(id -> current.add("cluster " + id));
    failing.keySet().retainAll(current);

    history.record(samples);
    MetricsCollected event = new MetricsCollected(at, collected);
    events.publishEvent(event);
    return event;
  }

  /** REST requests sent to clusters since the start (for the benchmark and the logs). */
  public long requests() {
    return rest.requests();
  }

  /** The task's result, warning once per failure streak of the thing and noting its recovery. */
  private <T> Optional<T> outcome(String what, String key, Future<T> future) {
    try {
      T value = future.get(properties.requestTimeout().toMillis() * 20, TimeUnit.MILLISECONDS);
      if (failing.remove(key) != null) {
        LOG.info("Metrics of {} are collected again", what);
      }
      return Optional.of(value);
    } catch (ExecutionException e) {
      String reason = e.getCause() == null ? e.toString() : e.getCause().getMessage();
      if (failing.put(key, reason) == null) {
        LOG.warn(
            "Metrics of {} cannot be collected (said once until it recovers): {}", what, reason);
      }
    } catch (TimeoutException e) {
      future.cancel(true);
      if (failing.put(key, "timed out") == null) {
        LOG.warn(
            "Metrics of {} cannot be collected (said once until it recovers): timed out", what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  @PreDestroy
  void close() {
    pool.shutdownNow();
    prompt.shutdownNow();
  }
}
