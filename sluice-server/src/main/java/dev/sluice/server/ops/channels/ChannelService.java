package dev.sluice.server.ops.channels;

import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.ops.alerts.AlertNotification;
import dev.sluice.server.ops.alerts.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/** Saving channels (checked, credentials by reference only) and sending a test through one. */
@Service
public class ChannelService {
  /** Test sends are recorded under this alert id; real alerts have positive ids. */
  public static final long TEST_ALERT_ID = 0;

  private final ChannelRepository channels;
  private final DeliveryQueue queue;
  private final DeliverySender sender;
  private final ChannelSecrets secrets;
  private final Clock clock;

  public ChannelService(
      ChannelRepository channels,
      DeliveryQueue queue,
      DeliverySender sender,
      ChannelSecrets secrets,
      Clock clock) {
    this.channels = channels;
    this.queue = queue;
    this.sender = sender;
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * @param tiers the severities it takes from rules that name no channels; null: {@link
   *     Channel#DEFAULT_TIERS}
   */
  public Channel create(
      String name,
      String project,
      ChannelType type,
      ChannelSettings settings,
      Set<Tier> tiers,
      String author) {
    check(name, project, type, settings);
    if (channels.exists(name)) {
      throw new ConflictException("A channel named '" + name + "' already exists");
    }
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    Channel channel = new Channel(name, project, type, settings, tiers, author, now, now);
    channels.insert(channel);
    return get(name);
  }

  public Channel update(
      String name, ChannelType type, ChannelSettings settings, Set<Tier> tiers, String author) {
    Channel old = get(name);
    check(name, old.project(), type, settings);
    channels.update(
        name,
        type,
        settings,
        tiers == null ? Channel.DEFAULT_TIERS : tiers,
        author,
        OffsetDateTime.now(clock));
    return get(name);
  }

  public void delete(String name) {
    if (!channels.delete(name)) {
      throw new NotFoundException("Channel '" + name + "'");
    }
  }

  public Channel get(String name) {
    return channels.find(name).orElseThrow(() -> new NotFoundException("Channel '" + name + "'"));
  }

  public List<Channel> list() {
    return channels.list();
  }

  public List<Delivery> deliveries(String name, int limit) {
    get(name);
    return queue.list(name, limit);
  }

  /** Sends a sample notification through the channel now; the delivery says what became of it. */
  public Delivery test(String name, String author) {
    Channel channel = get(name);
    Instant now = clock.instant();
    AlertNotification sample =
        new AlertNotification(
            "firing",
            TEST_ALERT_ID,
            "channel-test",
            "P2",
            channel.project(),
            "sample-job",
            null,
            0.0,
            now,
            null,
            "A test notification sent by " + author + " through channel " + name);
    long id =
        queue
            .enqueue(name, channel.project(), sample, channel.recipient(), now, Duration.ZERO)
            .orElseThrow(
                () -> new ConflictException("A test of channel '" + name + "' is being sent"));
    return sender.attempt(queue.find(id).orElseThrow(), false);
  }

  private void check(String name, String project, ChannelType type, ChannelSettings settings) {
    ChannelValidator.validate(name, type, settings);
    for (Map.Entry<String, String> field : settings.texts().entrySet()) {
      for (String secret : SecretRefs.names(field.getValue())) {
        if (secrets.value(secret, project).isEmpty()) {
          throw new InvalidFieldException(
              field.getKey(),
              "secret '"
                  + secret
                  + "' does not exist in project '"
                  + project
                  + "': a channel uses only secrets of its own project (POST /api/v1/secrets)");
        }
      }
    }
  }
}
