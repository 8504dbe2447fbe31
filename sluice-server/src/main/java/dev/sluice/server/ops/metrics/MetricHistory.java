package dev.sluice.server.ops.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The collected metrics of every job: written by the collector, read by charts and alert rules. */
public interface MetricHistory {

  void record(Collection<MetricSample> samples);

  /**
   * Samples of the job's metrics in a time range, at most one per {@code step} per name and vertex
   * (the last of each step), oldest first.
   */
  List<MetricSample> range(long jobId, Set<String> names, Instant from, Instant to, Duration step);

  /**
   * The newest sample of each of the job's metrics (per vertex), if collected since {@code since}.
   */
  List<MetricSample> latest(long jobId, Instant since);

  /** Drops what is older than the retention and thins out what has aged (downsampling). */
  void compact(Instant now);
}
