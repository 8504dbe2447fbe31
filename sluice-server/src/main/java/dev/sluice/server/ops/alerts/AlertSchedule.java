package dev.sluice.server.ops.alerts;

import dev.sluice.server.ops.metrics.MetricsCollected;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the evaluator right after each metrics collection, and on a timer in case collections stop
 * (a stopped collector must still let alerts of vanished jobs resolve and P2 digests go out).
 */
@Component
class AlertSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(AlertSchedule.class);
  private final AlertEvaluator evaluator;
  private final AlertProperties properties;
  private final Clock clock;
  private volatile Instant last = Instant.MIN;

  AlertSchedule(AlertEvaluator evaluator, AlertProperties properties, Clock clock) {
    this.evaluator = evaluator;
    this.properties = properties;
    this.clock = clock;
  }

  @EventListener
  void collected(MetricsCollected event) {
    run();
  }

  @Scheduled(
      initialDelayString = "${sluice.ops.alerts.evaluate-interval:15s}",
      fixedDelayString = "${sluice.ops.alerts.evaluate-interval:15s}")
  void timer() {
    // Collections trigger evaluations; the timer only fills in when none came for an interval.
    if (Duration.between(last, clock.instant()).compareTo(properties.evaluateInterval()) >= 0) {
      run();
    }
  }

  private void run() {
    try {
      last = clock.instant();
      evaluator.evaluate();
    } catch (RuntimeException e) {
      LOG.warn("Alert evaluation failed; it runs again after the next collection", e);
    }
  }
}
