package dev.sluice.server.jobs;

import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.engine.api.JobStatus;
import dev.sluice.server.clusters.Cluster;
import java.time.OffsetDateTime;
import java.util.Optional;

/** A job for the API: desired vs actual state, the Flink job, its checkpoints. */
public record JobView(
    long id,
    String name,
    String project,
    String type,
    String cluster,
    int currentVersion,
    Integer deployedVersion,
    DesiredState desiredState,
    JobState state,
    String flinkJobId,
    FlinkJobState flinkState,
    boolean clusterReachable,
    OffsetDateTime startedAt,
    Long restarts,
    String lastCheckpoint,
    String lastSavepoint,
    String lastError,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  public static JobView of(Job job, Cluster cluster, Optional<JobStatus> live, boolean reachable) {
    return new JobView(
        job.id(),
        job.name(),
        job.project(),
        job.type(),
        cluster.name(),
        job.currentVersion(),
        job.deployedVersion(),
        job.desiredState(),
        job.state(),
        job.flinkJobId(),
        live.map(JobStatus::state).orElse(null),
        reachable,
        job.startedAt(),
        live.map(JobStatus::restarts).orElse(null),
        live.flatMap(JobStatus::lastCheckpoint)
            .map(JobStatus.Checkpoint::path)
            .orElse(job.lastCheckpoint()),
        live.flatMap(JobStatus::lastSavepoint).map(JobStatus.Checkpoint::path).orElse(null),
        job.lastError(),
        job.createdAt(),
        job.updatedAt());
  }
}
