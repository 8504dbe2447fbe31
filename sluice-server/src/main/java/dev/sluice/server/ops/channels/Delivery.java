package dev.sluice.server.ops.channels;

import dev.sluice.server.ops.alerts.AlertNotification;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One notification through one channel: queued, then sent until delivered or given up.
 *
 * @param status {@code firing} or {@code resolved}
 * @param occurrence 0 for an alert's first notification of the status, 1, 2, ... for the repeats of
 *     a still firing one
 * @param summary what was sent, one line, no secrets
 * @param recipient where it went, as configured (references, not values)
 * @param attempts how many sends were tried
 * @param lastError why the last attempt failed, or null
 * @param nextAttemptAt when it is tried again, or null when it is done
 * @param log every attempt, oldest first
 */
public record Delivery(
    long id,
    String channel,
    String project,
    long alertId,
    String status,
    OffsetDateTime firingSince,
    int occurrence,
    AlertNotification notification,
    String summary,
    String recipient,
    DeliveryState state,
    int attempts,
    String lastError,
    OffsetDateTime createdAt,
    OffsetDateTime deliveredAt,
    OffsetDateTime nextAttemptAt,
    List<Attempt> log) {
  public Delivery {
    log = log == null ? List.of() : List.copyOf(log);
  }

  /** One send: when, and delivered or why not. */
  public record Attempt(int attempt, OffsetDateTime at, boolean delivered, String detail) {}

  Delivery withLog(List<Attempt> log) {
    return new Delivery(
        id,
        channel,
        project,
        alertId,
        status,
        firingSince,
        occurrence,
        notification,
        summary,
        recipient,
        state,
        attempts,
        lastError,
        createdAt,
        deliveredAt,
        nextAttemptAt,
        log);
  }
}
