package dev.sluice.server.api;

import dev.sluice.server.jobs.Job;
import dev.sluice.server.ops.alerts.Durations;
import dev.sluice.server.ops.scaling.ScalingPolicy;
import dev.sluice.server.ops.scaling.ScalingPolicyParser;
import dev.sluice.server.ops.scaling.ScalingService;
import dev.sluice.server.ops.scaling.ScalingState;
import dev.sluice.server.ops.scaling.ScalingStore;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A job's scaling policy (its own, or its tier's default): the automatic mode and the schedule.
 * Reading needs viewer, changing operator; a change is audited.
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}/scaling-policy")
class ScalingPolicyController {
  private final JobAccess jobs;
  private final ScalingService scaling;
  private final ScalingStore store;
  private final Access access;
  private final Audit audit;
  private final Clock clock;

  ScalingPolicyController(
      JobAccess jobs,
      ScalingService scaling,
      ScalingStore store,
      Access access,
      Audit audit,
      Clock clock) {
    this.jobs = jobs;
    this.scaling = scaling;
    this.store = store;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  record WindowView(String from, String to, int parallelism) {}

  /**
   * @param source {@code job} for the job's own policy, {@code tier} for its tier's default
   * @param lastScaledAt when Sluice last changed its parallelism by this policy
   * @param scaleDownSince since when a scale-down has been advised, waiting for scaleDownDelay
   */
  record PolicyView(
      long jobId,
      String job,
      String source,
      boolean auto,
      int minParallelism,
      int maxParallelism,
      String coolDown,
      String scaleDownDelay,
      double utilization,
      String catchUp,
      String zone,
      List<WindowView> schedule,
      Instant lastScaledAt,
      Instant scaleDownSince) {}

  private PolicyView view(Job job) {
    ScalingPolicy p = scaling.policy(job.id());
    ScalingState s = scaling.state(job.id());
    return new PolicyView(
        job.id(),
        job.name(),
        scaling.ownPolicy(job.id()) ? "job" : "tier",
        p.auto(),
        p.minParallelism(),
        p.maxParallelism(),
        Durations.format(p.coolDown()),
        Durations.format(p.scaleDownDelay()),
        p.utilization(),
        Durations.format(p.catchUp()),
        p.zone().getId(),
        p.schedule().stream()
            .map(w -> new WindowView(w.from().toString(), w.to().toString(), w.parallelism()))
            .toList(),
        s.lastScaledAt(),
        s.scaleDownSince());
  }

  @GetMapping
  PolicyView get(@PathVariable long id) {
    return view(jobs.job(id, Role.VIEWER));
  }

  /** Sets the fields the body names; the others keep their current values. */
  @PutMapping
  PolicyView set(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
    Job job = jobs.job(id, Role.OPERATOR);
    ScalingPolicy after = ScalingPolicyParser.parse(body, scaling.policy(id));
    store.savePolicy(id, after, access.username(), clock.instant());
    audit.record(
        access.username(),
        "job.scaling-policy",
        job.project(),
        "job " + job.name(),
        (after.auto() ? "auto" : "manual")
            + ", parallelism "
            + after.minParallelism()
            + "-"
            + (after.maxParallelism() == 0 ? "max" : after.maxParallelism())
            + ", "
            + after.schedule().size()
            + " scheduled windows");
    return view(job);
  }
}
