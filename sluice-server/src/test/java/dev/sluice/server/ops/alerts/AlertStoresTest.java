package dev.sluice.server.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.jobs.JobState;
import dev.sluice.server.ops.metrics.MetricNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules, alerts, silences and tiers on both databases the store supports. */
class AlertStoresTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  static Stream<Arguments> databases() {
    return TestDatabases.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsRulesAsDefinedAndNamesUniquePerProject(String kind) {
    AlertFixture f = new AlertFixture(kind);
    AlertRule rule =
        f.rule(
            "demo",
            """
            {"name": "stuck", "tier": "P0", "for": "5m", "match": "any", "repeatInterval": "15m",
             "description": "lag and no input", "channels": ["ops-hook", "mail"],
             "conditions": [{"metric": "kafka_lag", "op": ">", "value": 100000},
                            {"metric": "restarts", "op": ">=", "value": 2, "over": "10m"}]}
            """);
    assertThat(f.rules.byId(rule.id())).contains(rule);
    assertThat(rule.tier()).isEqualTo(Tier.P0);
    assertThat(rule.severity()).isNull();
    assertThat(rule.forDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(rule.repeatInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(rule.channels()).containsExactly("ops-hook", "mail");
    assertThat(rule.author()).isEqualTo("ana");
    assertThat(rule.createdAt()).isEqualTo(T0);
    assertThat(rule.conditionText())
        .isEqualTo("kafka_lag > 100000 or restarts >= 2 over 10m for 5m");

    assertThatThrownBy(() -> f.rule("demo", "{\"name\": \"stuck\", \"template\": \"job_failed\"}"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("The project 'demo' has a rule named 'stuck' already");
    AlertRule other = f.rule("shop", "{\"name\": \"stuck\", \"template\": \"job_failed\"}");
    assertThat(f.rules.byName("stuck")).containsExactly(rule, other);

    f.advance(Duration.ofMinutes(1));
    AlertRule updated =
        f.rules.update(
            rule.id(),
            RuleParser.parse(
                    AlertFixture.JSON.readTree(
                        "{\"name\": \"stuck2\", \"template\": \"job_failed\"}"))
                .withProject("demo"),
            f.clock.instant());
    assertThat(updated.name()).isEqualTo("stuck2");
    assertThat(updated.tier()).isNull();
    // No channels named: the channels of the alert's severity (a round trip through the store).
    assertThat(updated.channels()).isNull();
    assertThat(updated.createdAt()).isEqualTo(T0);
    assertThat(updated.updatedAt()).isEqualTo(T0.plusSeconds(60));
    AlertRule third = f.rule("demo", "{\"name\": \"third\", \"template\": \"job_failed\"}");
    assertThatThrownBy(
            () ->
                f.rules.update(
                    third.id(),
                    RuleParser.parse(
                            AlertFixture.JSON.readTree(
                                "{\"name\": \"stuck2\", \"template\": \"job_failed\"}"))
                        .withProject("demo"),
                    f.clock.instant()))
        .isInstanceOf(ConflictException.class);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void oneOpenAlertPerRuleJobAndVertexAndNotifiedOnlyOnce(String kind) {
    AlertFixture f = new AlertFixture(kind);
    long job = f.job("payments", "demo", Tier.P1);
    Alert a = f.alerts.insert(1, job, "Map", AlertState.PENDING, Tier.P1, 3.5, T0);
    assertThat(a.state()).isEqualTo(AlertState.PENDING);
    assertThat(a.value()).isEqualTo(3.5);
    assertThat(a.pendingSince()).isEqualTo(T0);
    assertThatThrownBy(() -> f.alerts.insert(1, job, "Map", AlertState.PENDING, Tier.P1, 1.0, T0))
        .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
    Alert jobLevel = f.alerts.insert(1, job, null, AlertState.FIRING, Tier.P1, null, T0);
    assertThat(jobLevel.firingSince()).isEqualTo(T0);
    assertThat(f.alerts.open(1, job)).containsExactly(a, jobLevel);

    assertThat(f.alerts.markNotified(jobLevel, Alert.FIRING, T0)).isTrue();
    assertThat(f.alerts.markNotified(jobLevel, Alert.FIRING, T0.plusSeconds(1))).isFalse();
    Alert notified = f.alerts.open(1, job).get(1);
    assertThat(notified.notified()).isEqualTo("firing");
    assertThat(notified.lastNotifiedAt()).isEqualTo(T0);
    assertThat(f.alerts.markNotified(notified, Alert.FIRING, T0.plusSeconds(300))).isTrue();
    assertThat(f.alerts.markNotified(notified, Alert.FIRING, T0.plusSeconds(300))).isFalse();

    Alert resolved =
        notified.with(AlertState.RESOLVED, 7.0, notified.firingSince(), T0.plusSeconds(400));
    f.alerts.update(resolved);
    assertThat(f.alerts.open()).containsExactly(a);
    // Resolved, the key is free for the next episode.
    Alert next =
        f.alerts.insert(1, job, null, AlertState.PENDING, Tier.P1, 1.0, T0.plusSeconds(500));
    assertThat(next.id()).isNotEqualTo(jobLevel.id());
    assertThat(f.alerts.query(AlertState.RESOLVED, job, T0, 10))
        .extracting(Alert::id, Alert::value, Alert::resolvedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(jobLevel.id(), 7.0, T0.plusSeconds(400)));
    assertThat(f.alerts.query(AlertState.RESOLVED, job, T0.plusSeconds(401), 10)).isEmpty();
    assertThat(f.alerts.query(null, null, T0, 10))
        .extracting(Alert::id)
        .containsExactly(next.id(), jobLevel.id(), a.id());

    f.alerts.prune(T0.plusSeconds(401));
    assertThat(f.alerts.query(null, null, Instant.EPOCH, 10))
        .extracting(Alert::id)
        .containsExactly(next.id(), a.id());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void notificationsAreClaimedOnceAndHeldUntilTheirTime(String kind) {
    AlertFixture f = new AlertFixture(kind);
    AlertNotification n =
        new AlertNotification(
            "firing",
            4,
            "slow",
            "P2",
            "demo",
            "payments",
            "A, B",
            0.0,
            T0,
            null,
            "input_rate 0 < 1");
    f.alerts.addNotification(n, List.of("a", "b"), T0, null);
    f.alerts.addNotification(n, List.of(), T0, T0.plusSeconds(3600));
    List<OutgoingNotification> due = f.alerts.due(T0);
    assertThat(due).hasSize(1);
    assertThat(due.get(0).notification()).isEqualTo(n);
    assertThat(due.get(0).channels()).containsExactly("a", "b");
    assertThat(f.alerts.markDispatched(due.get(0).id(), T0)).isTrue();
    assertThat(f.alerts.markDispatched(due.get(0).id(), T0)).isFalse();
    assertThat(f.alerts.due(T0.plusSeconds(3600)))
        .extracting(OutgoingNotification::holdUntil)
        .containsExactly(T0.plusSeconds(3600));
    f.alerts.unmarkDispatched(due.get(0).id());
    assertThat(f.alerts.due(T0)).hasSize(1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void silencesAndTiers(String kind) {
    AlertFixture f = new AlertFixture(kind);
    Silence s =
        f.silences.insert(
            "demo", "payments", null, Tier.P0, T0, T0.plusSeconds(7200), "ana", "deploy", T0);
    assertThat(f.silences.byId(s.id())).contains(s);
    assertThat(s.severity()).isEqualTo(Tier.P0);
    assertThat(f.silences.notEnded(T0.plusSeconds(7199))).containsExactly(s);
    assertThat(f.silences.notEnded(T0.plusSeconds(7200))).isEmpty();
    assertThat(f.silences.delete(s.id())).isTrue();
    assertThat(f.silences.all()).isEmpty();

    long job = f.job("payments", "demo", Tier.P2);
    long stopped = f.job("old", "demo", Tier.P2);
    f.jobState(stopped, "STOPPED", "STOPPED");
    assertThat(f.tiers.setTier(job, Tier.P0)).isTrue();
    assertThat(f.tiers.watched())
        .containsExactly(new WatchedJob(job, "payments", "demo", Tier.P0, JobState.RUNNING));
    // A job saved before tiers existed is P2.
    f.jdbc
        .sql(
            "INSERT INTO jobs (name, type, cluster_id, current_version, desired_state, state,"
                + " created_at, updated_at) VALUES ('legacy', 'SQL', 1, 1, 'STOPPED', 'CREATED', ?, ?)")
        .params(Timestamps.of(T0), Timestamps.of(T0))
        .update();
    assertThat(f.tiers.job("legacy").orElseThrow().tier()).isEqualTo(Tier.P2);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aServerRestartInTheMiddleOfAFiringAlertSendsNothingTwice(String kind) {
    AlertFixture f = new AlertFixture(kind);
    long job = f.job("payments", "demo", Tier.P0);
    f.rule(
        "demo",
        """
        {"name": "slow", "job": "payments", "template": "input_rate_below", "value": 10,
         "for": "20s", "channels": ["hook"]}
        """);
    for (int i = 0; i < 3; i++) {
      f.sample(job, MetricNames.INPUT_RATE, null, 0);
      f.evaluate();
      f.advance(Duration.ofSeconds(10));
    }
    f.restart();
    for (int i = 0; i < 3; i++) {
      f.sample(job, MetricNames.INPUT_RATE, null, 0);
      f.evaluate();
      f.advance(Duration.ofSeconds(10));
    }
    f.restart();
    f.sample(job, MetricNames.INPUT_RATE, null, 50);
    f.evaluate();
    f.restart();
    f.evaluate();
    assertThat(f.sent())
        .extracting(AlertNotification::status, AlertNotification::since)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("firing", T0.plusSeconds(20)),
            org.assertj.core.groups.Tuple.tuple("resolved", T0.plusSeconds(20)));
    assertThat(f.sent().get(1).endedAt()).isEqualTo(T0.plusSeconds(60));
  }
}
