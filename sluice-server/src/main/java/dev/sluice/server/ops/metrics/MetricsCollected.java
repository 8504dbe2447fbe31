package dev.sluice.server.ops.metrics;

import java.time.Instant;
import java.util.Set;

/**
 * Published after each collection cycle, once its samples are in the {@link MetricHistory}, so that
 * what evaluates them runs right after new values arrive.
 *
 * @param at the time the cycle's samples carry
 * @param jobIds the jobs that got samples in this cycle
 */
public record MetricsCollected(Instant at, Set<Long> jobIds) {
  public MetricsCollected {
    jobIds = Set.copyOf(jobIds);
  }
}
