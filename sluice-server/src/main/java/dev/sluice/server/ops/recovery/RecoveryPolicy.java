package dev.sluice.server.ops.recovery;

import static java.util.Objects.requireNonNull;

import dev.sluice.server.ops.alerts.Tier;
import java.time.Duration;

/**
 * When and how Sluice restarts a job that Flink's own restart strategy did not keep running: it
 * ended FAILED (or vanished from its cluster), has been RESTARTING longer than {@code
 * stuckRestartingAfter}, restarted {@code restartsCount} times within {@code restartsWithin}, or
 * completed no checkpoint for {@code noCheckpointFor} (zero: not watched). Each attempt waits
 * {@code initialBackoff}, doubled per attempt up to {@code maxBackoff}; after {@code maxAttempts}
 * the policy gives up.
 */
public record RecoveryPolicy(
    boolean enabled,
    RestoreFrom restoreFrom,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration stuckRestartingAfter,
    int restartsCount,
    Duration restartsWithin,
    Duration noCheckpointFor) {
  public RecoveryPolicy {
    requireNonNull(restoreFrom, "restoreFrom is null");
    requireNonNull(initialBackoff, "initialBackoff is null");
    requireNonNull(maxBackoff, "maxBackoff is null");
    requireNonNull(stuckRestartingAfter, "stuckRestartingAfter is null");
    requireNonNull(restartsWithin, "restartsWithin is null");
    requireNonNull(noCheckpointFor, "noCheckpointFor is null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (restartsCount < 1) {
      throw new IllegalArgumentException("restartsCount must be at least 1");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
    }
  }

  /**
   * A tier's policy for jobs that have none of their own: P0 and P1 jobs are recovered, P2 jobs
   * (the default tier) are left to Flink's restart strategy until a policy is set.
   */
  public static RecoveryPolicy defaultFor(Tier tier) {
    return switch (tier) {
      case P0 ->
          new RecoveryPolicy(
              true,
              RestoreFrom.CHECKPOINT,
              5,
              Duration.ofSeconds(10),
              Duration.ofMinutes(5),
              Duration.ofMinutes(5),
              5,
              Duration.ofMinutes(10),
              Duration.ofMinutes(15));
      case P1 ->
          new RecoveryPolicy(
              true,
              RestoreFrom.CHECKPOINT,
              3,
              Duration.ofSeconds(30),
              Duration.ofMinutes(10),
              Duration.ofMinutes(10),
              10,
              Duration.ofMinutes(30),
              Duration.ofMinutes(30));
      case P2 ->
          new RecoveryPolicy(
              false,
              RestoreFrom.CHECKPOINT,
              3,
              Duration.ofMinutes(1),
              Duration.ofMinutes(10),
              Duration.ofMinutes(15),
              10,
              Duration.ofMinutes(30),
              Duration.ofMinutes(30));
    };
  }

  /**
   * The wait before attempt {@code attempt} (1, 2, ...): the initial backoff doubled per attempt.
   */
  public Duration backoff(int attempt) {
    Duration d = initialBackoff;
    for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
