package dev.sluice.server.ops.alerts;

import java.util.List;

/** Sends notifications through channels and records every send (implemented by the channels). */
public interface Notifier {

  /**
   * Queues the notification for each named channel of the project; returns at once. Delivery is
   * retried with backoff and every attempt is recorded.
   */
  void notify(AlertNotification notification, String project, List<String> channels);

  /**
   * The channels of the project that take alerts of the severity from rules that name no channels
   * (by default every channel takes P0).
   */
  List<String> channelsFor(String project, Tier severity);
}
