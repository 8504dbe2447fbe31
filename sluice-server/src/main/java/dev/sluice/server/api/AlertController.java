package dev.sluice.server.api;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.ops.alerts.Alert;
import dev.sluice.server.ops.alerts.AlertRule;
import dev.sluice.server.ops.alerts.AlertRuleStore;
import dev.sluice.server.ops.alerts.AlertState;
import dev.sluice.server.ops.alerts.AlertStore;
import dev.sluice.server.ops.alerts.JobTiers;
import dev.sluice.server.ops.alerts.Tier;
import dev.sluice.server.ops.alerts.WatchedJob;
import dev.sluice.server.security.Access;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Alerts: pending and firing ones, and those resolved in the last day, newest first. */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertController {
  private static final Duration RECENT = Duration.ofDays(1);
  private final AlertStore alerts;
  private final AlertRuleStore rules;
  private final JobTiers jobs;
  private final Access access;
  private final Clock clock;

  AlertController(
      AlertStore alerts, AlertRuleStore rules, JobTiers jobs, Access access, Clock clock) {
    this.alerts = alerts;
    this.rules = rules;
    this.jobs = jobs;
    this.access = access;
    this.clock = clock;
  }

  /**
   * @param since when the current state began
   * @param suppressed {@code silenced} or {@code inhibited} at the last evaluation, else null
   */
  record AlertView(
      long id,
      AlertState state,
      String rule,
      long ruleId,
      Tier severity,
      String project,
      String job,
      long jobId,
      String vertex,
      Double value,
      Instant since,
      Instant pendingSince,
      Instant firingSince,
      Instant resolvedAt,
      Instant lastNotifiedAt,
      String suppressed) {}

  @GetMapping
  List<AlertView> list(
      @RequestParam Optional<String> state,
      @RequestParam Optional<String> job,
      @RequestParam Optional<String> project,
      @RequestParam Optional<Integer> limit) {
    AlertState s = state.map(v -> AlertState.parse("state", v)).orElse(null);
    int n = limit.orElse(500);
    if (n < 1 || n > 5000) {
      throw new InvalidFieldException("limit", "1 to 5000");
    }
    Long jobId = null;
    if (job.isPresent()) {
      Optional<WatchedJob> j = jobs.job(job.get()).filter(x -> access.mayRead(x.project()));
      if (j.isEmpty()) {
        return List.of();
      }
      jobId = j.get().id();
    }
    Map<Long, AlertRule> byId =
        rules.all().stream().collect(Collectors.toMap(AlertRule::id, Function.identity()));
    Map<Long, Optional<WatchedJob>> jobById = new HashMap<>();
    List<AlertView> views = new ArrayList<>();
    for (Alert a : alerts.query(s, jobId, clock.instant().minus(RECENT), n)) {
      AlertRule rule = byId.get(a.ruleId());
      Optional<WatchedJob> j = jobById.computeIfAbsent(a.jobId(), jobs::job);
      if (rule == null
          || j.isEmpty()
          || !access.mayRead(rule.project())
          || project.map(p -> !p.equals(rule.project())).orElse(false)) {
        continue;
      }
      views.add(
          new AlertView(
              a.id(),
              a.state(),
              rule.name(),
              rule.id(),
              a.severity(),
              rule.project(),
              j.get().name(),
              a.jobId(),
              a.vertex(),
              a.value(),
              a.since(),
              a.pendingSince(),
              a.firingSince(),
              a.resolvedAt(),
              a.lastNotifiedAt(),
              a.suppressed()));
    }
    return views;
  }
}
