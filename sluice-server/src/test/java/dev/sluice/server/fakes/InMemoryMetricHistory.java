package dev.sluice.server.fakes;

import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The metric history in memory, with the JDBC history's semantics (last sample per step bucket; raw
 * for 6 h, one per minute up to 24 h, one per five minutes up to the 7-day retention).
 */
public final class InMemoryMetricHistory implements MetricHistory {
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final Duration RAW = Duration.ofHours(6);
  private static final Duration MINUTES = Duration.ofHours(24);
  private static final Comparator<MetricSample> ORDER =
      Comparator.comparing(MetricSample::name)
          .thenComparing(s -> Objects.toString(s.vertex(), ""))
          .thenComparing(MetricSample::at);

  private final List<MetricSample> samples = new ArrayList<>();

  @Override
  public synchronized void record(Collection<MetricSample> recorded) {
    recorded.stream().filter(s -> Double.isFinite(s.value())).forEach(samples::add);
  }

  /** Everything recorded and kept, in the order recorded. */
  public synchronized List<MetricSample> all() {
    return List.copyOf(samples);
  }

  @Override
  public synchronized List<MetricSample> range(
      long jobId, Set<String> names, Instant from, Instant to, Duration step) {
    Map<List<Object>, MetricSample> last = new LinkedHashMap<>();
    for (MetricSample s : samples) {
      if (s.jobId() == jobId
          && names.contains(s.name())
          && !s.at().isBefore(from)
          && !s.at().isAfter(to)) {
        last.merge(key(s, step), s, (a, b) -> b.at().isAfter(a.at()) ? b : a);
      }
    }
    return last.values().stream().sorted(ORDER).toList();
  }

  @Override
  public synchronized List<MetricSample> latest(long jobId, Instant since) {
    Map<List<Object>, MetricSample> newest = new LinkedHashMap<>();
    for (MetricSample s : samples) {
      if (s.jobId() == jobId && !s.at().isBefore(since)) {
        newest.merge(
            List.of(s.name(), Objects.toString(s.vertex(), "")),
            s,
            (a, b) -> b.at().isAfter(a.at()) ? b : a);
      }
    }
    return newest.values().stream().sorted(ORDER).toList();
  }

  @Override
  public synchronized void compact(Instant now) {
    samples.removeIf(s -> s.at().isBefore(now.minus(RETENTION)));
    List<MetricSample> kept = new ArrayList<>();
    Map<List<Object>, MetricSample> last = new LinkedHashMap<>();
    for (MetricSample s : samples) {
      Duration step =
          s.at().isBefore(now.minus(MINUTES))
              ? Duration.ofMinutes(5)
              : s.at().isBefore(now.minus(RAW)) ? Duration.ofMinutes(1) : null;
      if (step == null) {
        kept.add(s);
      } else {
        last.merge(key(s, step), s, (a, b) -> b.at().isAfter(a.at()) ? b : a);
      }
    }
    kept.addAll(last.values());
    samples.clear();
    samples.addAll(kept);
  }

  private static List<Object> key(MetricSample s, Duration step) {
    return List.of(
        s.jobId(),
        s.name(),
        Objects.toString(s.vertex(), ""),
        Math.floorDiv(s.at().toEpochMilli(), step.toMillis()));
  }
}
