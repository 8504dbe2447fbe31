package dev.sluice.server.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.fakes.InMemoryMetricHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The history on both databases (embedded H2 and a real PostgreSQL, see {@link TestDatabases}), and
 * the in-memory fake held to the same cases.
 */
class JdbcMetricHistoryTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  static Stream<Arguments> histories() {
    return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"), Arguments.of("memory"));
  }

  private static MetricHistory history(String kind) {
    return kind.equals("memory")
        ? new InMemoryMetricHistory()
        : new JdbcMetricHistory(TestDatabases.migrated(kind), MetricsProperties.defaults());
  }

  private static MetricSample s(long job, String name, String vertex, Instant at, double value) {
    return new MetricSample(job, name, vertex, at, value);
  }

  @ParameterizedTest
  @MethodSource("histories")
  void rangeKeepsTheLastSampleOfEachStepPerSeriesWithinTheRange(String kind) {
    MetricHistory history = history(kind);
    Instant base = NOW.minus(Duration.ofMinutes(10));
    List<MetricSample> samples = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      samples.add(s(1, "input_rate", null, base.plusSeconds(15L * i), 100 + i));
      samples.add(s(1, "busy", "v1", base.plusSeconds(15L * i), 10 + i));
      samples.add(s(1, "busy", "v2", base.plusSeconds(15L * i), 20 + i));
      samples.add(s(2, "input_rate", null, base.plusSeconds(15L * i), 999));
    }
    samples.add(s(1, "restarts", null, base, 0));
    history.record(samples);

    List<MetricSample> range =
        history.range(
            1, Set.of("input_rate", "busy"), base, base.plusSeconds(75), Duration.ofSeconds(30));

    // Steps [0s, 30s), [30s, 60s), [60s, 90s): the samples at 15 s, 45 s and 75 s.
    assertThat(range)
        .containsExactly(
            s(1, "busy", "v1", base.plusSeconds(15), 11),
            s(1, "busy", "v1", base.plusSeconds(45), 13),
            s(1, "busy", "v1", base.plusSeconds(75), 15),
            s(1, "busy", "v2", base.plusSeconds(15), 21),
            s(1, "busy", "v2", base.plusSeconds(45), 23),
            s(1, "busy", "v2", base.plusSeconds(75), 25),
            s(1, "input_rate", null, base.plusSeconds(15), 101),
            s(1, "input_rate", null, base.plusSeconds(45), 103),
            s(1, "input_rate", null, base.plusSeconds(75), 105));
    // Both ends are inclusive; what lies outside is not returned.
    assertThat(
            history.range(
                1,
                Set.of("input_rate"),
                base.plusSeconds(20),
                base.plusSeconds(30),
                Duration.ofSeconds(15)))
        .containsExactly(s(1, "input_rate", null, base.plusSeconds(30), 102));
    assertThat(history.range(1, Set.of(), base, NOW, Duration.ofSeconds(15))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void latestIsTheNewestSampleOfEachSeriesSinceTheGivenTime(String kind) {
    MetricHistory history = history(kind);
    history.record(
        List.of(
            s(1, "kafka_lag", null, NOW.minusSeconds(30), 5),
            s(1, "kafka_lag", null, NOW.minusSeconds(15), 7),
            s(1, "kafka_lag", "v1", NOW.minusSeconds(15), 3),
            s(1, "kafka_lag", "v2", NOW.minusSeconds(15), 4),
            s(1, "restarts", null, NOW.minusSeconds(600), 1),
            s(2, "kafka_lag", null, NOW, 100),
            s(1, "output_rate", null, NOW, Double.NaN)));

    assertThat(history.latest(1, NOW.minusSeconds(60)))
        .containsExactly(
            s(1, "kafka_lag", null, NOW.minusSeconds(15), 7),
            s(1, "kafka_lag", "v1", NOW.minusSeconds(15), 3),
            s(1, "kafka_lag", "v2", NOW.minusSeconds(15), 4));
    assertThat(history.latest(1, NOW.minusSeconds(601)))
        .contains(s(1, "restarts", null, NOW.minusSeconds(600), 1))
        .hasSize(4);
    assertThat(history.latest(3, NOW.minusSeconds(601))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void compactKeepsRawThenOnePerMinuteThenOnePerFiveMinutesAndDropsWhatIsTooOld(String kind) {
    MetricHistory history = history(kind);
    Instant raw = NOW.minus(Duration.ofHours(1));
    Instant minutes = NOW.minus(Duration.ofHours(10)); // a whole minute
    Instant fives = NOW.minus(Duration.ofDays(2)); // a whole five minutes
    history.record(
        List.of(
            s(1, "busy", null, raw, 1),
            s(1, "busy", null, raw.plusSeconds(15), 2),
            s(1, "busy", null, minutes.plusSeconds(10), 3),
            s(1, "busy", null, minutes.plusSeconds(20), 4),
            s(1, "busy", null, minutes.plusSeconds(50), 5),
            s(1, "busy", null, minutes.plusSeconds(70), 6),
            s(1, "busy", "v1", minutes.plusSeconds(10), 7),
            s(2, "busy", null, minutes.plusSeconds(10), 8),
            s(1, "busy", null, fives.plusSeconds(60), 9),
            s(1, "busy", null, fives.plusSeconds(240), 10),
            s(1, "busy", null, fives.plusSeconds(360), 11),
            s(1, "busy", null, NOW.minus(Duration.ofDays(8)), 12)));

    history.compact(NOW);
    history.compact(NOW); // compacting again changes nothing

    List<MetricSample> kept =
        new ArrayList<>(
            history.range(
                1, Set.of("busy"), NOW.minus(Duration.ofDays(30)), NOW, Duration.ofMillis(1)));
    kept.addAll(
        history.range(
            2, Set.of("busy"), NOW.minus(Duration.ofDays(30)), NOW, Duration.ofMillis(1)));
    assertThat(kept)
        .containsExactly(
            s(1, "busy", null, fives.plusSeconds(240), 10),
            s(1, "busy", null, fives.plusSeconds(360), 11),
            s(1, "busy", null, minutes.plusSeconds(50), 5),
            s(1, "busy", null, minutes.plusSeconds(70), 6),
            s(1, "busy", null, raw, 1),
            s(1, "busy", null, raw.plusSeconds(15), 2),
            s(1, "busy", "v1", minutes.plusSeconds(10), 7),
            s(2, "busy", null, minutes.plusSeconds(10), 8));
  }
}
