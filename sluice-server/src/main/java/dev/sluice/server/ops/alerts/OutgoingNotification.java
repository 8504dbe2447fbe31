package dev.sluice.server.ops.alerts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A notification decided with the state change that caused it, waiting to be handed to the
 * notifier.
 *
 * @param holdUntil a digest notification waits until then; null: at once
 */
public record OutgoingNotification(
    long id,
    AlertNotification notification,
    List<String> channels,
    Instant createdAt,
    Instant holdUntil) {
  public OutgoingNotification {
    requireNonNull(notification, "notification is null");
    channels = List.copyOf(channels);
  }
}
