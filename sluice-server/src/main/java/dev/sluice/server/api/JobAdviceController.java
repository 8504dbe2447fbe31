package dev.sluice.server.api;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.ops.advice.AdviceService;
import dev.sluice.server.ops.advice.TuningAdvice;
import dev.sluice.server.ops.alerts.Durations;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Role;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tuning advice for a running job (viewer) and applying it (operator): the parallelism per vertex,
 * and the memory of its cluster's TaskManagers. Applying is audited and an event of the job.
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}/advice")
class JobAdviceController {
  private final JobAccess jobs;
  private final AdviceService advice;
  private final Access access;
  private final Audit audit;

  JobAdviceController(JobAccess jobs, AdviceService advice, Access access, Audit audit) {
    this.jobs = jobs;
    this.advice = advice;
    this.access = access;
    this.audit = audit;
  }

  @GetMapping
  TuningAdvice get(
      @PathVariable long id,
      @RequestParam Optional<String> utilization,
      @RequestParam Optional<String> catchUp) {
    Job job = jobs.job(id, Role.VIEWER);
    return advice.advise(job, settings(utilization.orElse(null), catchUp.orElse(null)));
  }

  /**
   * @param vertices the parallelism per vertex id to apply instead of the advice's
   */
  record Apply(String utilization, String catchUp, Map<String, Integer> vertices) {}

  @PostMapping("/apply")
  AdviceService.Applied apply(@PathVariable long id, @RequestBody(required = false) Apply body) {
    Job job = jobs.job(id, Role.OPERATOR);
    AdviceService.Applied applied =
        advice.apply(
            job,
            settings(
                body == null ? null : body.utilization(), body == null ? null : body.catchUp()),
            body == null ? null : body.vertices());
    audit.record(
        access.username(),
        "job.advice-apply",
        job.project(),
        "job " + job.name(),
        applied.parallelism().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ")));
    return applied;
  }

  private static AdviceService.Settings settings(String utilization, String catchUp) {
    AdviceService.Settings d = AdviceService.Settings.DEFAULT;
    double u = d.utilization();
    if (utilization != null) {
      try {
        u = Double.parseDouble(utilization.trim());
      } catch (NumberFormatException e) {
        throw new InvalidFieldException(
            "utilization", "a busy fraction like 0.7 (got '" + utilization + "')");
      }
    }
    Duration c = d.catchUp();
    if (catchUp != null) {
      c = Durations.parse(catchUp);
      if (c == null) {
        throw new InvalidFieldException(
            "catchUp", "a duration like 5m or 30s (got '" + catchUp + "')");
      }
    }
    return new AdviceService.Settings(u, c, d.window());
  }
}
