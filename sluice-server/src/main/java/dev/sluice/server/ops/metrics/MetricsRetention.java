package dev.sluice.server.ops.metrics;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Applies the history's retention and downsampling at an interval. */
@Component
class MetricsRetention {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsRetention.class);
  private final MetricHistory history;
  private final Clock clock;

  MetricsRetention(MetricHistory history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${sluice.ops.metrics.compact-interval:10m}",
      fixedDelayString = "${sluice.ops.metrics.compact-interval:10m}")
  void compact() {
    try {
      history.compact(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("Compacting the metric history failed", e);
    }
  }
}
