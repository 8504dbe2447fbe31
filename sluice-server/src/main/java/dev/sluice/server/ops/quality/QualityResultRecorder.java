package dev.sluice.server.ops.quality;

import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricNames;
import dev.sluice.server.ops.metrics.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns a window's record of a monitor's job into the monitor's stored results and into samples of
 * the job's metric history, where alert rules see them like any metric. Freshness is measured here,
 * when the record is read; volume is the window's row count over the count stored for the window
 * that ended a day earlier. A window read twice (a redelivery) is recorded once.
 */
public final class QualityResultRecorder {
  static final Duration DAY = Duration.ofDays(1);

  /** How long past a window's length its values are still sampled while the next is awaited. */
  static final Duration HOLD_MARGIN = Duration.ofSeconds(30);

  /** The monitors and their jobs, as the recorder needs them. */
  public interface Monitors {
    Optional<QualityMonitor> monitor(String name);

    List<QualityMonitor> all();

    /** The id of the monitor's job, if it was ever deployed. */
    Optional<Long> jobId(String monitor);
  }

  private final Monitors monitors;
  private final QualityResultStore results;
  private final MetricHistory history;

  public QualityResultRecorder(
      Monitors monitors, QualityResultStore results, MetricHistory history) {
    this.monitors = monitors;
    this.results = results;
    this.history = history;
  }

  /**
   * @return the samples recorded (none for a record of an unknown monitor or a window already
   *     recorded)
   */
  public List<MetricSample> record(String monitorName, QualityResults.Window w, Instant at) {
    Optional<QualityMonitor> monitor = monitors.monitor(monitorName);
    Optional<Long> jobId = monitors.jobId(monitorName);
    if (monitor.isEmpty() || jobId.isEmpty() || w == null) {
      return List.of();
    }
    List<QualityResultStore.Row> rows = new ArrayList<>();
    rows.add(row(w, MetricNames.DQ_ROWS, null, (double) w.rows()));
    for (Map.Entry<QualityResults.Series, Double> v : w.values().entrySet()) {
      rows.add(row(w, v.getKey().metric(), v.getKey().label(), v.getValue()));
    }
    for (QualityMonitor.Check c : monitor.get().checks()) {
      if (c.type() == CheckType.FRESHNESS) {
        Double lag =
            w.lastEvent() == null
                ? null
                : (double) Math.max(0, Duration.between(w.lastEvent(), at).toMillis());
        rows.add(row(w, MetricNames.DQ_FRESHNESS, null, lag));
      } else if (c.type() == CheckType.VOLUME_VS_PREVIOUS_DAY) {
        OptionalDouble before =
            results.value(monitorName, w.end().minus(DAY), MetricNames.DQ_ROWS, null);
        Double ratio =
            before.isPresent() && before.getAsDouble() > 0 ? w.rows() / before.getAsDouble() : null;
        rows.add(row(w, MetricNames.DQ_VOLUME_VS_PREVIOUS_DAY, null, ratio));
      }
    }
    if (!results.insert(monitorName, w.start(), w.end(), rows, at)) {
      return List.of();
    }
    List<MetricSample> samples = new ArrayList<>();
    for (QualityResultStore.Row r : rows) {
      if (r.value() != null) {
        samples.add(new MetricSample(jobId.get(), r.metric(), r.label(), at, r.value()));
      }
    }
    history.record(samples);
    return samples;
  }

  /**
   * Samples each monitor's newest window again, as a gauge is sampled: until the next window is due
   * (a window, its lateness and {@link #HOLD_MARGIN} after the newest was read), so that a rule
   * sees a value between two windows however long they are, and then no longer, so that a monitor
   * whose windows stop coming goes stale. Freshness keeps growing: it is measured from the window's
   * newest event time to now.
   *
   * @return the samples recorded
   */
  public List<MetricSample> refresh(Instant now) {
    List<MetricSample> samples = new ArrayList<>();
    for (QualityMonitor m : monitors.all()) {
      Optional<Long> jobId = monitors.jobId(m.name());
      Optional<QualityResultStore.Latest> latest = results.latest(m.name());
      if (jobId.isEmpty() || latest.isEmpty()) {
        continue;
      }
      Duration age = Duration.between(latest.get().receivedAt(), now);
      if (age.isNegative()
          || age.isZero()
          || age.compareTo(m.window().plus(m.lateness()).plus(HOLD_MARGIN)) > 0) {
        continue;
      }
      for (QualityResultStore.Row r : latest.get().rows()) {
        if (r.value() == null) {
          continue;
        }
        double value =
            r.metric().equals(MetricNames.DQ_FRESHNESS) ? r.value() + age.toMillis() : r.value();
        samples.add(new MetricSample(jobId.get(), r.metric(), r.label(), now, value));
      }
    }
    if (!samples.isEmpty()) {
      history.record(samples);
    }
    return samples;
  }

  private static QualityResultStore.Row row(
      QualityResults.Window w, String metric, String label, Double value) {
    return new QualityResultStore.Row(w.start(), w.end(), metric, label, value);
  }
}
