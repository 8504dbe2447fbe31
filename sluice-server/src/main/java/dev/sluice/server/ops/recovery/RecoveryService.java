package dev.sluice.server.ops.recovery;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.JobStatus;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.DesiredState;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobLocks;
import dev.sluice.server.jobs.JobState;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.jobs.Savepoint;
import dev.sluice.server.jobs.SubmitOutcomeUnknownException;
import dev.sluice.server.ops.alerts.Durations;
import dev.sluice.server.ops.alerts.JobTiers;
import dev.sluice.server.ops.alerts.Tier;
import dev.sluice.server.ops.alerts.WatchedJob;
import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricNames;
import dev.sluice.server.ops.metrics.MetricSample;
import dev.sluice.server.secrets.SecretRedactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The recovery policy at work: restarts a job that Flink's restart strategy did not keep running
 * (it ended FAILED or vanished, is stuck RESTARTING, or restarts too often) from its latest
 * checkpoint or savepoint, with backoff, up to the policy's attempts, then gives up. It submits
 * through the deploy path (a pre-assigned Flink job id recorded before the graph is sent) and only
 * after the cluster says the job's previous Flink job has ended, so no Sluice job ever has two
 * Flink jobs. Its progress is in the store, every step an event in the job's history.
 */
@Service
public class RecoveryService {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryService.class);
  static final String SOURCE = "recovery";

  private final JobStore jobs;
  private final JobTiers tiers;
  private final RecoveryStore store;
  private final EventLog events;
  private final DeploymentService deployments;
  private final ClusterService clusters;
  private final Engine engine;
  private final JobLocks locks;
  private final MetricHistory history;
  private final SecretRedactor redactor;
  private final RecoveryProperties properties;
  private final Clock clock;
  private final SyncSchemaChanges schemaChanges;

  public RecoveryService(
      JobStore jobs,
      JobTiers tiers,
      RecoveryStore store,
      EventLog events,
      DeploymentService deployments,
      ClusterService clusters,
      Engine engine,
      JobLocks locks,
      MetricHistory history,
      SecretRedactor redactor,
      RecoveryProperties properties,
      Clock clock,
      SyncSchemaChanges schemaChanges) {
    this.schemaChanges = schemaChanges;
    this.jobs = jobs;
    this.tiers = tiers;
    this.store = store;
    this.events = events;
    this.deployments = deployments;
    this.clusters = clusters;
    this.engine = engine;
    this.locks = locks;
    this.history = history;
    this.redactor = redactor;
    this.properties = properties;
    this.clock = clock;
  }

  /** The job's policy: its own, or its tier's default. */
  public RecoveryPolicy policy(long jobId) {
    return store.policy(jobId).orElseGet(() -> RecoveryPolicy.defaultFor(tier(jobId)));
  }

  /** Whether the job has a policy of its own (else it follows its tier). */
  public boolean ownPolicy(long jobId) {
    return store.policy(jobId).isPresent();
  }

  public RecoveryProgress progress(long jobId) {
    return store.progress(jobId).orElseGet(() -> RecoveryProgress.idle(jobId));
  }

  private Tier tier(long jobId) {
    return tiers.job(jobId).map(WatchedJob::tier).orElse(Tier.P2);
  }

  @Scheduled(
      initialDelayString = "${sluice.ops.recovery.initial-delay:10s}",
      fixedDelayString = "${sluice.ops.recovery.interval:5s}")
  public void run() {
    for (Job job : jobs.findAll()) {
      try {
        // A job being deployed, stopped or reconciled right now is looked at next time.
        locks.ifFree(job.id(), () -> jobs.findById(job.id()).ifPresent(this::look));
      } catch (RuntimeException e) {
        LOG.warn("Recovery of job '{}' not evaluated: {}", job.name(), e.toString());
      }
    }
  }

  /** One look at one job: what is seen, and the step of its policy that follows. */
  void look(Job job) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    RecoveryProgress p = progress(job.id());
    RecoveryPolicy policy = policy(job.id());
    if (job.desiredState() != DesiredState.RUNNING) {
      if (p.phase() == RecoveryProgress.Phase.WAITING
          || p.phase() == RecoveryProgress.Phase.RECOVERING) {
        event(job, "recovery.ended", "the job was stopped", "no further attempts", null, p);
      }
      if (p.phase() != RecoveryProgress.Phase.IDLE || p.restartingJobId() != null) {
        store.saveProgress(RecoveryProgress.idle(job.id()), now);
      }
      return;
    }
    if (p.phase() == RecoveryProgress.Phase.RECOVERING && p.flinkJobId() == null) {
      // The server stopped while the attempt's submission was under way: the job's recorded Flink
      // job is that submission (the reconciler finds it or marks it lost).
      if (job.flinkJobId() != null) {
        p = p.submitted(job.flinkJobId());
        store.saveProgress(p, now);
      }
    } else if (p.phase() != RecoveryProgress.Phase.IDLE
        && p.flinkJobId() != null
        && !p.flinkJobId().equals(job.flinkJobId())) {
      // Someone deployed the job since: this episode is over.
      event(job, "recovery.ended", "the job was deployed again", "no further attempts", null, p);
      p = p.reset();
      store.saveProgress(p, now);
    }
    if (SyncSchemaChanges.applies(job) && schemaChanges.handle(job, now)) {
      return; // a changed source table: the sync's schema change policy decides, not restarts
    }
    p = trackRestarting(job, p, now);
    if (p.phase() == RecoveryProgress.Phase.IDLE && !policy.enabled()) {
      return; // nothing to decide: the metrics are not even read
    }
    Optional<String> trigger = trigger(job, policy, p, now);
    switch (p.phase()) {
      case IDLE -> {
        if (trigger.isPresent() && policy.enabled()) {
          schedule(job, policy, p, trigger.get(), now);
        }
      }
      case WAITING -> {
        if (!policy.enabled()) {
          event(job, "recovery.ended", p.reason(), "the policy was disabled", null, p);
          store.saveProgress(p.reset(), now);
        } else if (trigger.isEmpty() && job.state() == JobState.RUNNING) {
          event(job, "recovery.ended", "the job runs again", "no attempt was needed", null, p);
          store.saveProgress(p.reset(), now);
        } else if (!now.isBefore(p.nextAttemptAt())) {
          attempt(job, policy, p, now);
        }
      }
      case RECOVERING -> {
        if (trigger.isPresent()) {
          if (!policy.enabled()) {
            event(job, "recovery.ended", trigger.get(), "the policy was disabled", null, p);
            store.saveProgress(p.reset(), now);
          } else {
            schedule(job, policy, p, trigger.get(), now);
          }
        } else if (job.state() == JobState.RUNNING
            && p.lastAttemptAt() != null
            && !now.isBefore(p.lastAttemptAt().plus(properties.healthyAfter()))) {
          event(
              job,
              "recovery.succeeded",
              "the job has run for " + Durations.format(properties.healthyAfter()),
              null,
              "recovered after " + attempts(p.attempts()),
              p);
          store.saveProgress(p.reset(), now);
        }
      }
      case GAVE_UP -> {
        if (job.state() == JobState.RUNNING
            && trigger.isEmpty()
            && p.lastAttemptAt() != null
            && !now.isBefore(p.lastAttemptAt().plus(properties.healthyAfter()))) {
          store.saveProgress(p.reset(), now);
        }
      }
    }
  }

  /** Remembers since when the job's Flink job has been RESTARTING (forgotten once it runs). */
  private RecoveryProgress trackRestarting(Job job, RecoveryProgress p, Instant now) {
    if (job.state() == JobState.RESTARTING && job.flinkJobId() != null) {
      if (!job.flinkJobId().equals(p.restartingJobId())) {
        p = p.restarting(job.flinkJobId(), now);
        store.saveProgress(p, now);
      }
    } else if (p.restartingJobId() != null) {
      p = p.restarting(null, null);
      store.saveProgress(p, now);
    }
    return p;
  }

  /** What is wrong with the job that its policy acts on, in one sentence; empty: nothing. */
  Optional<String> trigger(Job job, RecoveryPolicy policy, RecoveryProgress p, Instant now) {
    String flinkJob = job.flinkJobId() == null ? "" : " (Flink job " + job.flinkJobId() + ")";
    String error = job.lastError() == null ? "" : ": " + redactor.redact(job.lastError());
    return switch (job.state()) {
      case FAILED ->
          Optional.of("The job failed" + flinkJob + ", Flink's restart strategy gave up" + error);
      case LOST -> Optional.of("The job is no longer on its cluster" + flinkJob + error);
      case STOPPED ->
          // Cancelled by an attempt that did not get to submit (the server stopped in between).
          p.phase() == RecoveryProgress.Phase.WAITING
                  || p.phase() == RecoveryProgress.Phase.RECOVERING
              ? Optional.of("The job was cancelled by a recovery that did not resubmit it")
              : Optional.empty();
      case RESTARTING -> {
        Duration restarting =
            p.restartingSince() == null
                ? Duration.ZERO
                : Duration.between(p.restartingSince(), now);
        yield restarting.compareTo(policy.stuckRestartingAfter()) >= 0
            ? Optional.of(
                "The job has been RESTARTING"
                    + flinkJob
                    + " for "
                    + Durations.format(restarting.truncatedTo(ChronoUnit.SECONDS))
                    + " (stuckRestartingAfter "
                    + Durations.format(policy.stuckRestartingAfter())
                    + ")"
                    + error)
            : restartedTooOften(job, policy, now);
      }
      case RUNNING ->
          restartedTooOften(job, policy, now).or(() -> noCheckpointProgress(job, policy, now));
      default -> Optional.empty();
    };
  }

  /**
   * No checkpoint completed for the policy's time, from the collected {@code checkpoint_age}; only
   * for a job that checkpoints (one completed or failed), so a job without checkpointing is left
   * alone.
   */
  private Optional<String> noCheckpointProgress(Job job, RecoveryPolicy policy, Instant now) {
    if (policy.noCheckpointFor().isZero()) {
      return Optional.empty();
    }
    Map<String, Double> latest = new HashMap<>();
    for (MetricSample s : history.latest(job.id(), now.minus(Duration.ofMinutes(2)))) {
      if (s.vertex() == null) {
        latest.put(s.name(), s.value());
      }
    }
    Double age = latest.get(MetricNames.CHECKPOINT_AGE);
    double completed = latest.getOrDefault(MetricNames.CHECKPOINTS_COMPLETED, 0.0);
    double failed = latest.getOrDefault(MetricNames.CHECKPOINTS_FAILED, 0.0);
    if (age == null || completed + failed <= 0 || age < policy.noCheckpointFor().toMillis()) {
      return Optional.empty();
    }
    return Optional.of(
        "The job completed no checkpoint for "
            + Durations.format(Duration.ofSeconds((long) (age / 1000)))
            + " (noCheckpointFor "
            + Durations.format(policy.noCheckpointFor())
            + "; "
            + (long) failed
            + " failed since it was submitted)");
  }

  /** Restarts within the policy's window, from the collected {@code restarts} counter. */
  private Optional<String> restartedTooOften(Job job, RecoveryPolicy policy, Instant now) {
    List<MetricSample> window =
        history
            .range(
                job.id(),
                Set.of(MetricNames.RESTARTS),
                now.minus(policy.restartsWithin()),
                now,
                Duration.ofSeconds(1))
            .stream()
            .filter(s -> s.vertex() == null)
            .sorted(Comparator.comparing(MetricSample::at))
            .toList();
    if (window.isEmpty()) {
      return Optional.empty();
    }
    double first = window.get(0).value();
    double last = window.get(window.size() - 1).value();
    // A counter that went down belongs to a new submission: it counts from zero.
    double increase = last >= first ? last - first : last;
    return increase >= policy.restartsCount()
        ? Optional.of(
            "The job restarted "
                + (long) increase
                + " times within "
                + Durations.format(policy.restartsWithin())
                + " (restartsThreshold "
                + policy.restartsCount()
                + ")")
        : Optional.empty();
  }

  /** The next attempt is scheduled after its backoff, or the policy gives up. */
  private void schedule(
      Job job, RecoveryPolicy policy, RecoveryProgress p, String why, Instant now) {
    if (p.attempts() >= policy.maxAttempts()) {
      giveUp(job, policy, p, why, now);
      return;
    }
    int next = p.attempts() + 1;
    Duration backoff = policy.backoff(next);
    RecoveryProgress waiting = p.waiting(why, now.plus(backoff), job.flinkJobId(), now);
    store.saveProgress(waiting, now);
    event(
        job,
        "recovery.scheduled",
        why,
        "restarting it from its "
            + policy.restoreFrom().json()
            + " in "
            + Durations.format(backoff)
            + " (attempt "
            + next
            + " of "
            + policy.maxAttempts()
            + ")",
        null,
        waiting,
        next);
  }

  private void giveUp(Job job, RecoveryPolicy policy, RecoveryProgress p, String why, Instant now) {
    String reason =
        "Recovery gave up after "
            + attempts(p.attempts())
            + " (maxAttempts "
            + policy.maxAttempts()
            + "): "
            + why;
    store.saveProgress(p.gaveUp(why, job.flinkJobId()), now);
    event(job, "recovery.gave-up", why, "no further attempts", reason, p, p.attempts());
    LOG.warn("Job '{}': {}", job.name(), reason);
    if (!job.active()) {
      jobs.updateState(job.id(), job.state(), reason);
    }
  }

  /**
   * One attempt, under the job's lock: the job's Flink job is cancelled if it still runs and
   * awaited until the cluster reports it ended, then the job is deployed again from the restore
   * point the policy names.
   */
  private void attempt(Job seen, RecoveryPolicy policy, RecoveryProgress p, Instant now) {
    int attempt = p.attempts() + 1;
    locks.withLock(
        seen.id(),
        () -> {
          Job job = jobs.findById(seen.id()).orElseThrow();
          ClusterClient client = engine.cluster(clusters.get(job.clusterId()).restUrl());
          StringBuilder action = new StringBuilder();
          if (job.flinkJobId() != null) {
            Optional<JobStatus> live;
            try {
              live = client.job(job.flinkJobId());
            } catch (RuntimeException e) {
              failed(job, policy, p, attempt, now, "the cluster did not answer", e);
              return null;
            }
            if (live.isPresent() && !live.get().terminal()) {
              live.get().lastCheckpoint().ifPresent(c -> jobs.recordCheckpoint(job.id(), c.path()));
              client.cancel(job.flinkJobId());
              Optional<JobStatus> ended =
                  client.awaitTerminal(job.flinkJobId(), properties.cancelTimeout());
              if (ended.isPresent() && !ended.get().terminal()) {
                failed(
                    job,
                    policy,
                    p,
                    attempt,
                    now,
                    "Flink job " + job.flinkJobId() + " did not end after it was cancelled",
                    null);
                return null;
              }
              action
                  .append("cancelled Flink job ")
                  .append(job.flinkJobId())
                  .append(" (")
                  .append(live.get().state())
                  .append("), ");
            }
          }
          Job current = jobs.findById(job.id()).orElseThrow();
          Restore restore = restore(current, policy);
          action
              .append("deployed version ")
              .append(
                  current.deployedVersion() == null
                      ? current.currentVersion()
                      : current.deployedVersion())
              .append(" again ")
              .append(restore.description());
          store.saveProgress(p.attempting(attempt, now), now);
          try {
            Job deployed = deployments.redeploy(current.id(), restore.restore());
            store.saveProgress(p.attempting(attempt, now).submitted(deployed.flinkJobId()), now);
            events.record(
                JobEvent.ofJob(
                    job.id(),
                    SOURCE,
                    "recovery.attempt",
                    p.reason(),
                    action.toString(),
                    "submitted as Flink job " + deployed.flinkJobId(),
                    attempt,
                    deployed.flinkJobId(),
                    now));
            LOG.info(
                "Job '{}': recovery attempt {} submitted Flink job {}",
                job.name(),
                attempt,
                deployed.flinkJobId());
          } catch (SubmitOutcomeUnknownException e) {
            // The job may run under the recorded id: the reconciler finds it or marks it lost.
            Job recorded = jobs.findById(job.id()).orElseThrow();
            store.saveProgress(p.attempting(attempt, now).submitted(recorded.flinkJobId()), now);
            events.record(
                JobEvent.ofJob(
                    job.id(),
                    SOURCE,
                    "recovery.attempt",
                    p.reason(),
                    action.toString(),
                    "the cluster did not answer the submission of Flink job "
                        + recorded.flinkJobId()
                        + "; the reconciler looks for it",
                    attempt,
                    recorded.flinkJobId(),
                    now));
          } catch (RuntimeException e) {
            failed(current, policy, p, attempt, now, action.toString(), e);
          }
          return null;
        });
  }

  /**
   * An attempt that submitted nothing: counted, and the next one scheduled (or the policy gives
   * up).
   */
  private void failed(
      Job job,
      RecoveryPolicy policy,
      RecoveryProgress p,
      int attempt,
      Instant now,
      String action,
      RuntimeException cause) {
    String outcome =
        "failed: " + (cause == null ? action : redactor.redact(String.valueOf(cause.getMessage())));
    events.record(
        JobEvent.ofJob(
            job.id(),
            SOURCE,
            "recovery.attempt",
            p.reason(),
            action,
            outcome,
            attempt,
            job.flinkJobId(),
            now));
    LOG.warn("Job '{}': recovery attempt {} {}", job.name(), attempt, outcome);
    RecoveryProgress counted = p.attempting(attempt, now).submitted(job.flinkJobId());
    schedule(job, policy, counted, p.reason() + "; attempt " + attempt + " " + outcome, now);
  }

  /** What to restore from, as a deploy names it, and how to say it. */
  private record Restore(String restore, String description) {}

  private Restore restore(Job job, RecoveryPolicy policy) {
    Optional<String> checkpoint = Optional.ofNullable(job.lastCheckpoint());
    Optional<String> savepoint =
        jobs.savepoints(job.id()).stream().findFirst().map(Savepoint::path);
    Optional<Restore> fromCheckpoint =
        checkpoint.map(c -> new Restore("latest-checkpoint", "from its latest checkpoint " + c));
    Optional<Restore> fromSavepoint =
        savepoint.map(s -> new Restore("latest", "from its latest savepoint " + s));
    Optional<Restore> chosen =
        policy.restoreFrom() == RestoreFrom.CHECKPOINT
            ? fromCheckpoint.or(() -> fromSavepoint)
            : fromSavepoint.or(() -> fromCheckpoint);
    return chosen.orElse(
        new Restore("none", "without state (it has no checkpoint and no savepoint)"));
  }

  private void event(
      Job job, String kind, String seen, String action, String outcome, RecoveryProgress p) {
    event(job, kind, seen, action, outcome, p, p.attempts() == 0 ? null : p.attempts());
  }

  private void event(
      Job job,
      String kind,
      String seen,
      String action,
      String outcome,
      RecoveryProgress p,
      Integer attempt) {
    events.record(
        JobEvent.ofJob(
            job.id(),
            SOURCE,
            kind,
            seen,
            action,
            outcome,
            attempt,
            job.flinkJobId(),
            clock.instant().truncatedTo(ChronoUnit.MILLIS)));
  }

  private static String attempts(int n) {
    return n == 1 ? "1 attempt" : n + " attempts";
  }
}
