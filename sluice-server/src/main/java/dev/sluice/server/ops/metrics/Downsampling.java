package dev.sluice.server.ops.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one definition of "the last sample of each bucket" that the history's range queries and its
 * compaction share: a bucket is {@code floor(epochMillis / step)}, per job, name and vertex.
 */
final class Downsampling {
  private Downsampling() {}

  static long bucket(Instant at, Duration step) {
    return Math.floorDiv(at.toEpochMilli(), step.toMillis());
  }

  /** The last sample of each bucket, oldest first per series; input in any order. */
  static List<MetricSample> lastPerBucket(List<MetricSample> samples, Duration step) {
    Map<Key, MetricSample> last = new HashMap<>();
    for (MetricSample s : samples) {
      Key key = new Key(s.jobId(), s.name(), s.vertex(), bucket(s.at(), step));
      last.merge(key, s, (a, b) -> b.at().isAfter(a.at()) ? b : a);
    }
    List<MetricSample> out = new ArrayList<>(last.values());
    out.sort(Downsampling::bySeriesThenTime);
    return out;
  }

  /** The newest sample of each series. */
  static List<MetricSample> newestPerSeries(List<MetricSample> samples) {
    Map<Key, MetricSample> newest = new HashMap<>();
    for (MetricSample s : samples) {
      newest.merge(
          new Key(s.jobId(), s.name(), s.vertex(), 0), s, (a, b) -> b.at().isAfter(a.at()) ? b : a);
    }
    List<MetricSample> out = new ArrayList<>(newest.values());
    out.sort(Downsampling::bySeriesThenTime);
    return out;
  }

  static int bySeriesThenTime(MetricSample a, MetricSample b) {
    int c = a.name().compareTo(b.name());
    if (c == 0) {
      c = Objects.toString(a.vertex(), "").compareTo(Objects.toString(b.vertex(), ""));
    }
    return c != 0 ? c : a.at().compareTo(b.at());
  }

  private record Key(long jobId, String name, String vertex, long bucket) {}
}
