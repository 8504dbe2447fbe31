package dev.sluice.server.ops.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the server collects and keeps the metrics of running jobs ({@code sluice.ops.metrics.*}).
 *
 * @param collectInterval time between two collection cycles
 * @param retention how long samples are kept
 * @param rawFor samples younger than this are kept as collected
 * @param minuteBucketsFor up to this age one sample per minute is kept, after it one per five
 *     minutes
 * @param compactInterval time between two runs of the retention and downsampling
 * @param concurrency jobs collected at the same time
 * @param requestTimeout the longest a cluster may take to answer one REST request
 * @param namesRefresh how long a vertex's list of metric names is reused before it is read again
 */
@ConfigurationProperties("sluice.ops.metrics")
public record MetricsProperties(
    @DefaultValue("15s") Duration collectInterval,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("6h") Duration rawFor,
    @DefaultValue("24h") Duration minuteBucketsFor,
    @DefaultValue("10m") Duration compactInterval,
    @DefaultValue("8") int concurrency,
    @DefaultValue("5s") Duration requestTimeout,
    @DefaultValue("5m") Duration namesRefresh) {

  public MetricsProperties {
    if (concurrency < 1) {
      throw new IllegalArgumentException("sluice.ops.metrics.concurrency must be at least 1");
    }
    if (rawFor.compareTo(minuteBucketsFor) > 0 || minuteBucketsFor.compareTo(retention) > 0) {
      throw new IllegalArgumentException(
          "sluice.ops.metrics: raw-for <= minute-buckets-for <= retention is required");
    }
  }

  /** The defaults, for tests and tools that run without Spring. */
  public static MetricsProperties defaults() {
    return new MetricsProperties(
        Duration.ofSeconds(15),
        Duration.ofDays(7),
        Duration.ofHours(6),
        Duration.ofHours(24),
        Duration.ofMinutes(10),
        8,
        Duration.ofSeconds(5),
        Duration.ofMinutes(5));
  }
}
