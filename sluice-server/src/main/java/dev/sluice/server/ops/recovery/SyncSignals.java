package dev.sluice.server.ops.recovery;

import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricNames;
import dev.sluice.server.ops.metrics.MetricSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A sync job's schema changes as a metric that alert rules can watch ({@code sync_schema_changes}:
 * the changes acted on in the last 10 minutes), so that an evolve, a pause or a pickup of new
 * tables alerts through the job's tier (the {@code sync_schema_changed} rule template) as much as
 * it is recorded as an event.
 */
@Component
public class SyncSignals {
  private static final Logger LOG = LoggerFactory.getLogger(SyncSignals.class);
  static final Duration WINDOW = Duration.ofMinutes(10);

  private final JobStore jobs;
  private final EventLog events;
  private final MetricHistory history;
  private final Clock clock;

  public SyncSignals(JobStore jobs, EventLog events, MetricHistory history, Clock clock) {
    this.jobs = jobs;
    this.events = events;
    this.history = history;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${sluice.ops.metrics.collect-interval:15s}",
      fixedDelayString = "${sluice.ops.metrics.collect-interval:15s}")
  public void record() {
    try {
      history.record(samples());
    } catch (RuntimeException e) {
      LOG.warn("Sync schema change signals not recorded: {}", e.toString());
    }
  }

  /** One sample per sync job: its schema changes acted on within the window. */
  List<MetricSample> samples() {
    Instant now = clock.instant();
    Instant since = now.minus(WINDOW);
    List<MetricSample> samples = new ArrayList<>();
    for (Job job : jobs.findAll()) {
      if (!"SYNC".equals(job.type())) {
        continue;
      }
      long changes =
          // The job's newest events (none of its cluster's: those are from before now).
          events.ofJob(job.id(), job.clusterId(), now, 100).stream()
              .filter(e -> e.kind().startsWith("sync.") && e.at().isAfter(since))
              .count();
      samples.add(new MetricSample(job.id(), MetricNames.SYNC_SCHEMA_CHANGES, null, now, changes));
    }
    return samples;
  }
}
