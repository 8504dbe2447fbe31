package dev.sluice.server.api;

import dev.sluice.server.jobs.Job;
import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricQuery;
import dev.sluice.server.ops.metrics.MetricSample;
import dev.sluice.server.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The metric history of a job, for charts. */
@RestController
class JobMetricsController {
  private final JobAccess jobAccess;
  private final MetricHistory history;
  private final Clock clock;

  JobMetricsController(JobAccess jobAccess, MetricHistory history, Clock clock) {
    this.jobAccess = jobAccess;
    this.history = history;
    this.clock = clock;
  }

  /**
   * @param job the job's name
   * @param jobId the job's id
   * @param step the step between points ({@code 30s})
   * @param stepMillis the same in milliseconds
   */
  record History(
      String job,
      long jobId,
      Instant from,
      Instant to,
      String step,
      long stepMillis,
      List<Series> series) {}

  /**
   * One metric of the job, or of one of its vertices or TaskManagers.
   *
   * @param vertex the Flink vertex id or TaskManager id; null for the job's own value
   * @param points {@code [epochMillis, value]}, oldest first, at most one per step (the last sample
   *     of each step)
   */
  record Series(String name, String vertex, List<List<Number>> points) {}

  @GetMapping("/api/v1/jobs/{id}/metrics")
  History metrics(
      @PathVariable long id,
      @RequestParam(required = false) String names,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String step) {
    Job job = jobAccess.job(id, Role.VIEWER);
    MetricQuery q = MetricQuery.parse(names, from, to, step, clock.instant());
    Map<String, Series> series = new LinkedHashMap<>();
    for (MetricSample s : history.range(id, q.names(), q.from(), q.to(), q.step())) {
      series
          .computeIfAbsent(
              s.name() + "\u0000" + Objects.toString(s.vertex(), ""),
              k -> new Series(s.name(), s.vertex(), new ArrayList<>()))
          .points()
          .add(List.of(s.at().toEpochMilli(), s.value()));
    }
    return new History(
        job.name(),
        job.id(),
        q.from(),
        q.to(),
        MetricQuery.format(q.step()),
        q.step().toMillis(),
        List.copyOf(series.values()));
  }
}
