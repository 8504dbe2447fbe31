package dev.sluice.server.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.server.fakes.RecordingNotifier;
import dev.sluice.server.ops.metrics.MetricNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The alert lifecycle, notification by notification, over an H2 store. */
class AlertEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final AlertFixture f = new AlertFixture("h2");
  private final long job = f.job("payments", "demo", Tier.P1);

  private AlertRule slowInput() {
    return f.rule(
        "demo",
        """
        {"name": "slow-input", "job": "payments", "for": "20s", "severity": "P1",
         "conditions": [{"metric": "input_rate", "op": "<", "value": 1000}],
         "channels": ["ops-hook"]}
        """);
  }

  private Alert only() {
    List<Alert> all = f.alerts.query(null, null, Instant.EPOCH, 100);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void firesOnceAfterTheForDurationAndResolvesOnceWhenInputResumes() {
    AlertRule rule = slowInput();
    f.sample(job, MetricNames.INPUT_RATE, null, 0);
    f.evaluate();
    assertThat(only().state()).isEqualTo(AlertState.PENDING);
    assertThat(only().pendingSince()).isEqualTo(T0);

    f.advance(Duration.ofSeconds(15));
    f.sample(job, MetricNames.INPUT_RATE, null, 0);
    f.evaluate();
    assertThat(only().state()).isEqualTo(AlertState.PENDING);
    assertThat(f.sent()).isEmpty();

    f.advance(Duration.ofSeconds(5));
    f.sample(job, MetricNames.INPUT_RATE, null, 0);
    AlertEvaluator.Outcome outcome = f.evaluate();
    assertThat(outcome).isEqualTo(new AlertEvaluator.Outcome(1, 0, 1));
    Alert firing = only();
    assertThat(firing.state()).isEqualTo(AlertState.FIRING);
    assertThat(firing.firingSince()).isEqualTo(T0.plusSeconds(20));
    assertThat(f.notifier.sent())
        .containsExactly(
            new dev.sluice.server.fakes.RecordingNotifier.Sent(
                new AlertNotification(
                    "firing",
                    firing.id(),
                    "slow-input",
                    "P1",
                    "demo",
                    "payments",
                    null,
                    0.0,
                    T0.plusSeconds(20),
                    null,
                    "input_rate 0 < 1000 for 20s"),
                "demo",
                List.of("ops-hook")));

    // Still firing, within the P1 repeat interval: nothing more.
    f.advance(Duration.ofSeconds(15));
    f.sample(job, MetricNames.INPUT_RATE, null, 3);
    f.evaluate();
    assertThat(f.sent()).hasSize(1);
    assertThat(only().value()).isEqualTo(3.0);

    f.advance(Duration.ofSeconds(15));
    f.sample(job, MetricNames.INPUT_RATE, null, 1500);
    assertThat(f.evaluate()).isEqualTo(new AlertEvaluator.Outcome(0, 1, 1));
    assertThat(f.sent())
        .element(1)
        .isEqualTo(
            new AlertNotification(
                "resolved",
                firing.id(),
                "slow-input",
                "P1",
                "demo",
                "payments",
                null,
                1500.0,
                T0.plusSeconds(20),
                T0.plusSeconds(50),
                "resolved after 30s: input_rate < 1000 for 20s no longer holds (input_rate 1500)"));
    Alert resolved = only();
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(50));
    assertThat(resolved.notified()).isEqualTo("resolved");

    f.advance(Duration.ofSeconds(15));
    f.sample(job, MetricNames.INPUT_RATE, null, 1500);
    f.evaluate();
    assertThat(f.sent()).hasSize(2);
    assertThat(rule.id()).isEqualTo(resolved.ruleId());
  }

  @Test
  void aConditionThatStopsBeforeItsForDurationSendsNothingAndLeavesNoAlert() {
    slowInput();
    f.sample(job, MetricNames.INPUT_RATE, null, 10);
    f.evaluate();
    f.advance(Duration.ofSeconds(19));
    f.sample(job, MetricNames.INPUT_RATE, null, 2000);
    f.evaluate();
    f.advance(Duration.ofSeconds(30));
    f.sample(job, MetricNames.INPUT_RATE, null, 2000);
    f.evaluate();

    assertThat(f.sent()).isEmpty();
    assertThat(f.alerts.query(null, null, Instant.EPOCH, 100)).isEmpty();
  }

  @Test
  void aMissingSampleDoesNotHoldAndAStaleOneIsNotUsed() {
    slowInput();
    f.evaluate();
    assertThat(f.alerts.open()).isEmpty();
    f.sample(job, MetricNames.INPUT_RATE, null, 0);
    f.advance(Duration.ofSeconds(61));
    f.evaluate();
    assertThat(f.alerts.open()).isEmpty();
  }

  @Test
  void aSilencedAlertChangesStateButSendsNothingUntilTheSilenceEnds() {
    slowInput();
    f.silences.insert(
        "demo", "payments", null, null, T0, T0.plusSeconds(60), "ana", "maintenance", T0);
    for (int i = 0; i < 4; i++) {
      f.sample(job, MetricNames.INPUT_RATE, null, 0);
      f.evaluate();
      f.advance(Duration.ofSeconds(15));
    }
    Alert silenced = only();
    assertThat(silenced.state()).isEqualTo(AlertState.FIRING);
    assertThat(silenced.suppressed()).isEqualTo("silenced");
    assertThat(f.sent()).isEmpty();

    // At T0+60s the silence is over and the alert still fires: its firing is sent, once.
    f.sample(job, MetricNames.INPUT_RATE, null, 0);
    f.evaluate();
    f.advance(Duration.ofSeconds(15));
    f.sample(job, MetricNames.INPUT_RATE, null, 0);
    f.evaluate();
    assertThat(f.sent()).extracting(AlertNotification::status).containsExactly("firing");
    assertThat(only().suppressed()).isNull();
  }

  @Test
  void anAlertThatFiredAndResolvedUnderASilenceSendsNeither() {
    slowInput();
    f.silences.insert("demo", null, "slow-input", null, T0, T0.plusSeconds(3600), "ana", "x", T0);
    for (int i = 0; i < 3; i++) {
      f.sample(job, MetricNames.INPUT_RATE, null, 0);
      f.evaluate();
      f.advance(Duration.ofSeconds(15));
    }
    f.sample(job, MetricNames.INPUT_RATE, null, 5000);
    f.evaluate();
    assertThat(only().state()).isEqualTo(AlertState.RESOLVED);
    assertThat(f.sent()).isEmpty();
  }

  @Test
  void aSilenceOfAnotherSeverityOrProjectDoesNotMatch() {
    slowInput();
    f.silences.insert("demo", null, null, Tier.P0, T0, T0.plusSeconds(3600), "ana", "x", T0);
    f.silences.insert("shop", null, null, null, T0, T0.plusSeconds(3600), "ana", "x", T0);
    for (int i = 0; i < 3; i++) {
      f.sample(job, MetricNames.INPUT_RATE, null, 0);
      f.evaluate();
      f.advance(Duration.ofSeconds(10));
    }
    assertThat(f.sent()).hasSize(1);
  }

  @Test
  void aRestartingJobInhibitsItsLagAlertsButNotItsStateAlerts() {
    f.rule(
        "demo",
        """
        {"name": "lag", "job": "payments", "template": "kafka_lag_above", "value": 100,
         "for": "0s", "channels": ["ops-hook"]}
        """);
    f.rule(
        "demo",
        """
        {"name": "restarting", "job": "payments", "template": "job_restarting", "for": "0s",
         "channels": ["ops-hook"]}
        """);
    f.sample(job, MetricNames.KAFKA_LAG, null, 5000);
    f.sample(job, MetricNames.JOB_STATE, null, JobStateCodes.RESTARTING);
    f.evaluate();

    assertThat(f.sent()).extracting(AlertNotification::rule).containsExactly("restarting");
    assertThat(f.sent().get(0).summary()).isEqualTo("job_state RESTARTING == RESTARTING");
    assertThat(f.alerts.open())
        .extracting(Alert::state, Alert::suppressed)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, "inhibited"),
            org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, null));

    // Running again and still lagging: the lag alert is sent now, the restarting one resolves.
    f.advance(Duration.ofSeconds(15));
    f.sample(job, MetricNames.KAFKA_LAG, null, 5000);
    f.sample(job, MetricNames.JOB_STATE, null, JobStateCodes.RUNNING);
    f.evaluate();
    assertThat(f.sent())
        .extracting(AlertNotification::rule, AlertNotification::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("restarting", "firing"),
            org.assertj.core.groups.Tuple.tuple("lag", "firing"),
            org.assertj.core.groups.Tuple.tuple("restarting", "resolved"));
  }

  @Test
  void aP0AlertIsSentAgainEveryFiveMinutesWhileItFires() {
    f.rule(
        "demo",
        """
        {"name": "down", "job": "payments", "severity": "P0", "template": "job_failed",
         "channels": ["pager"]}
        """);
    for (int s = 0; s <= 600; s += 15) {
      f.sample(job, MetricNames.JOB_STATE, null, JobStateCodes.FAILED);
      f.evaluate();
      f.advance(Duration.ofSeconds(15));
    }
    assertThat(f.sent())
        .extracting(AlertNotification::summary)
        .containsExactly(
            "job_state FAILED == FAILED",
            "still firing: job_state FAILED == FAILED",
            "still firing: job_state FAILED == FAILED");
    assertThat(f.sent()).extracting(AlertNotification::since).containsOnly(T0);
    assertThat(only().lastNotifiedAt()).isEqualTo(T0.plusSeconds(600));
  }

  @Test
  void aRuleWithoutRepeatSendsItsFiringOnce() {
    f.rule(
        "demo",
        """
        {"name": "down", "job": "payments", "severity": "P0", "template": "job_failed",
         "repeatInterval": "none", "channels": ["pager"]}
        """);
    for (int s = 0; s <= 900; s += 15) {
      f.sample(job, MetricNames.JOB_STATE, null, JobStateCodes.FAILED);
      f.evaluate();
      f.advance(Duration.ofSeconds(15));
    }
    assertThat(f.sent()).hasSize(1);
  }

  @Test
  void p2NotificationsWaitForTheDigestAndGoOutAsOne() {
    long other = f.job("reports", "demo", Tier.P2);
    jobIsP2();
    f.rule(
        "demo",
        """
        {"name": "failed", "template": "job_failed", "channels": ["mail"]}
        """);
    f.sample(job, MetricNames.JOB_STATE, null, JobStateCodes.FAILED);
    f.sample(other, MetricNames.JOB_STATE, null, JobStateCodes.FAILED);
    f.evaluate();
    assertThat(f.sent()).isEmpty();
    f.advance(Duration.ofMinutes(10));
    f.sample(job, MetricNames.JOB_STATE, null, JobStateCodes.RUNNING);
    f.sample(other, MetricNames.JOB_STATE, null, JobStateCodes.FAILED);
    f.evaluate();
    assertThat(f.sent()).isEmpty();

    // The next digest is at 09:00 UTC the next day.
    f.advance(Duration.between(T0.plusSeconds(600), Instant.parse("2026-11-25T09:00:00Z")));
    f.sample(other, MetricNames.JOB_STATE, null, JobStateCodes.FAILED);
    f.evaluate();
    assertThat(f.sent()).hasSize(1);
    AlertNotification digest = f.sent().get(0);
    assertThat(digest.rule()).isEqualTo("digest");
    assertThat(digest.status()).isEqualTo("firing");
    assertThat(digest.job()).isEqualTo("payments, reports");
    assertThat(digest.summary())
        .isEqualTo(
            "3 P2 notification(s): failed on payments firing: job_state FAILED == FAILED;"
                + " failed on reports firing: job_state FAILED == FAILED;"
                + " failed on payments resolved: resolved after 10m: job_state == FAILED no"
                + " longer holds (job_state 0)");
    f.evaluate();
    assertThat(f.sent()).hasSize(1);
  }

  @Test
  void aRuleThatNamesNoChannelsSendsToTheChannelsOfItsSeverityAndAnEmptyListToNone() {
    f.tiers.setTier(job, Tier.P0);
    f.notifier.tierChannels("demo", Tier.P0, List.of("pager", "mail"));
    f.notifier.tierChannels("demo", Tier.P1, List.of("mail"));
    AlertRule inherits = f.rule("demo", "{\"name\": \"failed\", \"template\": \"job_failed\"}");
    f.rule("demo", "{\"name\": \"quiet\", \"template\": \"job_failed\", \"channels\": []}");
    f.rule("demo", "{\"name\": \"p1-failed\", \"template\": \"job_failed\", \"severity\": \"P1\"}");
    assertThat(inherits.channels()).isNull();
    assertThat(f.rules.byName("quiet").get(0).channels()).isEmpty();

    f.sample(job, MetricNames.JOB_STATE, null, JobStateCodes.FAILED);
    f.evaluate();

    assertThat(f.notifier.sent())
        .extracting(s -> s.notification().rule(), RecordingNotifier.Sent::channels)
        .containsExactlyInAnyOrder(
            tuple("failed", List.of("pager", "mail")), tuple("p1-failed", List.of("mail")));
  }

  private void jobIsP2() {
    f.tiers.setTier(job, Tier.P2);
  }

  @Test
  void alertsOfOneRuleThatFireTogetherAreOneNotificationListingTheirVertices() {
    f.rule(
        "demo",
        """
        {"name": "bp", "job": "payments", "template": "backpressure_above", "value": 50,
         "for": "0s", "channels": ["ops-hook"]}
        """);
    f.sample(job, MetricNames.BACKPRESSURE, "Source: orders", 900);
    f.sample(job, MetricNames.BACKPRESSURE, "Map", 700);
    f.sample(job, MetricNames.BACKPRESSURE, "Sink: totals", 100);
    f.sample(job, MetricNames.BACKPRESSURE, null, 900);
    f.evaluate();

    assertThat(f.alerts.open())
        .extracting(Alert::vertex)
        .containsExactlyInAnyOrder("Source: orders", "Map");
    assertThat(f.sent()).hasSize(1);
    AlertNotification n = f.sent().get(0);
    assertThat(n.vertex()).isEqualTo("Map, Source: orders");
    assertThat(n.value()).isEqualTo(700.0);
    assertThat(n.summary())
        .isEqualTo(
            "backpressure > 500 for 0s on Map (700), Source: orders (900)".replace(" for 0s", ""));

    // One vertex recovers: its alert resolves alone; the other keeps firing.
    f.advance(Duration.ofSeconds(15));
    f.sample(job, MetricNames.BACKPRESSURE, "Source: orders", 950);
    f.sample(job, MetricNames.BACKPRESSURE, "Map", 0);
    f.evaluate();
    assertThat(f.sent()).hasSize(2);
    assertThat(f.sent().get(1).status()).isEqualTo("resolved");
    assertThat(f.sent().get(1).vertex()).isEqualTo("Map");
    assertThat(f.alerts.open()).extracting(Alert::vertex).containsExactly("Source: orders");
  }

  @Test
  void aRestartedEvaluatorOnTheSameStoreSendsNothingTwice() {
    slowInput();
    for (int i = 0; i < 3; i++) {
      f.sample(job, MetricNames.INPUT_RATE, null, 0);
      f.evaluate();
      f.advance(Duration.ofSeconds(10));
    }
    assertThat(f.sent()).hasSize(1);

    f.restart();
    f.sample(job, MetricNames.INPUT_RATE, null, 0);
    f.evaluate();
    f.evaluate();
    assertThat(f.sent()).hasSize(1);

    f.restart();
    f.advance(Duration.ofSeconds(10));
    f.sample(job, MetricNames.INPUT_RATE, null, 4000);
    f.evaluate();
    f.restart();
    f.evaluate();
    assertThat(f.sent())
        .extracting(AlertNotification::status)
        .containsExactly("firing", "resolved");
  }

  @Test
  void aNotificationDecidedButNotHandedOverIsSentOnceByTheNextServer() {
    slowInput();
    // A server whose notifier is not there (or that stopped right after the commit).
    f.restart(Optional.empty());
    for (int i = 0; i < 3; i++) {
      f.sample(job, MetricNames.INPUT_RATE, null, 0);
      f.evaluate();
      f.advance(Duration.ofSeconds(10));
    }
    assertThat(f.alerts.notifications()).hasSize(1);
    assertThat(f.sent()).isEmpty();

    f.restart();
    f.evaluate();
    f.evaluate();
    assertThat(f.sent()).extracting(AlertNotification::status).containsExactly("firing");
  }

  @Test
  void aRefusedNotificationIsRetriedAtTheNextEvaluation() {
    slowInput();
    f.notifier.refuse(true);
    for (int i = 0; i < 3; i++) {
      f.sample(job, MetricNames.INPUT_RATE, null, 0);
      f.evaluate();
      f.advance(Duration.ofSeconds(10));
    }
    assertThat(f.sent()).isEmpty();
    f.notifier.refuse(false);
    f.sample(job, MetricNames.INPUT_RATE, null, 0);
    f.evaluate();
    f.evaluate();
    assertThat(f.sent()).hasSize(1);
  }

  @Test
  void restartsCountTheIncreaseOverTheWindow() {
    f.rule(
        "demo",
        """
        {"name": "flapping", "job": "payments", "template": "restarts", "count": 3,
         "window": "5m", "channels": ["ops-hook"]}
        """);
    double[] restarts = {0, 0, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    List<String> statuses = new java.util.ArrayList<>();
    for (int i = 0; i < restarts.length; i++) {
      f.sample(job, MetricNames.RESTARTS, null, restarts[i]);
      f.evaluate();
      statuses.add(f.alerts.open().isEmpty() ? "-" : "F");
      f.advance(Duration.ofMinutes(1));
    }
    // 3 restarts within the 5 minutes up to minutes 5 and 6; from minute 7 on, 2 or fewer.
    assertThat(String.join("", statuses)).isEqualTo("-----FF-----------------");
    assertThat(f.sent())
        .extracting(AlertNotification::status)
        .containsExactly("firing", "resolved");
  }

  @Test
  void aFailedJobWithoutSamplesFiresFromItsStoredState() {
    f.rule(
        "demo",
        """
        {"name": "failed", "job": "payments", "template": "job_failed", "channels": ["x"]}
        """);
    f.jobState(job, "FAILED", "RUNNING");
    f.evaluate();
    assertThat(f.sent())
        .extracting(AlertNotification::summary)
        .containsExactly("job_state FAILED == FAILED");
  }

  @Test
  void anAlertOfAJobStoppedByItsUserResolves() {
    slowInput();
    for (int i = 0; i < 3; i++) {
      f.sample(job, MetricNames.INPUT_RATE, null, 0);
      f.evaluate();
      f.advance(Duration.ofSeconds(10));
    }
    f.jobState(job, "STOPPED", "STOPPED");
    f.evaluate();
    assertThat(f.sent())
        .extracting(AlertNotification::status)
        .containsExactly("firing", "resolved");
    assertThat(only().state()).isEqualTo(AlertState.RESOLVED);
  }

  @Test
  void tierAndProjectRulesWatchTheirJobsOnly() {
    long shopJob = f.job("shop_orders", "shop", Tier.P0);
    long p0 = f.job("risk", "demo", Tier.P0);
    f.rule(
        "demo",
        "{\"name\": \"p0-failed\", \"tier\": \"P0\", \"template\": \"job_failed\", \"channels\": [\"x\"]}");
    f.rule(
        "demo",
        "{\"name\": \"all-failed\", \"template\": \"job_failed\", \"repeatInterval\": \"none\", \"channels\": [\"x\"]}");
    for (long j : new long[] {job, shopJob, p0}) {
      f.sample(j, MetricNames.JOB_STATE, null, JobStateCodes.FAILED);
    }
    f.evaluate();
    assertThat(f.sent())
        .extracting(AlertNotification::rule, AlertNotification::job, AlertNotification::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("all-failed", "payments", "P1"),
            org.assertj.core.groups.Tuple.tuple("all-failed", "risk", "P0"),
            org.assertj.core.groups.Tuple.tuple("p0-failed", "risk", "P0"));
  }

  @Test
  void anyMatchesWhenOneConditionHoldsAndAllNeedsEvery() {
    f.rule(
        "demo",
        """
        {"name": "stuck", "job": "payments", "match": "all", "channels": ["x"],
         "conditions": [{"metric": "kafka_lag", "op": ">", "value": 100000},
                        {"metric": "input_rate", "op": "<", "value": 1000}]}
        """);
    f.rule(
        "demo",
        """
        {"name": "either", "job": "payments", "match": "any", "channels": ["x"],
         "conditions": [{"metric": "kafka_lag", "op": ">", "value": 100000},
                        {"metric": "input_rate", "op": "<", "value": 1000}]}
        """);
    f.sample(job, MetricNames.KAFKA_LAG, null, 250000);
    f.sample(job, MetricNames.INPUT_RATE, null, 5000);
    f.evaluate();
    assertThat(f.sent())
        .extracting(AlertNotification::rule, AlertNotification::summary)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "either", "kafka_lag > 100000 or input_rate < 1000 (value 250000)"));
    f.advance(Duration.ofSeconds(15));
    f.sample(job, MetricNames.KAFKA_LAG, null, 250000);
    f.sample(job, MetricNames.INPUT_RATE, null, 10);
    f.evaluate();
    assertThat(f.sent()).extracting(AlertNotification::rule).containsExactly("either", "stuck");
  }
}
