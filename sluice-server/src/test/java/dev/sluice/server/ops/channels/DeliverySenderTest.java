package dev.sluice.server.ops.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ops.alerts.AlertNotification;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue worked through: retries with backoff, giving up, idempotency across a restart. */
class DeliverySenderTest {
  private final ChannelsFixture f = new ChannelsFixture("h2");
  private final Receiver receiver = new Receiver();

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static OffsetDateTime at(String t) {
    return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private void hook() {
    f.service.create(
        "ops-hook",
        "demo",
        ChannelType.WEBHOOK,
        ChannelsFixture.webhook(receiver.url("/hook")),
        null,
        "ana");
  }

  @Test
  void aFailingReceiverIsTriedAgainAfterFiveThenThirtySeconds() {
    hook();
    receiver.answer(503, "busy").answer(502, "");
    f.notifier.notify(ChannelSenderTest.FIRING, "demo", List.of("ops-hook"));

    f.deliveries.sendDue(); // 10:00:00, fails
    assertThat(receiver.requests()).hasSize(1);
    f.clock.advance(Duration.ofSeconds(4));
    f.deliveries.sendDue(); // not yet due
    assertThat(receiver.requests()).hasSize(1);
    f.clock.advance(Duration.ofSeconds(1));
    f.deliveries.sendDue(); // 10:00:05, fails again
    assertThat(receiver.requests()).hasSize(2);
    f.clock.advance(Duration.ofSeconds(29));
    f.deliveries.sendDue();
    assertThat(receiver.requests()).hasSize(2);
    f.clock.advance(Duration.ofSeconds(1));
    f.deliveries.sendDue(); // 10:00:35, delivered
    f.clock.advance(Duration.ofHours(1));
    f.deliveries.sendDue();

    assertThat(receiver.requests()).hasSize(3);
    List<Delivery> record = f.service.deliveries("ops-hook", 10);
    assertThat(record).hasSize(1);
    Delivery d = record.get(0);
    assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(d.status()).isEqualTo("firing");
    assertThat(d.alertId()).isEqualTo(42);
    assertThat(d.firingSince()).isEqualTo(at("2026-11-24T09:59:40Z"));
    assertThat(d.recipient()).isEqualTo(receiver.url("/hook"));
    assertThat(d.summary())
        .isEqualTo("[FIRING P1] slow-input on demo_payment_totals: input_rate 0 < 1000 for 20s");
    assertThat(d.notification()).isEqualTo(ChannelSenderTest.FIRING);
    assertThat(d.createdAt()).isEqualTo(at("2026-11-24T10:00:00Z"));
    assertThat(d.deliveredAt()).isEqualTo(at("2026-11-24T10:00:35Z"));
    assertThat(d.nextAttemptAt()).isNull();
    assertThat(d.lastError()).isNull();
    assertThat(d.log())
        .containsExactly(
            new Delivery.Attempt(1, at("2026-11-24T10:00:00Z"), false, "HTTP 503: busy"),
            new Delivery.Attempt(2, at("2026-11-24T10:00:05Z"), false, "HTTP 502"),
            new Delivery.Attempt(3, at("2026-11-24T10:00:35Z"), true, "HTTP 200"));
  }

  @Test
  void aDeliveryIsGivenUpAfterItsAttemptsWithTheLastError() {
    hook();
    receiver.otherwise(500, "down");
    f.notifier.notify(ChannelSenderTest.FIRING, "demo", List.of("ops-hook"));
    // 4 attempts: at 0, +5 s, +30 s, +2 min.
    for (Duration wait :
        List.of(
            Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2))) {
      f.clock.advance(wait);
      f.deliveries.sendDue();
    }
    f.clock.advance(Duration.ofHours(1));
    f.deliveries.sendDue();

    assertThat(receiver.requests()).hasSize(4);
    Delivery d = f.service.deliveries("ops-hook", 10).get(0);
    assertThat(d.state()).isEqualTo(DeliveryState.FAILED);
    assertThat(d.attempts()).isEqualTo(4);
    assertThat(d.lastError()).isEqualTo("HTTP 500: down");
    assertThat(d.nextAttemptAt()).isNull();
    assertThat(d.log())
        .extracting(Delivery.Attempt::at)
        .containsExactly(
            at("2026-11-24T10:00:00Z"),
            at("2026-11-24T10:00:05Z"),
            at("2026-11-24T10:00:35Z"),
            at("2026-11-24T10:02:35Z"));
  }

  @Test
  void theSameNotificationIsSentOnceEvenWhenHandedOverAgainAfterARestart() {
    hook();
    f.notifier.notify(ChannelSenderTest.FIRING, "demo", List.of("ops-hook", "ops-hook"));
    f.notifier.notify(ChannelSenderTest.FIRING, "demo", List.of("ops-hook"));
    f.deliveries.sendDue();

    ChannelsFixture restarted = f.restarted();
    restarted.notifier.notify(ChannelSenderTest.FIRING, "demo", List.of("ops-hook"));
    restarted.deliveries.sendDue();
    restarted.clock.advance(Duration.ofMinutes(5));
    restarted.deliveries.sendDue();

    assertThat(receiver.requests()).hasSize(1);
    // Its resolution is another notification, and a new firing (another since) another again.
    restarted.notifier.notify(ChannelSenderTest.RESOLVED, "demo", List.of("ops-hook"));
    AlertNotification again =
        new AlertNotification(
            "firing",
            42,
            "slow-input",
            "P1",
            "demo",
            "demo_payment_totals",
            null,
            3.0,
            Instant.parse("2026-11-24T10:10:00Z"),
            null,
            "input_rate 3 < 1000 for 20s");
    restarted.notifier.notify(again, "demo", List.of("ops-hook"));
    restarted.deliveries.sendDue();
    assertThat(receiver.requests())
        .extracting(r -> f.json.readTree(r.body()).get("status").asString())
        .containsExactly("firing", "resolved", "firing");
    assertThat(f.service.deliveries("ops-hook", 10))
        .extracting(Delivery::state)
        .containsOnly(DeliveryState.DELIVERED);
  }

  @Test
  void aRepeatOfAStillFiringAlertIsSentAgainButItsDuplicateIsNot() {
    hook();
    f.notifier.notify(ChannelSenderTest.FIRING, "demo", List.of("ops-hook"));
    f.deliveries.sendDue();
    f.clock.advance(Duration.ofMinutes(30));
    AlertNotification repeat =
        new AlertNotification(
            "firing",
            42,
            "slow-input",
            "P1",
            "demo",
            "demo_payment_totals",
            "Source: payments",
            0.0,
            ChannelSenderTest.FIRING.since(),
            null,
            "still firing: input_rate 0 < 1000 for 20s");
    f.notifier.notify(repeat, "demo", List.of("ops-hook"));
    f.clock.advance(Duration.ofSeconds(15));
    f.notifier.notify(repeat, "demo", List.of("ops-hook")); // handed over again
    f.deliveries.sendDue();

    assertThat(receiver.requests())
        .extracting(r -> f.json.readTree(r.body()).get("summary").asString())
        .containsExactly(
            "input_rate 0 < 1000 for 20s", "still firing: input_rate 0 < 1000 for 20s");
    assertThat(f.service.deliveries("ops-hook", 10))
        .extracting(Delivery::occurrence)
        .containsExactly(1, 0);
  }

  @Test
  void finishedDeliveriesAreForgottenAfterTheRetentionAndPendingOnesAreKept() {
    hook();
    f.notifier.notify(ChannelSenderTest.FIRING, "demo", List.of("ops-hook"));
    f.deliveries.sendDue();
    receiver.otherwise(500, "down");
    f.notifier.notify(ChannelSenderTest.RESOLVED, "demo", List.of("ops-hook"));
    f.deliveries.sendDue();
    f.clock.advance(Duration.ofDays(30));
    f.deliveries.forgetOld();
    assertThat(f.service.deliveries("ops-hook", 10)).hasSize(2);
    f.clock.advance(Duration.ofSeconds(1));
    f.deliveries.forgetOld();
    assertThat(f.service.deliveries("ops-hook", 10))
        .extracting(Delivery::status, Delivery::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("resolved", DeliveryState.PENDING));
    assertThat(
            f.jdbc
                .sql("SELECT COUNT(*) FROM channel_delivery_attempts")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aChannelOfAnotherProjectOrNoneIsNotQueued() {
    hook();
    f.notifier.notify(ChannelSenderTest.FIRING, "payments", List.of("ops-hook", "missing"));
    f.deliveries.sendDue();
    assertThat(receiver.requests()).isEmpty();
    assertThat(f.service.deliveries("ops-hook", 10)).isEmpty();
  }

  @Test
  void aDeliveryOfADeletedChannelIsGivenUpAtOnce() {
    hook();
    f.notifier.notify(ChannelSenderTest.FIRING, "demo", List.of("ops-hook"));
    f.service.delete("ops-hook");
    f.deliveries.sendDue();
    assertThat(receiver.requests()).isEmpty();
    Delivery d = f.queue.list("ops-hook", 10).get(0);
    assertThat(d.state()).isEqualTo(DeliveryState.FAILED);
    assertThat(d.lastError()).isEqualTo("channel 'ops-hook' no longer exists");
  }

  @Test
  void theTestSendsASampleNowAndAnswersWithTheOutcome() {
    hook();
    receiver.answer(500, "no");
    Delivery failed = f.service.test("ops-hook", "ana");
    assertThat(failed.state()).isEqualTo(DeliveryState.FAILED); // a test is not retried
    assertThat(failed.lastError()).isEqualTo("HTTP 500: no");

    f.clock.advance(Duration.ofSeconds(1));
    Delivery delivered = f.service.test("ops-hook", "ana");
    assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(delivered.alertId()).isEqualTo(ChannelService.TEST_ALERT_ID);
    assertThat(delivered.log())
        .containsExactly(new Delivery.Attempt(1, at("2026-11-24T10:00:01Z"), true, "HTTP 200"));
    assertThat(f.json.readTree(receiver.requests().get(1).body()).get("summary").asString())
        .isEqualTo("A test notification sent by ana through channel ops-hook");
    f.clock.advance(Duration.ofHours(1));
    f.deliveries.sendDue();
    assertThat(receiver.requests()).hasSize(2);
  }
}
