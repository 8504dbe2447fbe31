package dev.sluice.server.jobs;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.engine.api.JobStatus;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterStore;
import dev.sluice.server.secrets.DeploymentCredentials;
import dev.sluice.server.secrets.SecretRedactor;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings the store's view of each active job in line with its cluster: running jobs are re-attached
 * (their Flink job id is kept), failed ones marked failed, vanished ones marked lost. It never
 * submits anything: a job whose submission was interrupted or got no answer is found by its
 * pre-recorded Flink job id or, once it can no longer arrive, marked lost, so no job ever runs
 * twice.
 */
@Component
public class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final Set<JobState> WATCHED =
      EnumSet.of(JobState.SUBMITTING, JobState.RUNNING, JobState.RESTARTING, JobState.STOPPING);
  private final JobStore jobs;
  private final ClusterStore clusters;
  private final Engine engine;
  private final JobLocks locks;
  private final Clock clock;
  private final SecretRedactor redactor;
  private final DeploymentCredentials credentials;

  public Reconciler(
      JobStore jobs,
      ClusterStore clusters,
      Engine engine,
      JobLocks locks,
      Clock clock,
      SecretRedactor redactor,
      DeploymentCredentials credentials) {
    this.redactor = redactor;
    this.credentials = credentials;
    this.jobs = jobs;
    this.clusters = clusters;
    this.engine = engine;
    this.locks = locks;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${sluice.reconcile.initial-delay:5s}",
      fixedDelayString = "${sluice.reconcile.interval:5s}")
  public void reconcile() {
    for (Job job : jobs.findByStates(WATCHED)) {
      try {
        // A job being deployed or stopped right now is left alone; its state is re-read under the
        // lock.
        locks.ifFree(
            job.id(),
            () ->
                jobs.findById(job.id())
                    .filter(j -> WATCHED.contains(j.state()))
                    .ifPresent(this::reconcile));
      } catch (ClusterException e) {
        LOG.debug("Cluster of job '{}' unreachable: {}", job.name(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("Reconciling job '{}' failed", job.name(), e);
      }
    }
  }

  void reconcile(Job job) {
    Cluster cluster = clusters.findById(job.clusterId()).orElseThrow();
    Optional<JobStatus> status = engine.cluster(cluster.restUrl()).job(job.flinkJobId());
    if (status.isEmpty()) {
      if (job.state() == JobState.SUBMITTING && DeploymentService.mayStillArrive(job, clock)) {
        return;
      }
      String why =
          job.state() == JobState.SUBMITTING
              ? "The submission was interrupted before the cluster accepted the job"
              : "The job vanished from cluster '"
                  + cluster.name()
                  + "' (cluster restarted or job removed outside Sluice)";
      LOG.warn("Job '{}' ({}): {}", job.name(), job.flinkJobId(), why);
      credentials.revoke(job.id(), job.flinkJobId());
      jobs.updateObserved(job.id(), JobState.LOST, null, why);
      return;
    }
    JobStatus s = status.get();
    String checkpoint = s.lastCheckpoint().map(JobStatus.Checkpoint::path).orElse(null);
    JobState observed = observed(s.state());
    if (!observed.active()) {
      // The deployment ended on the cluster (finished, failed, cancelled outside Sluice): its
      // credential fetches no key any more. Revoked first, so that it is retried if what follows
      // fails.
      credentials.revoke(job.id(), job.flinkJobId());
    }
    if (observed != job.state()) {
      LOG.info(
          "Job '{}' ({}) is {} on the cluster (was {})",
          job.name(),
          job.flinkJobId(),
          s.state(),
          job.state());
    }
    if (job.state() == JobState.SUBMITTING) {
      // The submission arrived after all: its "outcome unknown" note is no longer true.
      jobs.updateState(job.id(), observed, redactor.redact(s.failure().orElse(null)));
      if (checkpoint != null) {
        jobs.recordCheckpoint(job.id(), checkpoint);
      }
    } else if (observed != job.state()
        || (checkpoint != null && !checkpoint.equals(job.lastCheckpoint()))) {
      jobs.updateObserved(
          job.id(), observed, checkpoint, redactor.redact(s.failure().orElse(null)));
    }
    if (observed == JobState.FINISHED && job.desiredState() == DesiredState.RUNNING) {
      // A bounded job that read all its input did what was asked: it is not meant to run again.
      jobs.updateDesired(job.id(), DesiredState.STOPPED);
    }
  }

  static JobState observed(FlinkJobState state) {
    return switch (state) {
      case RUNNING, CREATED, INITIALIZING, RECONCILING -> JobState.RUNNING;
      case RESTARTING, FAILING -> JobState.RESTARTING;
      case CANCELLING -> JobState.STOPPING;
      case FAILED -> JobState.FAILED;
      case FINISHED -> JobState.FINISHED;
      case CANCELED, SUSPENDED -> JobState.STOPPED;
    };
  }
}
