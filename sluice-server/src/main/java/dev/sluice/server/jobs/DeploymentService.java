package dev.sluice.server.jobs;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.CompiledJob;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.ExplainResult;
import dev.sluice.engine.api.JobStatus;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.server.api.ApiException;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.config.SluiceProperties;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Validates, explains, deploys and stops jobs. Every deployment is recorded (with the Flink job id
 * chosen here) before the job graph leaves, so a crash mid-way can be reconciled without ever
 * running a job twice.
 */
@Service
public class DeploymentService {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);
  private final Engine engine;
  private final JobRepository jobs;
  private final ScriptService scripts;
  private final ClusterService clusters;
  private final SluiceProperties properties;
  private final JobLocks locks;
  private final CompileRequests requests;

  public DeploymentService(
      Engine engine,
      JobRepository jobs,
      ScriptService scripts,
      ClusterService clusters,
      SluiceProperties properties,
      JobLocks locks,
      CompileRequests requests) {
    this.locks = locks;
    this.requests = requests;
    this.engine = engine;
    this.jobs = jobs;
    this.scripts = scripts;
    this.clusters = clusters;
    this.properties = properties;
  }

  public ValidationResult validate(long jobId, Optional<String> draft) {
    Job job = scripts.get(jobId);
    return engine.validate(request(job, draft.orElseGet(() -> scripts.current(jobId).script())));
  }

  public ExplainResult plan(long jobId, Optional<Integer> version) {
    Job job = scripts.get(jobId);
    String script =
        version
            .map(v -> scripts.version(jobId, v))
            .orElseGet(() -> scripts.current(jobId))
            .script();
    return engine.explain(request(job, script));
  }

  /**
   * Deploys the job's current version.
   *
   * @param restore {@code none}, {@code latest} (latest savepoint), {@code latest-checkpoint}, or a
   *     path
   */
  public Job deploy(long jobId, String restore) {
    return deploy(jobId, restore, List.of());
  }

  /**
   * Deploys the job's current version, restoring from a savepoint. When the restore would drop
   * state (statements changed or removed), it is refused with the restore plan unless {@code
   * confirmDrop} names exactly the statements whose state would be dropped.
   */
  public Job deploy(long jobId, String restore, List<String> confirmDrop) {
    return locks.withLock(
        jobId,
        () -> {
          Job job = scripts.get(jobId);
          Cluster cluster = clusters.get(job.clusterId());
          ClusterClient client = engine.cluster(cluster.restUrl());
          if (job.active()) {
            Optional<JobStatus> running = client.job(job.flinkJobId());
            if (running.isPresent() && !running.get().terminal()) {
              throw ApiException.conflict(
                  "Job '"
                      + job.name()
                      + "' is already "
                      + running.get().state()
                      + " on cluster '"
                      + cluster.name()
                      + "' (Flink job "
                      + job.flinkJobId()
                      + "): stop it first");
            }
          }
          client.overview(); // 503 before anything is written when the cluster is down
          Optional<String> restorePath = restorePath(job, restore);
          JobVersion version = scripts.current(jobId);
          String flinkJobId = HexFormat.of().formatHex(uuidBytes());
          // Compiled before anything is recorded: a script that does not compile changes nothing.
          CompiledJob compiled =
              engine.compile(
                  request(job, version.script(), jobs.operatorUids(jobId)),
                  flinkJobId,
                  restorePath.orElse(null));
          if (restorePath.isPresent()) {
            checkStateIsKept(
                job, compiled.restorePlan(jobs.operatorOwners(jobId)), confirmDrop, compiled);
          } else if (!confirmDrop.isEmpty()) {
            throw ApiException.badRequest(
                "confirmDrop only applies to a deploy that restores from a savepoint");
          }
          jobs.markSubmitting(job.id(), flinkJobId, version.version());
          try {
            compiled.submit(cluster.restUrl());
            LOG.info(
                "Submitted job '{}' v{} as Flink job {} with jars {}",
                job.name(),
                version.version(),
                flinkJobId,
                compiled.attachedJars());
            jobs.updateState(job.id(), JobState.RUNNING, null);
            jobs.addOperatorOwners(job.id(), flinkJobId, compiled.operatorOwners());
          } catch (ClusterException e) {
            // Not submitted: the job stays as it was, nothing half-written.
            jobs.restore(job);
            throw e;
          } catch (RuntimeException e) {
            // Unknown outcome (e.g. a timeout after the graph was sent): the reconciler will find
            // out.
            LOG.warn(
                "Submission of job '{}' ended uncertainly; leaving it to the reconciler",
                job.name(),
                e);
            throw e;
          }
          return scripts.get(jobId);
        });
  }

  /** What restoring the current version from a savepoint would keep and drop, per statement. */
  public RestorePlan restorePlan(long jobId, String savepoint) {
    Job job = scripts.get(jobId);
    String path =
        restorePath(job, savepoint == null ? "latest" : savepoint)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "Name a savepoint: latest, latest-checkpoint or a path"));
    String probeId = HexFormat.of().formatHex(uuidBytes());
    CompiledJob compiled =
        engine.compile(
            request(job, scripts.current(jobId).script(), jobs.operatorUids(jobId)), probeId, path);
    return compiled.restorePlan(jobs.operatorOwners(jobId));
  }

  /** Pseudo-statement for savepoint state whose owner no deployment of this job recorded. */
  public static final String UNATTRIBUTED = "unattributed";

  private static void checkStateIsKept(
      Job job, RestorePlan plan, List<String> confirmDrop, CompiledJob compiled) {
    java.util.Set<String> dropping = new java.util.TreeSet<>(plan.statementsDroppingState());
    if (plan.unowned().stream().anyMatch(o -> o.stateBytes() > 0)) {
      dropping.add(UNATTRIBUTED);
    }
    java.util.Set<String> confirmed = new java.util.TreeSet<>(confirmDrop);
    java.util.Set<String> extra = new java.util.TreeSet<>(confirmed);
    extra.removeAll(dropping);
    if (!extra.isEmpty()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "Nothing to confirm",
          "confirmDrop names statements whose state would not be dropped: "
              + extra
              + (dropping.isEmpty()
                  ? " (this restore keeps all state)"
                  : "; state would be dropped only for " + dropping),
          List.of(),
          Map.of("restorePlan", plan));
    }
    if (!confirmed.equals(dropping)) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "Restore would drop state",
          "Restoring job '"
              + job.name()
              + "' from "
              + plan.savepoint()
              + " would drop the state of "
              + dropping
              + ". Deploy again with confirmDrop naming exactly these statements to accept that, or restore without"
              + " the change",
          List.of(),
          Map.of("restorePlan", plan, "statementsDroppingState", dropping));
    }
    if (!dropping.isEmpty()) {
      LOG.warn("Job '{}': dropping the state of {} as confirmed by the user", job.name(), dropping);
      compiled.allowDroppingState();
    } else if (plan.hasUnmappedOperators()) {
      // Only operators that hold no bytes (changed stateless steps) are unmapped: nothing is lost.
      compiled.allowDroppingState();
    }
  }

  /** Stops a running job, by default with a savepoint that a later deploy can restore from. */
  public StopResult stop(long jobId, boolean savepoint, boolean drain) {
    return locks.withLock(
        jobId,
        () -> {
          Job job = scripts.get(jobId);
          Cluster cluster = clusters.get(job.clusterId());
          ClusterClient client = engine.cluster(cluster.restUrl());
          Optional<JobStatus> status =
              job.flinkJobId() == null ? Optional.empty() : client.job(job.flinkJobId());
          if (!job.active() || status.isEmpty() || status.get().terminal()) {
            throw ApiException.conflict(
                "Job '"
                    + job.name()
                    + "' is not running (state "
                    + status.map(JobStatus::state).orElse(job.state())
                    + ")");
          }
          jobs.updateDesired(job.id(), "STOPPED");
          status.get().lastCheckpoint().ifPresent(c -> jobs.recordCheckpoint(job.id(), c.path()));
          String path = null;
          if (savepoint) {
            try {
              path =
                  client.stopWithSavepoint(
                      job.flinkJobId(), null, drain, properties.jobs().savepointTimeout());
            } catch (ClusterException e) {
              jobs.updateDesired(job.id(), "RUNNING");
              throw e;
            }
            jobs.addSavepoint(job.id(), job.flinkJobId(), job.deployedVersion(), "SAVEPOINT", path);
          } else {
            client.cancel(job.flinkJobId());
          }
          jobs.updateState(job.id(), JobState.STOPPED, null);
          return new StopResult(scripts.get(jobId), path);
        });
  }

  /**
   * Stops every job running on the cluster with a savepoint, keeping them desired RUNNING, so that
   * {@link #resumeSuspended} brings them back; for the local cluster, which stops with the server.
   */
  public void suspendAll(long clusterId) {
    for (Job job : jobs.findAll()) {
      if (job.clusterId() != clusterId || !job.active()) {
        continue;
      }
      locks.withLock(
          job.id(),
          () -> {
            try {
              Cluster cluster = clusters.get(clusterId);
              String path =
                  engine
                      .cluster(cluster.restUrl())
                      .stopWithSavepoint(
                          job.flinkJobId(), null, false, properties.jobs().savepointTimeout());
              jobs.addSavepoint(
                  job.id(), job.flinkJobId(), job.deployedVersion(), "SAVEPOINT", path);
              jobs.updateState(job.id(), JobState.SUSPENDED, null);
              LOG.info("Suspended job '{}' with savepoint {}", job.name(), path);
            } catch (RuntimeException e) {
              LOG.warn(
                  "Could not suspend job '{}' with a savepoint; it will be found LOST after the restart",
                  job.name(),
                  e);
            }
            return null;
          });
    }
  }

  /** Deploys every suspended job of the cluster again from the savepoint it was suspended with. */
  public void resumeSuspended(long clusterId) {
    for (Job job : jobs.findAll()) {
      if (job.clusterId() != clusterId || !job.state().equals(JobState.SUSPENDED.name())) {
        continue;
      }
      try {
        deploy(job.id(), "latest");
        LOG.info("Resumed job '{}' from its latest savepoint", job.name());
      } catch (RuntimeException e) {
        LOG.warn("Could not resume job '{}'", job.name(), e);
        jobs.updateState(
            job.id(),
            JobState.FAILED,
            "Could not resume after the server restarted: " + e.getMessage());
      }
    }
  }

  /** Takes a savepoint of a running job without stopping it. */
  public Savepoint savepoint(long jobId) {
    Job job = scripts.get(jobId);
    Cluster cluster = clusters.get(job.clusterId());
    if (!job.active()) {
      throw ApiException.conflict("Job '" + job.name() + "' is not running");
    }
    String path =
        engine
            .cluster(cluster.restUrl())
            .triggerSavepoint(job.flinkJobId(), null, properties.jobs().savepointTimeout());
    jobs.addSavepoint(job.id(), job.flinkJobId(), job.deployedVersion(), "SAVEPOINT", path);
    return jobs.savepoints(jobId).get(0);
  }

  /** The job with what the cluster reports about it right now. */
  public JobView status(long jobId) {
    Job job = scripts.get(jobId);
    Cluster cluster = clusters.get(job.clusterId());
    Optional<JobStatus> live = Optional.empty();
    boolean reachable = true;
    if (job.flinkJobId() != null) {
      try {
        live = engine.cluster(cluster.restUrl()).job(job.flinkJobId());
      } catch (ClusterException e) {
        reachable = false;
      }
    }
    return JobView.of(job, cluster, live, reachable);
  }

  public List<Savepoint> savepoints(long jobId) {
    scripts.get(jobId);
    return jobs.savepoints(jobId);
  }

  private Optional<String> restorePath(Job job, String restore) {
    String r = restore == null ? "none" : restore.trim();
    return switch (r) {
      case "", "none" -> Optional.empty();
      case "latest" ->
          Optional.of(
              jobs.savepoints(job.id()).stream()
                  .findFirst()
                  .map(Savepoint::path)
                  .orElseThrow(
                      () ->
                          ApiException.conflict(
                              "Job '" + job.name() + "' has no savepoint to restore from")));
      case "latest-checkpoint" ->
          Optional.of(
              Optional.ofNullable(job.lastCheckpoint())
                  .orElseThrow(
                      () ->
                          ApiException.conflict(
                              "Job '"
                                  + job.name()
                                  + "' has no retained checkpoint to restore from")));
      default -> Optional.of(r);
    };
  }

  private CompileRequest request(Job job, String script) {
    return requests.of(job, script, java.util.Set.of());
  }

  private CompileRequest request(Job job, String script, java.util.Set<String> knownUids) {
    return requests.of(job, script, knownUids);
  }

  private static byte[] uuidBytes() {
    UUID u = UUID.randomUUID();
    return java.nio.ByteBuffer.allocate(16)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }

  /** The outcome of a stop. */
  public record StopResult(Job job, String savepointPath) {}
}
