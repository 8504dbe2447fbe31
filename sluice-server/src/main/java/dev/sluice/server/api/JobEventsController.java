package dev.sluice.server.api;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.ops.recovery.EventLog;
import dev.sluice.server.ops.recovery.JobEvent;
import dev.sluice.server.security.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A job's history of what the platform saw and did: the recovery policy's steps and the local
 * cluster's restarted processes, newest first.
 */
@RestController
class JobEventsController {
  static final int MAX_EVENTS = 1000;
  private final JobAccess jobs;
  private final EventLog events;

  JobEventsController(JobAccess jobs, EventLog events) {
    this.jobs = jobs;
    this.events = events;
  }

  record EventView(
      long id,
      Instant at,
      String scope,
      String source,
      String kind,
      String seen,
      String action,
      String outcome,
      Integer attempt,
      String flinkJobId) {
    static EventView of(JobEvent e) {
      return new EventView(
          e.id(),
          e.at(),
          e.jobId() == null ? "cluster" : "job",
          e.source(),
          e.kind(),
          e.seen(),
          e.action(),
          e.outcome(),
          e.attempt(),
          e.flinkJobId());
    }
  }

  record Events(long jobId, String job, List<EventView> events) {}

  @GetMapping("/api/v1/jobs/{id}/events")
  Events events(@PathVariable long id, @RequestParam Optional<String> limit) {
    Job job = jobs.job(id, Role.VIEWER);
    int n = limit.map(JobEventsController::limit).orElse(100);
    return new Events(
        job.id(),
        job.name(),
        events.ofJob(job.id(), job.clusterId(), since(job), n).stream()
            .map(EventView::of)
            .toList());
  }

  /** Cluster events count from the job's creation: what came before is not its history. */
  private static Instant since(Job job) {
    return job.createdAt() == null ? Instant.EPOCH : job.createdAt().toInstant();
  }

  private static int limit(String text) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1 && n <= MAX_EVENTS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new InvalidFieldException(
        "limit", "a whole number from 1 to " + MAX_EVENTS + " (got '" + text + "')");
  }
}
