package dev.sluice.server.ops.alerts;

import java.util.List;

/** Sends notifications through channels and records every send (implemented by the channels). */
public interface Notifier {

  /**
   * Queues the notification for each named channel of the project; returns at once. Delivery is
   * retried with backoff and every attempt is recorded.
   */
  void notify(AlertNotification notification, String project, List<String> channels);
}
