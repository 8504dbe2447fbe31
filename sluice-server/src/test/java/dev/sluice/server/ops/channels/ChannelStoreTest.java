package dev.sluice.server.ops.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.ops.alerts.AlertNotification;
import dev.sluice.server.ops.alerts.Tier;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Channels and their delivery queue on both databases the store supports. */
class ChannelStoreTest {
  private static final Duration W = Duration.ofSeconds(50);

  static Stream<Arguments> databases() {
    return TestDatabases.kinds();
  }

  private static OffsetDateTime at(String t) {
    return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsChannelsWithTheirSettings(String kind) {
    ChannelsFixture f = new ChannelsFixture(kind);
    OffsetDateTime t = at("2026-11-24T10:00:00Z");
    ChannelSettings mail =
        new ChannelSettings(
            null,
            null,
            null,
            null,
            "smtp.example.com",
            2525,
            "sluice@example.com",
            List.of("ops@example.com", "oncall@example.com"),
            "sluice",
            "${secret:smtp_password}",
            false);
    ChannelSettings hook =
        new ChannelSettings(
            "https://hooks.example.com/in",
            Map.of("Authorization", "${secret:hook_auth}"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    f.channels.insert(new Channel("mail", "demo", ChannelType.EMAIL, mail, "ana", t, t));
    f.channels.insert(new Channel("hook", "demo", ChannelType.WEBHOOK, hook, "ana", t, t));

    assertThat(f.channels.list())
        .extracting(Channel::name, Channel::type, Channel::settings)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("hook", ChannelType.WEBHOOK, hook),
            org.assertj.core.groups.Tuple.tuple("mail", ChannelType.EMAIL, mail));
    assertThat(f.channels.find("mail").orElseThrow().createdAt().toInstant())
        .isEqualTo(t.toInstant());
    assertThat(
            f.channels.update(
                "hook", ChannelType.WEBHOOK, mail, Channel.DEFAULT_TIERS, "bo", t.plusHours(1)))
        .isTrue();
    assertThat(f.channels.find("hook").orElseThrow().author()).isEqualTo("bo");
    // Channels take P0 from rules naming no channels unless told otherwise.
    assertThat(f.channels.find("mail").orElseThrow().tiers()).containsExactly(Tier.P0);
    assertThat(f.notifier.channelsFor("demo", Tier.P0)).containsExactly("hook", "mail");
    assertThat(
            f.channels.update(
                "mail", ChannelType.EMAIL, mail, EnumSet.of(Tier.P1, Tier.P2), "bo", t))
        .isTrue();
    assertThat(f.channels.find("mail").orElseThrow().tierList()).containsExactly(Tier.P1, Tier.P2);
    assertThat(f.notifier.channelsFor("demo", Tier.P0)).containsExactly("hook");
    assertThat(f.notifier.channelsFor("demo", Tier.P2)).containsExactly("mail");
    assertThat(f.notifier.channelsFor("other", Tier.P2)).isEmpty();
    assertThat(f.channels.update("mail", ChannelType.EMAIL, mail, Set.of(), "bo", t)).isTrue();
    assertThat(f.channels.find("mail").orElseThrow().tiers()).isEmpty();
    assertThat(f.channels.delete("hook")).isTrue();
    assertThat(f.channels.delete("hook")).isFalse();
    assertThat(f.channels.exists("hook")).isFalse();
    assertThat(f.channels.exists("mail")).isTrue();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void queuesANotificationOncePerChannelAndRecordsItsAttempts(String kind) {
    ChannelsFixture f = new ChannelsFixture(kind);
    Instant now = Instant.parse("2026-11-24T10:00:00.123456789Z");
    // Nanoseconds the databases do not keep: the key still matches its row.
    AlertNotification n =
        new AlertNotification(
            "firing",
            7,
            "lag",
            "P0",
            "demo",
            "orders",
            null,
            1.5e6,
            Instant.parse("2026-11-24T09:58:00.987654321Z"),
            null,
            "kafka_lag 1500000 > 100000");

    long id = f.queue.enqueue("a", "demo", n, "https://a", now, W).orElseThrow();
    assertThat(f.queue.enqueue("a", "demo", n, "https://a", now.plusSeconds(9), W)).isEmpty();
    long other = f.queue.enqueue("b", "demo", n, "https://b", now.plusSeconds(1), W).orElseThrow();
    AlertNotification resolved =
        new AlertNotification(
            "resolved",
            7,
            "lag",
            "P0",
            "demo",
            "orders",
            null,
            10.0,
            n.since(),
            Instant.parse("2026-11-24T10:30:00Z"),
            "kafka_lag 10 > 100000 no longer holds");
    long third =
        f.queue.enqueue("a", "demo", resolved, "https://a", now.plusSeconds(2), W).orElseThrow();

    assertThat(f.queue.due(now.plusSeconds(1), 10))
        .extracting(Delivery::id)
        .containsExactly(id, other);
    Delivery first = f.queue.due(now, 10).get(0);
    assertThat(first.notification()).isEqualTo(n);
    assertThat(first.firingSince()).isEqualTo(at("2026-11-24T09:58:00.987654Z"));
    assertThat(first.state()).isEqualTo(DeliveryState.PENDING);

    assertThat(f.queue.claim(first, now.plusSeconds(120))).isTrue();
    assertThat(f.queue.claim(first, now.plusSeconds(120))).isFalse(); // taken: not as read
    assertThat(f.queue.due(now.plusSeconds(5), 10))
        .extracting(Delivery::id)
        .containsExactly(other, third);
    f.queue.record(
        id,
        1,
        now,
        new SendOutcome.Failed("HTTP 503", true),
        DeliveryState.PENDING,
        now.plus(Duration.ofSeconds(5)));
    Instant later = now.plusSeconds(5);
    f.queue.record(
        id, 2, later, new SendOutcome.Delivered("HTTP 200"), DeliveryState.DELIVERED, null);

    Delivery done = f.queue.find(id).orElseThrow();
    assertThat(done.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.lastError()).isNull();
    assertThat(done.deliveredAt()).isEqualTo(at("2026-11-24T10:00:05.123456Z"));
    assertThat(done.log())
        .containsExactly(
            new Delivery.Attempt(1, at("2026-11-24T10:00:00.123456Z"), false, "HTTP 503"),
            new Delivery.Attempt(2, at("2026-11-24T10:00:05.123456Z"), true, "HTTP 200"));
    assertThat(f.queue.list("a", 10)).extracting(Delivery::id).containsExactly(third, id);
    assertThat(f.queue.list("a", 1)).extracting(Delivery::id).containsExactly(third);
    assertThat(f.queue.list("a", 10).get(1).log()).hasSize(2);
    assertThat(f.queue.due(now.plusSeconds(60), 10))
        .extracting(Delivery::id)
        .containsExactly(other, third);
  }
}
