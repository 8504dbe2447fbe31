package dev.sluice.server.jobs;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.CompiledJob;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.ExplainResult;
import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.engine.api.JobStatus;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.SubmitOutcome;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.secrets.DeploymentCredentials;
import dev.sluice.server.secrets.SecretRedactor;
import dev.sluice.server.secrets.SecretResolver;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Validates, explains, deploys and stops jobs. Every deployment is recorded (with the Flink job id
 * chosen here) before the job graph leaves, so a crash mid-way can be reconciled without ever
 * running a job twice.
 */
@Service
public class DeploymentService {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);

  /** Pseudo-statement for savepoint state whose owner no deployment of this job recorded. */
  public static final String UNATTRIBUTED = "unattributed";

  /**
   * The statements a deploy with this restore plan must name in {@code confirmDrop}: those losing
   * state, and {@link #UNATTRIBUTED} when state that no statement owns holds bytes.
   */
  public static List<String> statementsToConfirm(RestorePlan plan) {
    Set<String> dropping = new TreeSet<>(plan.statementsDroppingState());
    if (plan.unowned().stream().anyMatch(o -> o.stateBytes() > 0)) {
      dropping.add(UNATTRIBUTED);
    }
    return List.copyOf(dropping);
  }

  /**
   * How long a submission whose outcome is unknown may take to show on the cluster: the cluster may
   * still be storing the uploaded graph when the connection breaks.
   */
  static final Duration SUBMISSION_GRACE = Duration.ofSeconds(30);

  /** How long a stop waits for the job to leave RUNNING on the cluster after its savepoint. */
  static final Duration STOP_SETTLE = Duration.ofSeconds(30);

  private final Engine engine;
  private final JobStore jobs;
  private final ClusterService clusters;
  private final SluiceProperties properties;
  private final JobLocks locks;
  private final CompileRequests requests;
  private final Clock clock;
  private final SecretRedactor redactor;
  private final DeploymentCredentials credentials;

  public DeploymentService(
      Engine engine,
      JobStore jobs,
      ClusterService clusters,
      SluiceProperties properties,
      JobLocks locks,
      CompileRequests requests,
      Clock clock,
      SecretRedactor redactor,
      DeploymentCredentials credentials) {
    this.redactor = redactor;
    this.credentials = credentials;
    this.engine = engine;
    this.jobs = jobs;
    this.clusters = clusters;
    this.properties = properties;
    this.locks = locks;
    this.requests = requests;
    this.clock = clock;
  }

  /** Whether the job runs a program of an artifact instead of a script. */
  static boolean isJar(Job job) {
    return "JAR".equals(job.type());
  }

  /** Whether the job syncs tables of a data source. */
  static boolean isSync(Job job) {
    return "SYNC".equals(job.type());
  }

  public ValidationResult validate(long jobId, Optional<String> draft) {
    Job job = job(jobId);
    String script = draft.orElseGet(() -> currentVersion(job).script());
    if (isSync(job)) {
      // Validating a sync plans it against the source's catalog and builds its graph.
      try {
        engine.explainSync(requests.syncProgram(job, script, false).program());
        return new ValidationResult(List.of(), List.of());
      } catch (ScriptException e) {
        return new ValidationResult(List.of(), e.problems());
      }
    }
    if (isJar(job)) {
      // Validating a jar job builds its graph: the program's main runs, in a JVM of its own.
      try {
        engine.explainJar(requests.jarProgram(job, script));
        return new ValidationResult(List.of(), List.of());
      } catch (ScriptException e) {
        return new ValidationResult(List.of(), e.problems());
      }
    }
    // The engine sees references as plain strings; whether they may stand there and name secrets
    // that exist is checked here.
    ValidationResult result = engine.validate(request(job, script, Set.of()));
    List<Problem> secretProblems = requests.secretProblems(script, result.statements());
    if (secretProblems.isEmpty()) {
      return result;
    }
    List<Problem> problems = new java.util.ArrayList<>(result.problems());
    problems.addAll(secretProblems);
    problems.sort(
        java.util.Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    return new ValidationResult(result.statements(), problems);
  }

  public ExplainResult plan(long jobId, Optional<Integer> version) {
    Job job = job(jobId);
    String script = version.map(v -> version(job, v)).orElseGet(() -> currentVersion(job)).script();
    if (isJar(job)) {
      return engine.explainJar(requests.jarProgram(job, script));
    }
    if (isSync(job)) {
      return engine.explainSync(requests.syncProgram(job, script, false).program());
    }
    return engine.explain(request(job, script, Set.of()));
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
          Job job = job(jobId);
          ClusterClient client = client(job);
          checkNotRunning(job, client);
          client.overview(); // 503 before anything is written when the cluster is down
          Optional<String> restorePath = restorePath(job, restore);
          return deployVersion(job, currentVersion(job), restorePath, confirmDrop);
        });
  }

  /**
   * Deploys again the version that ran last (not a newer one saved since), restoring from a
   * savepoint or checkpoint; for the recovery policy, which brings back what ran and changes
   * nothing else. It takes the same path as a deploy: refused while the job's last submission runs
   * on the cluster or may still arrive, recorded SUBMITTING under a new Flink job id before it is
   * sent, and refused if the restore would drop state.
   *
   * @param restore as for {@link #deploy(long, String)}
   */
  public Job redeploy(long jobId, String restore) {
    return locks.withLock(
        jobId,
        () -> {
          Job job = job(jobId);
          ClusterClient client = client(job);
          checkNotRunning(job, client);
          client.overview(); // 503 before anything is written when the cluster is down
          Optional<String> restorePath = restorePath(job, restore);
          JobVersion version =
              job.deployedVersion() == null
                  ? currentVersion(job)
                  : version(job, job.deployedVersion());
          return deployVersion(job, version, restorePath, List.of());
        });
  }

  /**
   * Replaces a job's script and runs it, all or nothing: a running job keeps running on its old
   * version unless the new one starts. The restore plan is checked against a savepoint of the
   * running job before it is stopped; if anything fails after the stop, the old version is deployed
   * again from the savepoint the stop took.
   *
   * @param script the new script, checked before it is saved
   * @param save saves the new script as the job's current version; called once the new version is
   *     known to restore (or when the job does not run)
   */
  public Job upgrade(
      long jobId, String script, Supplier<JobVersion> save, List<String> confirmDrop) {
    return locks.withLock(
        jobId,
        () -> {
          Job job = job(jobId);
          ClusterClient client = client(job);
          Optional<JobStatus> live =
              job.active() && job.flinkJobId() != null
                  ? client.job(job.flinkJobId())
                  : Optional.empty();
          if (live.isEmpty() || live.get().state() != FlinkJobState.RUNNING) {
            // Refused before anything is saved: a job still restarting, or a submission in doubt.
            checkNotRunning(job, client);
            save.get();
            Job saved = job(jobId);
            Optional<String> restore =
                jobs.savepoints(jobId).isEmpty() ? Optional.empty() : restorePath(saved, "latest");
            return deployVersion(saved, currentVersion(saved), restore, confirmDrop);
          }
          // Nothing has changed yet: a restore that would be refused leaves the job as it is.
          String probe =
              client.triggerSavepoint(job.flinkJobId(), null, properties.jobs().savepointTimeout());
          jobs.addSavepoint(
              job.id(), job.flinkJobId(), job.deployedVersion(), SavepointKind.SAVEPOINT, probe);
          CompiledJob candidate = compileForSubmit(job, script, newFlinkJobId(), probe).job();
          checkStateIsKept(
              job, candidate.restorePlan(jobs.operatorOwners(jobId)), confirmDrop, candidate);

          JobVersion previous = version(job, job.deployedVersion());
          JobVersion next = save.get();
          String savepoint = stopWithSavepoint(job, client, false);
          Job stopped = job(jobId);
          try {
            return deployVersion(stopped, next, Optional.of(savepoint), confirmDrop);
          } catch (SubmitOutcomeUnknownException e) {
            throw e; // the new version may be running: never start the old one beside it
          } catch (RuntimeException e) {
            LOG.warn(
                "Job '{}': version {} did not start ({}); deploying version {} again from {}",
                job.name(),
                next.version(),
                e.getMessage(),
                previous.version(),
                savepoint);
            deployVersion(job(jobId), previous, Optional.of(savepoint), List.of());
            throw e;
          }
        });
  }

  /**
   * The tables a running sync job's definition matches in its source's catalog now that its running
   * deployment does not read: tables created since it was deployed. None while the plan has
   * problems (the next deploy says which).
   */
  public List<String> newSyncTables(Job job) {
    if (!isSync(job) || job.flinkJobId() == null || job.deployedVersion() == null) {
      return List.of();
    }
    JobVersion deployed = version(job, job.deployedVersion());
    List<String> planned;
    try {
      planned =
          requests.syncProgram(job, deployed.script(), false).program().tables().stream()
              .map(dev.sluice.engine.api.sync.SyncProgram.Table::id)
              .toList();
    } catch (ScriptException e) {
      return List.of();
    }
    java.util.Set<String> running = jobs.deploymentStatements(job.id(), job.flinkJobId());
    return planned.stream().filter(id -> !running.contains("table:" + id)).toList();
  }

  /**
   * Stops a running sync job with a savepoint and deploys the version that runs again from it,
   * planned against its source's catalog as it is now; all or nothing, as {@link #upgrade}.
   */
  public Job resync(long jobId) {
    Job job = job(jobId);
    JobVersion deployed = version(job, job.deployedVersion());
    return upgrade(jobId, deployed.script(), () -> deployed, List.of());
  }

  /** Refuses to deploy while the job's last submission runs, or may still be arriving. */
  private void checkNotRunning(Job job, ClusterClient client) {
    if (job.flinkJobId() == null || !(job.active() || job.state() == JobState.LOST)) {
      return;
    }
    Optional<JobStatus> running = client.job(job.flinkJobId());
    if (running.isPresent() && !running.get().terminal()) {
      throw new JobConflictException(
          "Job '"
              + job.name()
              + "' is already "
              + running.get().state()
              + " on cluster '"
              + clusters.get(job.clusterId()).name()
              + "' (Flink job "
              + job.flinkJobId()
              + "): stop it first");
    }
    if (running.isEmpty() && job.state() == JobState.SUBMITTING && mayStillArrive(job, clock)) {
      throw new JobConflictException(
          "Job '"
              + job.name()
              + "' was sent to the cluster as Flink job "
              + job.flinkJobId()
              + " moments ago and the cluster does not report it yet: deploy again once its state"
              + " is no longer SUBMITTING");
    }
  }

  /** Whether a submission without an answer may still show up on the cluster. */
  static boolean mayStillArrive(Job job, Clock clock) {
    return job.startedAt() != null
        && job.startedAt().plus(SUBMISSION_GRACE).isAfter(OffsetDateTime.now(clock));
  }

  /** Compiles, checks and submits one version; the caller holds the job's lock. */
  private Job deployVersion(
      Job job, JobVersion version, Optional<String> restorePath, List<String> confirmDrop) {
    Cluster cluster = clusters.get(job.clusterId());
    String flinkJobId = newFlinkJobId();
    // Compiled before anything is recorded: a script that does not compile changes nothing.
    Compiled submission =
        compileForSubmit(job, version.script(), flinkJobId, restorePath.orElse(null));
    CompiledJob compiled = submission.job();
    SecretResolver.Resolution secrets = submission.secrets();
    if (restorePath.isPresent()) {
      checkStateIsKept(
          job, compiled.restorePlan(jobs.operatorOwners(job.id())), confirmDrop, compiled);
    } else if (!confirmDrop.isEmpty()) {
      throw new InvalidRequestException(
          "confirmDrop only applies to a deploy that restores from a savepoint");
    }
    // This submission's own credential for its keys, in a jar of its own: never in the job's
    // configuration, which the cluster's REST API shows.
    Map<String, byte[]> credential = credentials.issue(job.id(), flinkJobId, version.script());
    jobs.markSubmitting(job.id(), flinkJobId, version.version());
    SubmitOutcome outcome = compiled.submit(cluster.restUrl(), credential);
    // The cluster's answers may quote the job graph; a secret's value never goes further.
    if (outcome instanceof SubmitOutcome.NotSent n) {
      outcome = new SubmitOutcome.NotSent(n.jobId(), secrets.redact(n.cause()));
    } else if (outcome instanceof SubmitOutcome.Rejected r) {
      outcome = new SubmitOutcome.Rejected(r.jobId(), secrets.redact(r.cause()));
    } else if (outcome instanceof SubmitOutcome.Unknown u) {
      outcome = new SubmitOutcome.Unknown(u.jobId(), secrets.redact(u.cause()));
    }
    if (outcome instanceof SubmitOutcome.Accepted) {
      LOG.info(
          "Submitted job '{}' v{} as Flink job {} with jars {}",
          job.name(),
          version.version(),
          flinkJobId,
          compiled.attachedJars());
      jobs.updateState(job.id(), JobState.RUNNING, null);
      jobs.addOperatorOwners(job.id(), flinkJobId, compiled.operatorOwners());
      credentials.revokeAllBut(job.id(), flinkJobId); // a newer deployment ends the earlier ones
      requests.deployed(job, version);
    } else if (outcome instanceof SubmitOutcome.NotSent notSent) {
      // Nothing reached the cluster: the job stays as it was, nothing half-written.
      credentials.revoke(job.id(), flinkJobId);
      jobs.restore(job);
      throw new ClusterException(notSent.cause(), true, null);
    } else if (outcome instanceof SubmitOutcome.Rejected rejected) {
      credentials.revoke(job.id(), flinkJobId);
      jobs.restore(job);
      throw new ClusterException(rejected.cause(), false, null);
    } else if (outcome instanceof SubmitOutcome.Unknown unknown) {
      // The job may run under the recorded id: keep it (SUBMITTING) and its operators, so that the
      // reconciler finds it and nothing is submitted twice.
      LOG.warn(
          "Submission of job '{}' as Flink job {} got no answer ({}); the reconciler will look"
              + " for it",
          job.name(),
          flinkJobId,
          unknown.cause());
      jobs.addOperatorOwners(job.id(), flinkJobId, compiled.operatorOwners());
      jobs.updateState(
          job.id(), JobState.SUBMITTING, "Submission outcome unknown: " + unknown.cause());
      throw new SubmitOutcomeUnknownException(job.name(), flinkJobId, unknown.cause());
    }
    return job(job.id());
  }

  /** What restoring the current version from a savepoint would keep and drop, per statement. */
  public RestorePlan restorePlan(long jobId, String savepoint) {
    return restorePlan(jobId, savepoint, currentVersion(job(jobId)).script());
  }

  /**
   * What restoring a savepoint into the job compiled from the given script (e.g. a version not yet
   * saved as the job's) would keep and drop, per statement.
   *
   * @param savepoint {@code latest}, {@code latest-checkpoint} or a path
   */
  public RestorePlan restorePlan(long jobId, String savepoint, String script) {
    Job job = job(jobId);
    String path =
        restorePath(job, savepoint == null ? "latest" : savepoint)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "Name a savepoint: latest, latest-checkpoint or a path"));
    CompiledJob compiled = compileForSubmit(job, script, newFlinkJobId(), path).job();
    return compiled.restorePlan(jobs.operatorOwners(jobId));
  }

  /**
   * The state an {@link #upgrade} of the job would restore from, as far as it can be known without
   * touching the job: for a running job its latest completed checkpoint (the upgrade itself takes a
   * savepoint of the same state), for one that does not run its latest savepoint (which the upgrade
   * restores). No path when there is none, with why.
   */
  public UpgradeSource upgradeSource(long jobId) {
    Job job = job(jobId);
    if (job.active() && job.flinkJobId() != null) {
      Optional<JobStatus> live = client(job).job(job.flinkJobId());
      if (live.isPresent() && !live.get().terminal()) {
        return live.get()
            .lastCheckpoint()
            .map(c -> new UpgradeSource(c.path(), false, null))
            .orElseGet(
                () ->
                    new UpgradeSource(
                        null,
                        false,
                        "Job '"
                            + job.name()
                            + "' runs but has not completed a checkpoint yet: the plan is known"
                            + " once it has"));
      }
    }
    return jobs.savepoints(jobId).stream()
        .findFirst()
        .map(s -> new UpgradeSource(s.path(), false, null))
        .orElseGet(
            () ->
                new UpgradeSource(
                    null,
                    true,
                    "Job '"
                        + job.name()
                        + "' has no savepoint to restore from: it starts with empty state"));
  }

  /**
   * What an upgrade would restore from.
   *
   * @param path the savepoint or checkpoint, null when there is none
   * @param startsEmpty whether the upgrade restores no state at all (every statement starts empty)
   * @param reason why there is no path, null when there is one
   */
  public record UpgradeSource(String path, boolean startsEmpty, String reason) {}

  /**
   * Refuses a restore that would drop state the user did not confirm the loss of, and lets the
   * restore skip exactly the state that holds nothing or was confirmed.
   */
  static void checkStateIsKept(
      Job job, RestorePlan plan, List<String> confirmDrop, CompiledJob compiled) {
    Set<String> dropping = new TreeSet<>(statementsToConfirm(plan));
    Set<String> confirmed = new TreeSet<>(confirmDrop);
    Set<String> extra = new TreeSet<>(confirmed);
    extra.removeAll(dropping);
    if (!extra.isEmpty()) {
      throw new NothingToConfirmException(plan, extra, dropping);
    }
    if (!confirmed.equals(dropping)) {
      throw new StateWouldBeDroppedException(job.name(), plan, dropping);
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
          Job job = job(jobId);
          ClusterClient client = client(job);
          if (savepoint) {
            String path = stopWithSavepoint(job, client, drain);
            return new StopResult(job(jobId), path);
          }
          JobStatus status = running(job, client);
          jobs.updateDesired(job.id(), DesiredState.STOPPED);
          status.lastCheckpoint().ifPresent(c -> jobs.recordCheckpoint(job.id(), c.path()));
          client.cancel(job.flinkJobId());
          stopped(job, client);
          return new StopResult(job(jobId), null);
        });
  }

  /** The job as the cluster runs it now; refuses a job that is not running. */
  private JobStatus running(Job job, ClusterClient client) {
    Optional<JobStatus> status =
        job.flinkJobId() == null ? Optional.empty() : client.job(job.flinkJobId());
    if (!job.active() || status.isEmpty() || status.get().terminal()) {
      throw new JobConflictException(
          "Job '"
              + job.name()
              + "' is not running (state "
              + status.map(s -> s.state().name()).orElse(job.state().name())
              + ")");
    }
    return status.get();
  }

  /** Stops the job with a savepoint, records it and returns its path. */
  private String stopWithSavepoint(Job job, ClusterClient client, boolean drain) {
    JobStatus status = running(job, client);
    if (status.state() == FlinkJobState.RESTARTING || status.state() == FlinkJobState.FAILING) {
      // Its tasks are down: no savepoint can be taken, and Flink would only say so obscurely.
      throw new JobConflictException(
          "Job '"
              + job.name()
              + "' cannot be stopped with a savepoint: the job is "
              + status.state().name().toLowerCase(Locale.ROOT)
              + status.failure().map(f -> ": " + redactor.redact(f)).orElse("")
              + ". Stop it without a savepoint to cancel it");
    }
    jobs.updateDesired(job.id(), DesiredState.STOPPED);
    status.lastCheckpoint().ifPresent(c -> jobs.recordCheckpoint(job.id(), c.path()));
    String path;
    try {
      path =
          client.stopWithSavepoint(
              job.flinkJobId(), null, drain, properties.jobs().savepointTimeout());
    } catch (ClusterException e) {
      jobs.updateDesired(job.id(), DesiredState.RUNNING);
      throw e;
    }
    jobs.addSavepoint(
        job.id(), job.flinkJobId(), job.deployedVersion(), SavepointKind.SAVEPOINT, path);
    stopped(job, client);
    return path;
  }

  /**
   * Records the job stopped once the cluster reports it so: Flink answers a stop before the job has
   * left RUNNING, and what is shown (and what a following deploy competes with) is what it is then.
   */
  private void stopped(Job job, ClusterClient client) {
    // The cluster took the stop: the deployment's credential fetches no key from now on.
    credentials.revokeAll(job.id());
    client.awaitTerminal(job.flinkJobId(), STOP_SETTLE);
    jobs.updateState(job.id(), JobState.STOPPED, null);
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
              String path =
                  client(job)
                      .stopWithSavepoint(
                          job.flinkJobId(), null, false, properties.jobs().savepointTimeout());
              jobs.addSavepoint(
                  job.id(), job.flinkJobId(), job.deployedVersion(), SavepointKind.SAVEPOINT, path);
              credentials.revokeAll(job.id()); // resuming deploys it again, with a new one
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
      if (job.clusterId() != clusterId || job.state() != JobState.SUSPENDED) {
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
    Job job = job(jobId);
    if (!job.active()) {
      throw new JobConflictException("Job '" + job.name() + "' is not running");
    }
    String path =
        client(job).triggerSavepoint(job.flinkJobId(), null, properties.jobs().savepointTimeout());
    jobs.addSavepoint(
        job.id(), job.flinkJobId(), job.deployedVersion(), SavepointKind.SAVEPOINT, path);
    return jobs.savepoints(jobId).get(0);
  }

  /** The job with what the cluster reports about it right now. */
  public JobView status(long jobId) {
    Job job = job(jobId);
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
    job(jobId);
    return jobs.savepoints(jobId);
  }

  private Job job(long jobId) {
    return jobs.findById(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
  }

  private JobVersion currentVersion(Job job) {
    return version(job, job.currentVersion());
  }

  private JobVersion version(Job job, int version) {
    return jobs.version(job.id(), version)
        .orElseThrow(() -> new NotFoundException("Version " + version + " of job " + job.id()));
  }

  private ClusterClient client(Job job) {
    return engine.cluster(clusters.get(job.clusterId()).restUrl());
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
                          new JobConflictException(
                              "Job '" + job.name() + "' has no savepoint to restore from")));
      case "latest-checkpoint" ->
          Optional.of(
              Optional.ofNullable(job.lastCheckpoint())
                  .orElseThrow(
                      () ->
                          new JobConflictException(
                              "Job '"
                                  + job.name()
                                  + "' has no retained checkpoint to restore from")));
      default -> Optional.of(r);
    };
  }

  private CompileRequest request(Job job, String script, Set<String> knownUids) {
    return requests.of(job, script, knownUids);
  }

  /** A job graph compiled for the cluster, and the secret values it holds. */
  private record Compiled(CompiledJob job, SecretResolver.Resolution secrets) {}

  /**
   * Compiles what the cluster will run (or what decides a restore): the script's secret references
   * resolved. A failure's message never carries a value back.
   */
  private Compiled compileForSubmit(Job job, String script, String flinkJobId, String restorePath) {
    if (isJar(job)) {
      return new Compiled(
          engine.compileJar(requests.jarProgram(job, script), flinkJobId, restorePath),
          new SecretResolver.Resolution(script, Map.of()));
    }
    if (isSync(job)) {
      SyncPrograms.Program program = requests.syncProgram(job, script, true);
      SecretResolver.Resolution secrets = new SecretResolver.Resolution(script, program.secrets());
      try {
        return new Compiled(
            engine.compileSync(program.program(), flinkJobId, restorePath), secrets);
      } catch (ScriptException e) {
        throw secrets.redact(e);
      } catch (RuntimeException e) {
        // The source's connector may name its login in a message: only the redacted text goes on.
        String message = secrets.redact(e.getMessage());
        if (message != null && !message.equals(e.getMessage())) {
          throw new IllegalStateException(message);
        }
        throw e;
      }
    }
    CompileRequests.Submission submission =
        requests.forSubmit(
            job,
            script,
            jobs.operatorUids(job.id()),
            () -> engine.validate(request(job, script, Set.of())).statements());
    SecretResolver.Resolution secrets = submission.secrets();
    try {
      return new Compiled(engine.compile(submission.request(), flinkJobId, restorePath), secrets);
    } catch (ScriptException e) {
      throw secrets.redact(e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(secrets.redact(e.getMessage()));
    } catch (RuntimeException e) {
      String message = secrets.redact(e.getMessage());
      if (message != null && !message.equals(e.getMessage())) {
        // The cause would carry the value: only the redacted message goes on.
        throw new IllegalStateException(message);
      }
      throw e;
    }
  }

  private static String newFlinkJobId() {
    UUID u = UUID.randomUUID();
    return HexFormat.of()
        .formatHex(
            ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits())
                .array());
  }

  /** The outcome of a stop. */
  public record StopResult(Job job, String savepointPath) {}
}
