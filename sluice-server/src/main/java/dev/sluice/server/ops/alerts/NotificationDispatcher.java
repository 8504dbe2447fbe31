package dev.sluice.server.ops.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands the notifications the evaluator decided to the notifier, after their transaction committed.
 * Each is claimed in the store before it is handed over, so two dispatches (or a restarted server)
 * never hand over the same one twice; one the notifier refuses is given back for the next dispatch.
 * Held (P2) notifications go out together at the digest time, one per project and channels.
 */
@Component
public class NotificationDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
  private final AlertStore store;
  private final Optional<Notifier> notifier;

  /**
   * @param notifier the channels; while there is none, decided notifications wait in the store
   */
  public NotificationDispatcher(AlertStore store, Optional<Notifier> notifier) {
    this.store = store;
    this.notifier = notifier;
  }

  /**
   * The channels a rule that names none sends alerts of the severity to; none while there are no
   * channels.
   */
  public List<String> channelsFor(String project, Tier severity) {
    return notifier.map(n -> n.channelsFor(project, severity)).orElse(List.of());
  }

  /** Sends what is due; returns how many notifications were handed to the notifier. */
  public int dispatch(Instant now) {
    if (notifier.isEmpty()) {
      return 0;
    }
    List<OutgoingNotification> due = store.due(now);
    int sent = 0;
    Map<String, List<OutgoingNotification>> digests = new LinkedHashMap<>();
    for (OutgoingNotification n : due) {
      if (n.holdUntil() != null) {
        digests
            .computeIfAbsent(
                n.notification().project() + "\n" + String.join(",", n.channels()),
                k -> new ArrayList<>())
            .add(n);
        continue;
      }
      if (store.markDispatched(n.id(), now) && send(n.notification(), n.channels(), List.of(n))) {
        sent++;
      }
    }
    for (List<OutgoingNotification> group : digests.values()) {
      List<OutgoingNotification> claimed =
          group.stream().filter(n -> store.markDispatched(n.id(), now)).toList();
      if (!claimed.isEmpty() && send(digest(claimed), claimed.get(0).channels(), claimed)) {
        sent++;
      }
    }
    return sent;
  }

  private boolean send(
      AlertNotification notification, List<String> channels, List<OutgoingNotification> claimed) {
    try {
      notifier.get().notify(notification, notification.project(), channels);
      return true;
    } catch (RuntimeException e) {
      LOG.warn(
          "The notifier refused the notification of rule '{}' on job '{}'; it is retried: {}",
          notification.rule(),
          notification.job(),
          e.toString());
      claimed.forEach(n -> store.unmarkDispatched(n.id()));
      return false;
    }
  }

  /** P2 notifications collected since the last digest, as one. */
  static AlertNotification digest(List<OutgoingNotification> entries) {
    AlertNotification first = entries.get(0).notification();
    boolean firing = entries.stream().anyMatch(e -> e.notification().status().equals(Alert.FIRING));
    String jobs =
        entries.stream()
            .map(e -> e.notification().job())
            .distinct()
            .collect(Collectors.joining(", "));
    String lines =
        entries.stream()
            .map(
                e ->
                    e.notification().rule()
                        + " on "
                        + e.notification().job()
                        + " "
                        + e.notification().status()
                        + ": "
                        + e.notification().summary())
            .collect(Collectors.joining("; "));
    return new AlertNotification(
        firing ? Alert.FIRING : Alert.RESOLVED,
        first.alertId(),
        "digest",
        Tier.P2.name(),
        first.project(),
        jobs,
        null,
        null,
        entries.stream().map(e -> e.notification().since()).min(Instant::compareTo).orElseThrow(),
        null,
        entries.size() + " P2 notification(s): " + lines);
  }
}
