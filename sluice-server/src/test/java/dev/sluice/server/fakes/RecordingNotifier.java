package dev.sluice.server.fakes;

import dev.sluice.server.ops.alerts.AlertNotification;
import dev.sluice.server.ops.alerts.Notifier;
import dev.sluice.server.ops.alerts.Tier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A notifier that keeps what it was given, and can be told to refuse. */
public final class RecordingNotifier implements Notifier {
  /** One call of {@link #notify}. */
  public record Sent(AlertNotification notification, String project, List<String> channels) {}

  private final List<Sent> sent = new ArrayList<>();
  private final Map<String, List<String>> tierChannels = new HashMap<>();
  private boolean refusing;

  /** The channels {@link #channelsFor} names for the project and severity. */
  public synchronized RecordingNotifier tierChannels(
      String project, Tier severity, List<String> channels) {
    tierChannels.put(project + "/" + severity, List.copyOf(channels));
    return this;
  }

  @Override
  public synchronized List<String> channelsFor(String project, Tier severity) {
    return tierChannels.getOrDefault(project + "/" + severity, List.of());
  }

  @Override
  public synchronized void notify(
      AlertNotification notification, String project, List<String> channels) {
    if (refusing) {
      throw new IllegalStateException("refused for the test");
    }
    sent.add(new Sent(notification, project, List.copyOf(channels)));
  }

  public synchronized void refuse(boolean refusing) {
    this.refusing = refusing;
  }

  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  public synchronized List<AlertNotification> notifications() {
    return sent.stream().map(Sent::notification).toList();
  }
}
