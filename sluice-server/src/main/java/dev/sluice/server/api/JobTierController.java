package dev.sluice.server.api;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jobs.JobNotFoundException;
import dev.sluice.server.ops.alerts.JobTiers;
import dev.sluice.server.ops.alerts.Tier;
import dev.sluice.server.ops.alerts.WatchedJob;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A job's tier, P0 (people at once) to P2 (the default: handled on a schedule): it picks the tier's
 * rules and, for rules without a severity, the alerts' severity and repeat interval.
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}/tier")
class JobTierController {
  private final JobTiers tiers;
  private final Access access;
  private final Audit audit;

  JobTierController(JobTiers tiers, Access access, Audit audit) {
    this.tiers = tiers;
    this.access = access;
    this.audit = audit;
  }

  record TierView(long jobId, String job, String project, Tier tier) {
    static TierView of(WatchedJob j) {
      return new TierView(j.id(), j.name(), j.project(), j.tier());
    }
  }

  record SetTier(String tier) {}

  private WatchedJob job(long id, Role needed) {
    WatchedJob job = tiers.job(id).orElseThrow(() -> new JobNotFoundException(id));
    access.require(job.project(), needed, () -> new JobNotFoundException(id));
    return job;
  }

  @GetMapping
  TierView get(@PathVariable long id) {
    return TierView.of(job(id, Role.VIEWER));
  }

  @PutMapping
  TierView set(@PathVariable long id, @RequestBody SetTier body) {
    WatchedJob job = job(id, Role.OPERATOR);
    if (body == null) {
      throw new InvalidFieldException("tier", "one of P0, P1, P2 is required");
    }
    Tier tier = Tier.parse("tier", body.tier());
    tiers.setTier(id, tier);
    audit.record(
        access.username(),
        "job.tier",
        job.project(),
        "job " + job.name(),
        job.tier() + " -> " + tier);
    return TierView.of(tiers.job(id).orElseThrow());
  }
}
