package dev.sluice.server.ops.alerts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One episode of a rule's conditions holding on a job (and vertex): from pending to resolved. A
 * pending alert whose conditions stop holding before its {@code for} is over is dropped.
 *
 * @param vertex the vertex, or null for a job-level alert
 * @param value the value of the first condition that held, at the last evaluation it held
 * @param notified the last status sent ({@code firing}, {@code resolved}), or null if none was
 * @param suppressed {@code silenced} or {@code inhibited} at the last evaluation, or null
 */
public record Alert(
    long id,
    long ruleId,
    long jobId,
    String vertex,
    AlertState state,
    Tier severity,
    Double value,
    Instant pendingSince,
    Instant firingSince,
    Instant resolvedAt,
    String notified,
    Instant lastNotifiedAt,
    String suppressed) {
  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";

  public Alert {
    requireNonNull(state, "state is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(pendingSince, "pendingSince is null");
  }

  Alert with(AlertState state, Double value, Instant firingSince, Instant resolvedAt) {
    return new Alert(
        id,
        ruleId,
        jobId,
        vertex,
        state,
        severity,
        value,
        pendingSince,
        firingSince,
        resolvedAt,
        notified,
        lastNotifiedAt,
        suppressed);
  }

  Alert suppressed(String why) {
    return new Alert(
        id,
        ruleId,
        jobId,
        vertex,
        state,
        severity,
        value,
        pendingSince,
        firingSince,
        resolvedAt,
        notified,
        lastNotifiedAt,
        why);
  }

  /** When the current state began. */
  public Instant since() {
    return switch (state) {
      case PENDING -> pendingSince;
      case FIRING -> firingSince;
      case RESOLVED -> resolvedAt;
    };
  }
}
