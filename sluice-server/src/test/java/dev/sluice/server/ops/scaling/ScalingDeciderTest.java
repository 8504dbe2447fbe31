package dev.sluice.server.ops.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ops.advice.TuningAdvice;
import dev.sluice.server.ops.advice.VertexAdvice;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingDeciderTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final ScalingPolicy AUTO =
      new ScalingPolicy(
          true,
          1,
          4,
          Duration.ofMinutes(10),
          Duration.ofMinutes(30),
          0.7,
          Duration.ofMinutes(5),
          ZoneId.of("UTC"),
          List.of());

  private static VertexAdvice vertex(String id, int p, int advised) {
    return new VertexAdvice(
        id,
        id,
        null,
        null,
        p,
        128,
        50.0,
        0.0,
        100.0,
        200.0,
        100.0,
        null,
        null,
        advised,
        advised > p ? "scale-up" : advised < p ? "scale-down" : "keep",
        "because");
  }

  private static TuningAdvice advice(VertexAdvice... vertices) {
    return new TuningAdvice("orders", 1, "f1", T0, 0.7, "5m", true, List.of(vertices), List.of());
  }

  @Test
  void aScaleUpGoesAtOnceWithinTheBoundsAndStartsTheCoolDown() {
    ScalingDecider.Decision d =
        ScalingDecider.decide(
            AUTO, advice(vertex("agg", 1, 8), vertex("src", 1, 1)), ScalingState.NONE, T0);
    // Advised 8, bounded by maxParallelism 4.
    assertThat(d.apply()).containsExactly(Map.entry("agg", 4));
    assertThat(d.state()).isEqualTo(new ScalingState(T0, null));
    assertThat(d.why()).isEqualTo("1 vertex(es) scaled up");

    ScalingDecider.Decision cooling =
        ScalingDecider.decide(AUTO, advice(vertex("agg", 4, 8)), d.state(), T0.plusSeconds(599));
    assertThat(cooling.apply()).isEmpty();
    assertThat(cooling.why()).isEqualTo("cooling down until 2026-12-02T10:10:00Z");
    // At the bound already: nothing to do once the cool-down is over.
    assertThat(
            ScalingDecider.decide(AUTO, advice(vertex("agg", 4, 8)), d.state(), T0.plusSeconds(600))
                .apply())
        .isEmpty();
  }

  @Test
  void aScaleDownWaitsUntilItHasBeenAdvisedForTheDelay() {
    ScalingDecider.Decision first =
        ScalingDecider.decide(AUTO, advice(vertex("agg", 4, 2)), ScalingState.NONE, T0);
    assertThat(first.apply()).isEmpty();
    assertThat(first.state()).isEqualTo(new ScalingState(null, T0));
    assertThat(first.why())
        .isEqualTo("a scale-down advised since 2026-12-02T10:00:00Z waits for 30m");

    ScalingDecider.Decision still =
        ScalingDecider.decide(
            AUTO, advice(vertex("agg", 4, 2)), first.state(), T0.plus(Duration.ofMinutes(29)));
    assertThat(still.apply()).isEmpty();

    ScalingDecider.Decision due =
        ScalingDecider.decide(
            AUTO, advice(vertex("agg", 4, 2)), still.state(), T0.plus(Duration.ofMinutes(30)));
    assertThat(due.apply()).containsExactly(Map.entry("agg", 2));
    assertThat(due.state()).isEqualTo(new ScalingState(T0.plus(Duration.ofMinutes(30)), null));
    assertThat(due.why()).isEqualTo("1 scaled down after 30m");
  }

  @Test
  void aBreakInTheScaleDownAdviceStartsItsDelayOver() {
    ScalingDecider.Decision first =
        ScalingDecider.decide(AUTO, advice(vertex("agg", 4, 2)), ScalingState.NONE, T0);
    ScalingDecider.Decision calm =
        ScalingDecider.decide(
            AUTO, advice(vertex("agg", 4, 4)), first.state(), T0.plus(Duration.ofMinutes(20)));
    assertThat(calm.state().scaleDownSince()).isNull();
    ScalingDecider.Decision again =
        ScalingDecider.decide(
            AUTO, advice(vertex("agg", 4, 2)), calm.state(), T0.plus(Duration.ofMinutes(40)));
    assertThat(again.apply()).isEmpty();
    assertThat(again.state().scaleDownSince()).isEqualTo(T0.plus(Duration.ofMinutes(40)));
  }

  @Test
  void theMinimumHoldsAScaleDownBack() {
    ScalingPolicy atLeastThree =
        new ScalingPolicy(
            true,
            3,
            0,
            Duration.ofMinutes(10),
            Duration.ZERO,
            0.7,
            Duration.ofMinutes(5),
            ZoneId.of("UTC"),
            List.of());
    ScalingDecider.Decision d =
        ScalingDecider.decide(
            atLeastThree, advice(vertex("agg", 4, 1), vertex("map", 3, 1)), ScalingState.NONE, T0);
    assertThat(d.apply()).containsExactly(Map.entry("agg", 3));
  }
}
