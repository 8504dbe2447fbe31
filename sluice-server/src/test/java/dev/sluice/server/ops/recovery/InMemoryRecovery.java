package dev.sluice.server.ops.recovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Recovery policies, progress and events in memory. */
final class InMemoryRecovery implements RecoveryStore, EventLog {
  private final Map<Long, RecoveryPolicy> policies = new HashMap<>();
  private final Map<Long, RecoveryProgress> progress = new HashMap<>();
  private final List<JobEvent> events = new ArrayList<>();

  @Override
  public synchronized Optional<RecoveryPolicy> policy(long jobId) {
    return Optional.ofNullable(policies.get(jobId));
  }

  @Override
  public synchronized void savePolicy(
      long jobId, RecoveryPolicy policy, String author, Instant at) {
    policies.put(jobId, policy);
  }

  @Override
  public synchronized Optional<RecoveryProgress> progress(long jobId) {
    return Optional.ofNullable(progress.get(jobId));
  }

  @Override
  public synchronized void saveProgress(RecoveryProgress p, Instant at) {
    progress.put(p.jobId(), p);
  }

  @Override
  public synchronized long record(JobEvent e) {
    long id = events.size() + 1;
    events.add(
        new JobEvent(
            id,
            e.jobId(),
            e.clusterId(),
            e.source(),
            e.kind(),
            e.seen(),
            e.action(),
            e.outcome(),
            e.attempt(),
            e.flinkJobId(),
            e.at()));
    return id;
  }

  @Override
  public synchronized List<JobEvent> ofJob(
      long jobId, long clusterId, Instant clusterSince, int limit) {
    return events.stream()
        .filter(
            e ->
                Objects.equals(e.jobId(), jobId)
                    || (e.jobId() == null
                        && Objects.equals(e.clusterId(), clusterId)
                        && !e.at().isBefore(clusterSince)))
        .sorted(Comparator.comparingLong(JobEvent::id).reversed())
        .limit(limit)
        .toList();
  }

  /** The kinds of the job's events, oldest first. */
  synchronized List<String> kinds(long jobId) {
    return events.stream()
        .filter(e -> Objects.equals(e.jobId(), jobId))
        .map(JobEvent::kind)
        .toList();
  }

  synchronized List<JobEvent> all() {
    return List.copyOf(events);
  }
}
