package dev.sluice.server.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ops.metrics.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionEvaluatorTest {
  private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  private static AlertRule rule(Match match, Condition... conditions) {
    return new AlertRule(
        1,
        "demo",
        "r",
        null,
        null,
        null,
        Duration.ZERO,
        match,
        List.of(conditions),
        List.of(),
        null,
        null,
        null,
        "ana",
        T,
        T);
  }

  private static MetricSample s(String name, String vertex, double value) {
    return new MetricSample(7, name, vertex, T, value);
  }

  @Test
  void aVertexLevelConditionHoldsPerVertexAndANarrowedOneOnItsVertexOnly() {
    List<MetricSample> samples =
        List.of(
            s("backpressure", "a", 900), s("backpressure", "b", 100), s("backpressure", null, 900));
    ConditionEvaluator e = new ConditionEvaluator(samples, null, Map.of());
    assertThat(e.evaluate(rule(Match.ALL, new Condition("backpressure", Op.GT, 500, null, null))))
        .containsExactly(new ConditionEvaluator.Holding("a", 900));
    assertThat(e.evaluate(rule(Match.ALL, new Condition("backpressure", Op.GT, 50, "b", null))))
        .containsExactly(new ConditionEvaluator.Holding("b", 100));
    assertThat(e.evaluate(rule(Match.ALL, new Condition("backpressure", Op.GT, 500, "b", null))))
        .isEmpty();
  }

  @Test
  void aJobLevelConditionCombinesWithEachVertex() {
    List<MetricSample> samples =
        List.of(s("busy", "a", 1000), s("busy", "b", 990), s("kafka_lag", null, 5));
    ConditionEvaluator e = new ConditionEvaluator(samples, null, Map.of());
    AlertRule all =
        rule(
            Match.ALL,
            new Condition("busy", Op.GE, 995, null, null),
            new Condition("kafka_lag", Op.GT, 1, null, null));
    assertThat(e.evaluate(all)).containsExactly(new ConditionEvaluator.Holding("a", 1000));
    AlertRule any =
        rule(
            Match.ANY,
            new Condition("busy", Op.GE, 995, null, null),
            new Condition("kafka_lag", Op.GT, 1, null, null));
    assertThat(e.evaluate(any))
        .containsExactly(
            new ConditionEvaluator.Holding("a", 1000), new ConditionEvaluator.Holding("b", 5));
  }

  @Test
  void withoutVertexSamplesTheJobsValueIsUsedAndTheStoredStateStandsInForJobState() {
    ConditionEvaluator e =
        new ConditionEvaluator(
            List.of(s("backpressure", null, 700)), JobStateCodes.FAILED, Map.of());
    assertThat(e.evaluate(rule(Match.ALL, new Condition("backpressure", Op.GT, 500, null, null))))
        .containsExactly(new ConditionEvaluator.Holding(null, 700));
    assertThat(e.evaluate(rule(Match.ALL, new Condition("job_state", Op.EQ, 3, null, null))))
        .containsExactly(new ConditionEvaluator.Holding(null, 3));
    // A sample wins over the stored state.
    ConditionEvaluator running =
        new ConditionEvaluator(List.of(s("job_state", null, 0)), JobStateCodes.FAILED, Map.of());
    assertThat(running.jobState()).isEqualTo(0.0);
    assertThat(e.evaluate(rule(Match.ALL, new Condition("input_rate", Op.LT, 1, null, null))))
        .isEmpty();
  }
}
