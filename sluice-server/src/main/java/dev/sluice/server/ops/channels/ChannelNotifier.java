package dev.sluice.server.ops.channels;

import dev.sluice.server.ops.alerts.AlertNotification;
import dev.sluice.server.ops.alerts.Notifier;
import dev.sluice.server.ops.alerts.Tier;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands notifications to the channels: queues one delivery per named channel of the project; the
 * {@link DeliverySender} sends them. Handing the same notification over again queues nothing; a
 * repeat of a still firing alert (the same alert, status and start, a minute or more later) is
 * queued again.
 */
@Component
public class ChannelNotifier implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelNotifier.class);
  private final ChannelRepository channels;
  private final DeliveryQueue queue;
  private final Clock clock;
  private final ChannelsProperties properties;

  public ChannelNotifier(
      ChannelRepository channels, DeliveryQueue queue, Clock clock, ChannelsProperties properties) {
    this.channels = channels;
    this.queue = queue;
    this.clock = clock;
    this.properties = properties;
  }

  @Override
  public List<String> channelsFor(String project, Tier severity) {
    return channels.list().stream()
        .filter(c -> c.project().equals(project) && c.tiers().contains(severity))
        .map(Channel::name)
        .toList();
  }

  @Override
  public void notify(AlertNotification notification, String project, List<String> names) {
    for (String name : new LinkedHashSet<>(names)) {
      Optional<Channel> channel = channels.find(name).filter(c -> c.project().equals(project));
      if (channel.isEmpty()) {
        LOG.warn(
            "Notification '{}' not queued for channel {}: project {} has no such channel",
            Messages.title(notification),
            name,
            project);
        continue;
      }
      queue.enqueue(
          name,
          project,
          notification,
          channel.get().recipient(),
          clock.instant(),
          properties.duplicateWindow());
    }
  }
}
