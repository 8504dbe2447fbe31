package dev.sluice.server.ops.scaling;

import dev.sluice.server.jobs.DesiredState;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobLocks;
import dev.sluice.server.jobs.JobState;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.ops.advice.AdviceService;
import dev.sluice.server.ops.advice.TuningAdvice;
import dev.sluice.server.ops.alerts.JobTiers;
import dev.sluice.server.ops.alerts.Tier;
import dev.sluice.server.ops.alerts.WatchedJob;
import dev.sluice.server.ops.recovery.EventLog;
import dev.sluice.server.ops.recovery.JobEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Changes running jobs' parallelism by their scaling policy: the schedule's default parallelism
 * when a window begins, and in the automatic mode the tuning advice, through {@link
 * AdviceService}'s savepoint-and-restore path (never dropping state). What it does is an event of
 * the job; a failure is an event too, and is tried again after the cool-down.
 */
@Service
public class ScalingService {
  private static final Logger LOG = LoggerFactory.getLogger(ScalingService.class);
  private final JobStore jobs;
  private final JobTiers tiers;
  private final JobLocks locks;
  private final ScalingStore store;
  private final AdviceService advice;
  private final EventLog events;
  private final ScalingProperties properties;
  private final Clock clock;
  private final Map<Long, String> failing = new ConcurrentHashMap<>();

  public ScalingService(
      JobStore jobs,
      JobTiers tiers,
      JobLocks locks,
      ScalingStore store,
      AdviceService advice,
      EventLog events,
      ScalingProperties properties,
      Clock clock) {
    this.jobs = jobs;
    this.tiers = tiers;
    this.locks = locks;
    this.store = store;
    this.advice = advice;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /** The job's own policy, else its tier's default (automatic where the settings say). */
  public ScalingPolicy policy(long jobId) {
    return store
        .policy(jobId)
        .orElseGet(() -> ScalingPolicy.OFF.withAuto(properties.autoTiers().contains(tier(jobId))));
  }

  public boolean ownPolicy(long jobId) {
    return store.policy(jobId).isPresent();
  }

  public ScalingState state(long jobId) {
    return store.state(jobId);
  }

  private Tier tier(long jobId) {
    return tiers.job(jobId).map(WatchedJob::tier).orElse(Tier.P2);
  }

  @Scheduled(
      initialDelayString = "${sluice.ops.scaling.initial-delay:60s}",
      fixedDelayString = "${sluice.ops.scaling.interval:1m}")
  public void run() {
    for (Job job : jobs.findAll()) {
      if (job.state() != JobState.RUNNING
          || job.desiredState() != DesiredState.RUNNING
          || job.flinkJobId() == null) {
        continue;
      }
      try {
        locks.ifFree(job.id(), () -> jobs.findById(job.id()).ifPresent(this::look));
      } catch (RuntimeException e) {
        LOG.warn("Scaling of job '{}' not evaluated: {}", job.name(), e.toString());
      }
    }
  }

  /** One look at one running job. */
  void look(Job job) {
    ScalingPolicy policy = policy(job.id());
    if (!policy.auto() && policy.schedule().isEmpty()) {
      return;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ScalingState state = store.state(job.id());
    boolean cooling =
        state.lastScaledAt() != null && now.isBefore(state.lastScaledAt().plus(policy.coolDown()));
    try {
      OptionalInt wanted = policy.scheduled(now);
      if (wanted.isPresent()
          && !cooling
          && (job.defaultParallelism() == null || job.defaultParallelism() != wanted.getAsInt())) {
        advice.rescaleDefault(
            job,
            wanted.getAsInt(),
            "scaling.scheduled",
            "The schedule wants default parallelism "
                + wanted.getAsInt()
                + " at "
                + now
                + " ("
                + policy.zone().getId()
                + ")");
        store.saveState(job.id(), new ScalingState(now, null));
        failing.remove(job.id());
        return;
      }
      if (!policy.auto()) {
        return;
      }
      TuningAdvice a =
          advice.advise(
              job,
              new AdviceService.Settings(
                  policy.utilization(), policy.catchUp(), AdviceService.Settings.DEFAULT.window()));
      // The advice just given is the one applied: the cluster is not asked twice.
      ScalingDecider.Decision d = ScalingDecider.decide(policy, a, state, now);
      if (d.apply().isEmpty()) {
        store.saveState(job.id(), d.state());
        return;
      }
      advice.apply(job, a, d.apply());
      store.saveState(job.id(), d.state());
      event(job, "scaling.auto", "automatic mode: " + d.why(), "applied " + d.apply(), now);
      failing.remove(job.id());
    } catch (RuntimeException e) {
      // Tried again after the cool-down, not every look.
      store.saveState(job.id(), new ScalingState(now, state.scaleDownSince()));
      if (failing.put(job.id(), String.valueOf(e.getMessage())) == null) {
        LOG.warn("Scaling job '{}' failed: {}", job.name(), e.getMessage());
      }
      event(
          job,
          "scaling.failed",
          "scaling by policy",
          "changing the parallelism",
          e.getMessage(),
          now);
    }
  }

  private void event(Job job, String kind, String seen, String outcome, Instant now) {
    event(job, kind, seen, null, outcome, now);
  }

  private void event(
      Job job, String kind, String seen, String action, String outcome, Instant now) {
    try {
      events.record(
          JobEvent.ofJob(
              job.id(), "scaling", kind, seen, action, outcome, null, job.flinkJobId(), now));
    } catch (RuntimeException e) {
      LOG.warn("Could not record the event {}: {}", kind, e.toString());
    }
  }
}
