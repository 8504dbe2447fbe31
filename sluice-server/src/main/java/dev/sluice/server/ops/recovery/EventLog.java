package dev.sluice.server.ops.recovery;

import java.time.Instant;
import java.util.List;

/** The events of jobs and clusters as the store keeps them. */
public interface EventLog {

  /** Records the event; returns its id. */
  long record(JobEvent event);

  /**
   * The job's events and those of the cluster it runs on, newest first.
   *
   * @param clusterId the job's cluster, whose own events (job null) are included
   * @param clusterSince cluster events before this (the job's creation) are not the job's history
   */
  List<JobEvent> ofJob(long jobId, long clusterId, Instant clusterSince, int limit);
}
