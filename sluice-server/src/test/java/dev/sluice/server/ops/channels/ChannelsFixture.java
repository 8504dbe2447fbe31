package dev.sluice.server.ops.channels;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.fakes.MapChannelSecrets;
import dev.sluice.server.fakes.MutableClock;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The channels' parts wired by hand over a migrated database, a local clock and mapped secrets. */
final class ChannelsFixture {
  static final ChannelsProperties PROPERTIES =
      new ChannelsProperties(
          List.of(
              Duration.ofSeconds(5),
              Duration.ofSeconds(30),
              Duration.ofMinutes(2),
              Duration.ofMinutes(10)),
          4,
          Duration.ofSeconds(5),
          50,
          Duration.ofMinutes(2),
          Duration.ofSeconds(50),
          Duration.ofDays(30));

  final JdbcClient jdbc;
  final MutableClock clock = new MutableClock();
  final MapChannelSecrets secrets = new MapChannelSecrets();
  final JsonMapper json = JsonMapper.builder().build();
  final ChannelRepository channels;
  final DeliveryQueue queue;
  final ChannelSender sender;
  final DeliverySender deliveries;
  final ChannelService service;
  final ChannelNotifier notifier;

  ChannelsFixture(String database) {
    this(TestDatabases.migratedClient(database));
  }

  ChannelsFixture(JdbcClient jdbc) {
    this.jdbc = jdbc;
    channels = new ChannelRepository(jdbc, json);
    queue = new DeliveryQueue(jdbc, json);
    sender = new ChannelSender(secrets, clock, json, PROPERTIES);
    deliveries = new DeliverySender(queue, channels, sender, PROPERTIES, clock);
    service = new ChannelService(channels, queue, deliveries, secrets, clock);
    notifier = new ChannelNotifier(channels, queue, clock, PROPERTIES);
  }

  /** The same database seen by a server started anew. */
  ChannelsFixture restarted() {
    ChannelsFixture next = new ChannelsFixture(jdbc);
    next.clock.advance(Duration.between(next.clock.instant(), clock.instant()));
    return next;
  }

  static ChannelSettings webhook(String url) {
    return new ChannelSettings(url, null, null, null, null, null, null, null, null, null, null);
  }
}
