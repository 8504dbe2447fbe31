package dev.sluice.server.ops.recovery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * Where the recovery policy stands with one job, as the store keeps it so that a restarted server
 * continues where it was.
 *
 * @param attempts the attempts made in the current episode
 * @param reason what started the episode
 * @param nextAttemptAt when the next attempt is due (phase WAITING)
 * @param lastAttemptAt when the last attempt was made
 * @param flinkJobId the Flink job the episode is about: the one that failed (WAITING, GAVE_UP) or
 *     the one the last attempt submitted (RECOVERING; null while that submission is under way)
 * @param restartingJobId the Flink job seen RESTARTING since {@code restartingSince}, or null
 */
public record RecoveryProgress(
    long jobId,
    Phase phase,
    int attempts,
    String reason,
    Instant episodeStartedAt,
    Instant nextAttemptAt,
    Instant lastAttemptAt,
    String flinkJobId,
    String restartingJobId,
    Instant restartingSince) {
  public RecoveryProgress {
    requireNonNull(phase, "phase is null");
  }

  /** What the policy is doing with the job. */
  public enum Phase {
    /** Nothing to recover. */
    IDLE,
    /** A recovery is due at {@code nextAttemptAt}. */
    WAITING,
    /** An attempt was made; the job must run for a while before the episode ends. */
    RECOVERING,
    /** The attempts ran out; the job is left as it is until it runs again or is deployed. */
    GAVE_UP;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public static RecoveryProgress idle(long jobId) {
    return new RecoveryProgress(jobId, Phase.IDLE, 0, null, null, null, null, null, null, null);
  }

  /** Back to nothing to recover, keeping what is known of a restarting Flink job. */
  public RecoveryProgress reset() {
    return new RecoveryProgress(
        jobId, Phase.IDLE, 0, null, null, null, null, null, restartingJobId, restartingSince);
  }

  /** An attempt is due at {@code at}; the episode began {@code now} unless it began before. */
  public RecoveryProgress waiting(String why, Instant at, String failedJobId, Instant now) {
    return new RecoveryProgress(
        jobId,
        Phase.WAITING,
        attempts,
        why,
        episodeStartedAt == null ? now : episodeStartedAt,
        at,
        lastAttemptAt,
        failedJobId,
        restartingJobId,
        restartingSince);
  }

  public RecoveryProgress attempting(int attempt, Instant at) {
    return new RecoveryProgress(
        jobId, Phase.RECOVERING, attempt, reason, episodeStartedAt, null, at, null, null, null);
  }

  public RecoveryProgress submitted(String submittedJobId) {
    return new RecoveryProgress(
        jobId,
        Phase.RECOVERING,
        attempts,
        reason,
        episodeStartedAt,
        null,
        lastAttemptAt,
        submittedJobId,
        restartingJobId,
        restartingSince);
  }

  public RecoveryProgress gaveUp(String why, String failedJobId) {
    return new RecoveryProgress(
        jobId,
        Phase.GAVE_UP,
        attempts,
        why,
        episodeStartedAt,
        null,
        lastAttemptAt,
        failedJobId,
        restartingJobId,
        restartingSince);
  }

  public RecoveryProgress restarting(String restartingFlinkJob, Instant since) {
    return new RecoveryProgress(
        jobId,
        phase,
        attempts,
        reason,
        episodeStartedAt,
        nextAttemptAt,
        lastAttemptAt,
        flinkJobId,
        restartingFlinkJob,
        since);
  }
}
