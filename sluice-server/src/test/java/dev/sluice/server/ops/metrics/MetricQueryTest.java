package dev.sluice.server.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.errors.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricQueryTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void defaultsToEveryNameTheLastHourAndAStepOfAtMostFiveHundredPoints() {
    MetricQuery q = MetricQuery.parse(null, null, null, null, NOW);

    assertThat(q.names()).isEqualTo(MetricNames.ALL);
    assertThat(q.from()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(q.to()).isEqualTo(NOW);
    // 3600 s / 500 points = 7.2 s: the next step up is 10 s (360 points).
    assertThat(q.step()).isEqualTo(Duration.ofSeconds(10));
    assertThat(MetricQuery.defaultStep(Duration.ofDays(7))).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void readsNamesTimesAndSteps() {
    MetricQuery q =
        MetricQuery.parse(
            "input_rate, kafka_lag", "2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z", "30s", NOW);

    assertThat(q.names()).isEqualTo(Set.of("input_rate", "kafka_lag"));
    assertThat(q.from()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(q.to()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
    assertThat(q.step()).isEqualTo(Duration.ofSeconds(30));
    assertThat(MetricQuery.parse(null, null, null, "PT5M", NOW).step())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(MetricQuery.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(MetricQuery.format(Duration.ofMinutes(5))).isEqualTo("5m");
  }

  @Test
  void namesTheParameterThatIsWrong() {
    assertThatThrownBy(() -> MetricQuery.parse("input_rate,lagg", null, null, null, NOW))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("names"))
        .hasMessageContaining("unknown metric 'lagg'");
    assertThatThrownBy(() -> MetricQuery.parse(null, "yesterday", null, null, NOW))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("from"));
    assertThatThrownBy(() -> MetricQuery.parse(null, null, "2026-13-01T00:00:00Z", null, NOW))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("to"));
    assertThatThrownBy(
            () ->
                MetricQuery.parse(null, "2026-11-24T12:00:00Z", "2026-11-24T11:00:00Z", null, NOW))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("from"))
        .hasMessageContaining("must be before 'to'");
    assertThatThrownBy(() -> MetricQuery.parse(null, null, null, "fast", NOW))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("step"));
    assertThatThrownBy(() -> MetricQuery.parse(null, null, null, "100ms", NOW))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("step"));
    // One second over seven days would be 604,800 points.
    assertThatThrownBy(() -> MetricQuery.parse(null, "2026-11-17T12:00:00Z", null, "1s", NOW))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("step"))
        .hasMessageContaining("use at least 55s");
  }
}
