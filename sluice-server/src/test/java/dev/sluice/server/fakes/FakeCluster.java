package dev.sluice.server.fakes;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.ClusterOverview;
import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.engine.api.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session cluster in memory. Like Flink, a stopped or cancelled job still reports RUNNING right
 * after the call returns; it reaches its terminal state when someone waits for it.
 */
public final class FakeCluster implements ClusterClient {
  private final Map<String, JobStatus> jobs = new LinkedHashMap<>();
  private final Map<String, FlinkJobState> settling = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private int savepoints;
  private boolean reachable = true;

  /** Puts a job on the cluster as given. */
  public synchronized void run(String jobId, FlinkJobState state, String failure) {
    jobs.put(
        jobId,
        new JobStatus(
            jobId,
            "job",
            state,
            0,
            -1,
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.ofNullable(failure)));
  }

  /** Records a completed checkpoint of a job on the cluster, as its latest. */
  public synchronized void checkpoint(String jobId, String path) {
    JobStatus s = jobs.get(jobId);
    jobs.put(
        jobId,
        new JobStatus(
            s.jobId(),
            s.name(),
            s.state(),
            s.startTime(),
            s.endTime(),
            s.restarts(),
            Optional.of(new JobStatus.Checkpoint(1, path, 0, 512)),
            s.lastSavepoint(),
            s.failure()));
  }

  public synchronized void remove(String jobId) {
    jobs.remove(jobId);
  }

  public synchronized void reachable(boolean reachable) {
    this.reachable = reachable;
  }

  /** The calls that changed something, in order: {@code stopWithSavepoint <id>} ... */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized Optional<FlinkJobState> state(String jobId) {
    return Optional.ofNullable(jobs.get(jobId)).map(JobStatus::state);
  }

  /** The ids of the jobs the cluster runs (not in a terminal state). */
  public synchronized List<String> running() {
    return jobs.values().stream().filter(j -> !j.terminal()).map(JobStatus::jobId).toList();
  }

  private void check() {
    if (!reachable) {
      throw new ClusterException("The fake cluster cannot be reached", true, null);
    }
  }

  @Override
  public synchronized ClusterOverview overview() {
    check();
    return new ClusterOverview("1.20.3", 1, 8, 8 - running().size(), running().size());
  }

  @Override
  public synchronized List<JobStatus> jobs() {
    check();
    return List.copyOf(jobs.values());
  }

  @Override
  public synchronized Optional<JobStatus> job(String jobId) {
    check();
    return Optional.ofNullable(jobs.get(jobId));
  }

  @Override
  public synchronized String stopWithSavepoint(
      String jobId, String targetDirectory, boolean drain, Duration timeout) {
    check();
    calls.add("stopWithSavepoint " + jobId);
    settling.put(jobId, FlinkJobState.FINISHED);
    return "file:/savepoints/savepoint-" + (++savepoints);
  }

  @Override
  public synchronized String triggerSavepoint(
      String jobId, String targetDirectory, Duration timeout) {
    check();
    calls.add("triggerSavepoint " + jobId);
    return "file:/savepoints/savepoint-" + (++savepoints);
  }

  @Override
  public synchronized void cancel(String jobId) {
    check();
    calls.add("cancel " + jobId);
    settling.put(jobId, FlinkJobState.CANCELED);
  }

  @Override
  public synchronized Optional<JobStatus> awaitTerminal(String jobId, Duration timeout) {
    FlinkJobState end = settling.remove(jobId);
    if (end != null) {
      run(jobId, end, null);
    }
    return job(jobId);
  }
}
