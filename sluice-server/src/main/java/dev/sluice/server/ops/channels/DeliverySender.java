package dev.sluice.server.ops.channels;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Works through the delivery queue: sends what is due, records each attempt, and tries a failed one
 * again after a growing wait until it is delivered or its attempts are used up.
 */
@Component
public class DeliverySender {
  private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);
  private final DeliveryQueue queue;
  private final ChannelRepository channels;
  private final ChannelSender sender;
  private final ChannelsProperties properties;
  private final Clock clock;

  public DeliverySender(
      DeliveryQueue queue,
      ChannelRepository channels,
      ChannelSender sender,
      ChannelsProperties properties,
      Clock clock) {
    this.queue = queue;
    this.channels = channels;
    this.sender = sender;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${sluice.ops.channels.initial-delay:5s}",
      fixedDelayString = "${sluice.ops.channels.interval:2s}")
  public void sendDue() {
    for (Delivery d : queue.due(clock.instant(), properties.batchSize())) {
      try {
        attempt(d, true);
      } catch (RuntimeException e) {
        LOG.warn("Delivery {} to channel {} could not be attempted", d.id(), d.channel(), e);
      }
    }
  }

  @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
  public void forgetOld() {
    queue.forget(clock.instant().minus(properties.retention()));
  }

  /**
   * Sends a delivery now and records the outcome.
   *
   * @param retry whether a failure is tried again later (a test send is not)
   * @return the delivery as it is afterwards
   */
  public Delivery attempt(Delivery d, boolean retry) {
    Instant now = clock.instant();
    if (!queue.claim(d, now.plus(properties.lease()))) {
      return queue.find(d.id()).orElseThrow();
    }
    Optional<Channel> channel =
        channels.find(d.channel()).filter(c -> c.project().equals(d.project()));
    SendOutcome outcome =
        channel.isEmpty()
            ? new SendOutcome.Failed("channel '" + d.channel() + "' no longer exists", false)
            : sender.send(channel.get(), d.notification());
    int attempt = d.attempts() + 1;
    Instant done = clock.instant();
    if (outcome instanceof SendOutcome.Failed failed) {
      if (retry && failed.retryable() && attempt < properties.maxAttempts()) {
        queue.record(
            d.id(),
            attempt,
            done,
            failed,
            DeliveryState.PENDING,
            done.plus(properties.backoffAfter(attempt)));
      } else {
        queue.record(d.id(), attempt, done, failed, DeliveryState.FAILED, null);
        LOG.warn(
            "Notification '{}' to channel {} given up after {} attempts: {}",
            d.summary(),
            d.channel(),
            attempt,
            failed.detail());
      }
    } else {
      queue.record(d.id(), attempt, done, outcome, DeliveryState.DELIVERED, null);
    }
    return queue.find(d.id()).orElseThrow();
  }
}
