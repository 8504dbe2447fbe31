package dev.sluice.server.ops.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class QualityResultRecorderTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long JOB = 7;
  private static final Instant END = Instant.parse("2026-12-02T03:10:10Z");

  private final List<MetricSample> recorded = new ArrayList<>();
  private final MetricHistory history =
      new MetricHistory() {
        @Override
        public void record(Collection<MetricSample> samples) {
          recorded.addAll(samples);
        }

        @Override
        public List<MetricSample> range(
            long jobId, Set<String> names, Instant from, Instant to, Duration step) {
          return List.of();
        }

        @Override
        public List<MetricSample> latest(long jobId, Instant since) {
          return List.of();
        }

        @Override
        public void compact(Instant now) {}
      };
  private final QualityResultStore store =
      new JdbcQualityResultStore(TestDatabases.migratedClient("h2"));
  private final QualityMonitor monitor =
      new QualityMonitor(
          "pq",
          "demo",
          new QualityMonitor.Source(null, null, "payments", "b:9092", "json", "latest"),
          List.of(
              new QualityMonitor.Column("merchant", "STRING"),
              new QualityMonitor.Column("ts", "TIMESTAMP(3)")),
          "ts",
          Duration.ZERO,
          Duration.ofSeconds(10),
          List.of(
              new QualityMonitor.Check(CheckType.NULL_RATIO, "merchant", null, null, List.of()),
              new QualityMonitor.Check(CheckType.FRESHNESS, null, null, null, List.of()),
              new QualityMonitor.Check(
                  CheckType.VOLUME_VS_PREVIOUS_DAY, null, null, null, List.of())));
  private final QualityResultRecorder recorder =
      new QualityResultRecorder(
          new QualityResultRecorder.Monitors() {
            @Override
            public Optional<QualityMonitor> monitor(String name) {
              return name.equals("pq") ? Optional.of(monitor) : Optional.empty();
            }

            @Override
            public List<QualityMonitor> all() {
              return List.of(monitor);
            }

            @Override
            public Optional<Long> jobId(String name) {
              return name.equals("pq") ? Optional.of(JOB) : Optional.empty();
            }
          },
          store,
          history);

  private static QualityResults.Window window(Instant end, long rows, String nullRatio) {
    return QualityResults.parse(
        JSON.readTree(
            """
            {"window_start": "%s", "window_end": "%s", "rows": %d,
             "last_event": "%s", "dq_null_ratio.merchant": %s}
            """
                .formatted(end.minusSeconds(10), end, rows, end.minusMillis(1500), nullRatio)));
  }

  @Test
  void recordsTheWindowsValuesAsSamplesOfTheMonitorsJob() {
    Instant at = END.plusSeconds(2);
    List<MetricSample> samples = recorder.record("pq", window(END, 10, "0.2"), at);
    assertThat(samples)
        .containsExactly(
            new MetricSample(JOB, "dq_rows", null, at, 10),
            new MetricSample(JOB, "dq_null_ratio", "merchant", at, 0.2),
            // from the newest event time (1.5 s before the window's end) to when it was read
            new MetricSample(JOB, "dq_freshness", null, at, 3500));
    assertThat(recorded).isEqualTo(samples);
    // No volume sample without a previous day; the stored value says so with NULL.
    assertThat(store.newest("pq", 5))
        .extracting(QualityResultStore.Row::metric, QualityResultStore.Row::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dq_freshness", 3500.0),
            org.assertj.core.groups.Tuple.tuple("dq_null_ratio", 0.2),
            org.assertj.core.groups.Tuple.tuple("dq_rows", 10.0),
            org.assertj.core.groups.Tuple.tuple("dq_volume_vs_previous_day", null));
  }

  @Test
  void volumeIsTheRowCountOverThatOfTheSameWindowADayEarlier() {
    Instant yesterday = END.minus(Duration.ofDays(1));
    recorder.record("pq", window(yesterday, 8, "0.0"), yesterday.plusSeconds(1));
    List<MetricSample> samples = recorder.record("pq", window(END, 10, "0.0"), END.plusSeconds(1));
    assertThat(samples)
        .filteredOn(s -> s.name().equals("dq_volume_vs_previous_day"))
        .extracting(MetricSample::value)
        .containsExactly(1.25);
  }

  @Test
  void aWindowReadTwiceIsRecordedOnceAndUnknownMonitorsAreSkipped() {
    recorder.record("pq", window(END, 10, "0.2"), END.plusSeconds(1));
    assertThat(recorder.record("pq", window(END, 10, "0.2"), END.plusSeconds(5))).isEmpty();
    assertThat(recorder.record("other", window(END, 10, "0.2"), END.plusSeconds(5))).isEmpty();
    assertThat(recorded).hasSize(3);
  }

  @Test
  void aRatioWithoutValuesIsNoSample() {
    List<MetricSample> samples = recorder.record("pq", window(END, 4, "null"), END);
    assertThat(samples).extracting(MetricSample::name).containsExactly("dq_rows", "dq_freshness");
  }

  @Test
  void theNewestWindowIsSampledAgainUntilTheNextIsDueWithFreshnessGrowing() {
    Instant read = END.plusSeconds(2);
    recorder.record("pq", window(END, 10, "0.2"), read);
    recorded.clear();
    Instant later = read.plusSeconds(15);
    assertThat(recorder.refresh(later))
        .containsExactly(
            new MetricSample(JOB, "dq_freshness", null, later, 3500 + 15_000),
            new MetricSample(JOB, "dq_null_ratio", "merchant", later, 0.2),
            new MetricSample(JOB, "dq_rows", null, later, 10));
    assertThat(recorded).hasSize(3);
    // A window (10 s) and 30 s after it was read, the value is no longer held.
    assertThat(recorder.refresh(read.plusSeconds(40))).hasSize(3);
    assertThat(recorder.refresh(read.plusSeconds(41))).isEmpty();
  }

  @Test
  void readsTheTimesFlinksJsonFormatWrites() {
    assertThat(QualityResults.instant(JSON.readTree("\"2026-12-02T03:10:00Z\"")))
        .isEqualTo(Instant.parse("2026-12-02T03:10:00Z"));
    assertThat(QualityResults.instant(JSON.readTree("\"2026-12-02T03:10:00.5Z\"")))
        .isEqualTo(Instant.parse("2026-12-02T03:10:00.500Z"));
    assertThat(QualityResults.instant(JSON.readTree("\"2026-12-02 03:10:00\"")))
        .isEqualTo(Instant.parse("2026-12-02T03:10:00Z"));
    assertThat(QualityResults.parse(JSON.readTree("{\"rows\": 1}"))).isNull();
  }
}
