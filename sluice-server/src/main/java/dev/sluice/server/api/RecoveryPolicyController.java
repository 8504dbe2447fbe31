package dev.sluice.server.api;

import dev.sluice.server.jobs.Job;
import dev.sluice.server.ops.alerts.Durations;
import dev.sluice.server.ops.alerts.JobTiers;
import dev.sluice.server.ops.alerts.Tier;
import dev.sluice.server.ops.alerts.WatchedJob;
import dev.sluice.server.ops.recovery.RecoveryPolicy;
import dev.sluice.server.ops.recovery.RecoveryPolicyParser;
import dev.sluice.server.ops.recovery.RecoveryProgress;
import dev.sluice.server.ops.recovery.RecoveryService;
import dev.sluice.server.ops.recovery.RecoveryStore;
import dev.sluice.server.ops.recovery.RestoreFrom;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Role;
import java.time.Clock;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A job's recovery policy (its own, or its tier's default) and where the policy stands with the
 * job. Reading needs viewer, changing operator; a change is audited.
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}/recovery-policy")
class RecoveryPolicyController {
  private final JobAccess jobs;
  private final JobTiers tiers;
  private final RecoveryService recovery;
  private final RecoveryStore store;
  private final Access access;
  private final Audit audit;
  private final Clock clock;

  RecoveryPolicyController(
      JobAccess jobs,
      JobTiers tiers,
      RecoveryService recovery,
      RecoveryStore store,
      Access access,
      Audit audit,
      Clock clock) {
    this.jobs = jobs;
    this.tiers = tiers;
    this.recovery = recovery;
    this.store = store;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  record Threshold(int count, String within) {}

  record Progress(
      RecoveryProgress.Phase phase,
      int attempts,
      String reason,
      Instant episodeStartedAt,
      Instant nextAttemptAt,
      Instant lastAttemptAt,
      String flinkJobId) {
    static Progress of(RecoveryProgress p) {
      return new Progress(
          p.phase(),
          p.attempts(),
          p.reason(),
          p.episodeStartedAt(),
          p.nextAttemptAt(),
          p.lastAttemptAt(),
          p.flinkJobId());
    }
  }

  /**
   * @param source {@code job} when the job has a policy of its own, {@code tier} when it follows
   *     its tier's default
   */
  record PolicyView(
      long jobId,
      String job,
      String project,
      Tier tier,
      String source,
      boolean enabled,
      RestoreFrom restoreFrom,
      int maxAttempts,
      String initialBackoff,
      String maxBackoff,
      String stuckRestartingAfter,
      Threshold restartsThreshold,
      String noCheckpointFor,
      Progress progress) {}

  private PolicyView view(Job job) {
    RecoveryPolicy p = recovery.policy(job.id());
    Tier tier = tiers.job(job.id()).map(WatchedJob::tier).orElse(Tier.P2);
    return new PolicyView(
        job.id(),
        job.name(),
        job.project(),
        tier,
        recovery.ownPolicy(job.id()) ? "job" : "tier",
        p.enabled(),
        p.restoreFrom(),
        p.maxAttempts(),
        Durations.format(p.initialBackoff()),
        Durations.format(p.maxBackoff()),
        Durations.format(p.stuckRestartingAfter()),
        new Threshold(p.restartsCount(), Durations.format(p.restartsWithin())),
        p.noCheckpointFor().isZero() ? "none" : Durations.format(p.noCheckpointFor()),
        Progress.of(recovery.progress(job.id())));
  }

  @GetMapping
  PolicyView get(@PathVariable long id) {
    return view(jobs.job(id, Role.VIEWER));
  }

  /** Sets the fields the body names; the others keep their current values. */
  @PutMapping
  PolicyView set(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
    Job job = jobs.job(id, Role.OPERATOR);
    RecoveryPolicy before = recovery.policy(id);
    RecoveryPolicy after = RecoveryPolicyParser.parse(body, before);
    store.savePolicy(id, after, access.username(), clock.instant());
    audit.record(
        access.username(),
        "job.recovery-policy",
        job.project(),
        "job " + job.name(),
        describe(after));
    return view(job);
  }

  private static String describe(RecoveryPolicy p) {
    return (p.enabled() ? "enabled" : "disabled")
        + ", from "
        + p.restoreFrom().json()
        + ", "
        + p.maxAttempts()
        + " attempts, backoff "
        + Durations.format(p.initialBackoff())
        + "-"
        + Durations.format(p.maxBackoff())
        + ", stuck after "
        + Durations.format(p.stuckRestartingAfter())
        + ", "
        + p.restartsCount()
        + " restarts within "
        + Durations.format(p.restartsWithin())
        + (p.noCheckpointFor().isZero()
            ? ""
            : ", no checkpoint for " + Durations.format(p.noCheckpointFor()));
  }
}
