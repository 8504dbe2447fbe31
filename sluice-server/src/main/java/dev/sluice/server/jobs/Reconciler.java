package dev.sluice.server.jobs;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.JobStatus;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterRepository;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings the store's view of each active job in line with its cluster: running jobs are re-attached
 * (their Flink job id is kept), failed ones marked failed, vanished ones marked lost. It never
 * submits anything: a job whose submission was interrupted is found by its pre-recorded Flink job
 * id or marked lost, so no job ever runs twice.
 */
@Component
public class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final List<String> WATCHED =
      List.of(
          JobState.SUBMITTING.name(),
          JobState.RUNNING.name(),
          JobState.RESTARTING.name(),
          JobState.STOPPING.name());
  private final JobRepository jobs;
  private final ClusterRepository clusters;
  private final Engine engine;
  private final JobLocks locks;

  public Reconciler(JobRepository jobs, ClusterRepository clusters, Engine engine, JobLocks locks) {
    this.locks = locks;
    this.jobs = jobs;
    this.clusters = clusters;
    this.engine = engine;
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
      String why =
          job.state().equals(JobState.SUBMITTING.name())
              ? "The submission was interrupted before the cluster accepted the job"
              : "The job vanished from cluster '"
                  + cluster.name()
                  + "' (cluster restarted or job removed outside Sluice)";
      LOG.warn("Job '{}' ({}): {}", job.name(), job.flinkJobId(), why);
      jobs.updateObserved(job.id(), JobState.LOST, null, why);
      return;
    }
    JobStatus s = status.get();
    String checkpoint = s.lastCheckpoint().map(JobStatus.Checkpoint::path).orElse(null);
    JobState observed =
        switch (s.state()) {
          case "RUNNING", "CREATED", "INITIALIZING", "RECONCILING" -> JobState.RUNNING;
          case "RESTARTING", "FAILING" -> JobState.RESTARTING;
          case "CANCELLING" -> JobState.STOPPING;
          case "FAILED" -> JobState.FAILED;
          case "FINISHED" -> JobState.FINISHED;
          default -> JobState.STOPPED; // CANCELED, SUSPENDED
        };
    if (!observed.name().equals(job.state())
        || (checkpoint != null && !checkpoint.equals(job.lastCheckpoint()))) {
      if (!observed.name().equals(job.state())) {
        LOG.info(
            "Job '{}' ({}) is {} on the cluster (was {})",
            job.name(),
            job.flinkJobId(),
            s.state(),
            job.state());
      }
      jobs.updateObserved(job.id(), observed, checkpoint, s.failure().orElse(null));
    }
  }
}
