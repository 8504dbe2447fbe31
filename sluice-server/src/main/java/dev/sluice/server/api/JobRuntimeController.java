package dev.sluice.server.api;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.ops.runtime.JobCheckpoints;
import dev.sluice.server.ops.runtime.JobExceptions;
import dev.sluice.server.ops.runtime.JobRuntimeService;
import dev.sluice.server.ops.runtime.JobVertices;
import dev.sluice.server.security.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the cluster knows of a job's running Flink job: its graph, checkpoints and exceptions. */
@RestController
class JobRuntimeController {
  static final int DEFAULT_MAX_EXCEPTIONS = 20;
  static final int MAX_EXCEPTIONS = 100;

  private final JobAccess jobAccess;
  private final JobRuntimeService runtime;

  JobRuntimeController(JobAccess jobAccess, JobRuntimeService runtime) {
    this.jobAccess = jobAccess;
    this.runtime = runtime;
  }

  @GetMapping("/api/v1/jobs/{id}/vertices")
  JobVertices vertices(@PathVariable long id) {
    return runtime.vertices(job(id));
  }

  @GetMapping("/api/v1/jobs/{id}/checkpoints")
  JobCheckpoints checkpoints(@PathVariable long id) {
    return runtime.checkpoints(job(id));
  }

  @GetMapping("/api/v1/jobs/{id}/exceptions")
  JobExceptions exceptions(
      @PathVariable long id, @RequestParam(required = false) String maxExceptions) {
    Job job = job(id);
    return runtime.exceptions(job, maxExceptions(maxExceptions));
  }

  private Job job(long id) {
    return jobAccess.job(id, Role.VIEWER);
  }

  static int maxExceptions(String value) {
    if (value == null) {
      return DEFAULT_MAX_EXCEPTIONS;
    }
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > MAX_EXCEPTIONS) {
      throw new InvalidFieldException(
          "maxExceptions", "must be a whole number from 1 to " + MAX_EXCEPTIONS + ", got " + value);
    }
    return n;
  }
}
