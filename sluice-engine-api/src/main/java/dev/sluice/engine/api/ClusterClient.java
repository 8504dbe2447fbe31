package dev.sluice.engine.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Operations on one session cluster. Every method throws {@link ClusterException} when the cluster
 * cannot be reached or refuses the request.
 */
public interface ClusterClient {

  /** Cluster version, slots and running jobs; the health check. */
  ClusterOverview overview();

  /** All jobs the cluster knows about, running or recently finished. */
  List<JobStatus> jobs();

  /** One job, or empty when the cluster does not know it. */
  Optional<JobStatus> job(String jobId);

  /**
   * Stops the job with a savepoint into the given directory and returns the savepoint path.
   *
   * @param drain whether to drain the pipeline (emit final results, advance watermarks to the end)
   */
  String stopWithSavepoint(String jobId, String targetDirectory, boolean drain, Duration timeout);

  /** Takes a savepoint of the running job without stopping it and returns its path. */
  String triggerSavepoint(String jobId, String targetDirectory, Duration timeout);

  /** Cancels the job without a savepoint. */
  void cancel(String jobId);

  /**
   * Waits until the job reaches a terminal state (a stop returns before the job has left RUNNING)
   * and returns what the cluster reports then, or the last state seen when the timeout passes.
   */
  Optional<JobStatus> awaitTerminal(String jobId, Duration timeout);
}
