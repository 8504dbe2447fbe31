package dev.sluice.server.api;

import dev.sluice.server.debug.DebugRun;
import dev.sluice.server.debug.DebugService;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Debug runs: start, read each step's rows, stop; and the taps' ingest endpoint. */
@RestController
@RequestMapping("/api/v1/debug-runs")
class DebugController {
  private final DebugService debug;
  private final JobAccess jobAccess;
  private final Access access;

  DebugController(DebugService debug, JobAccess jobAccess, Access access) {
    this.debug = debug;
    this.jobAccess = jobAccess;
    this.access = access;
  }

  /**
   * A run on samples needs the developer role in its project (the job's, or the one named); reading
   * live input (production rows) needs operator.
   */
  @PostMapping
  ResponseEntity<DebugService.RunView> start(@RequestBody DebugService.Start start) {
    Role needed = start.readsLive() ? Role.OPERATOR : Role.DEVELOPER;
    String project;
    if (start.jobId() != null) {
      project = jobAccess.job(start.jobId(), needed).project();
    } else {
      project = access.defaultProject(start.project(), Role.DEVELOPER);
      access.requireProject(project, needed);
    }
    DebugService.RunView run = debug.start(start.as(access.username(), project));
    return ResponseEntity.created(URI.create("/api/v1/debug-runs/" + run.id())).body(run);
  }

  /** A run, if the caller may read its rows: live rows need operator, sample rows viewer. */
  private DebugRun run(String id, Role atLeast) {
    DebugRun run = debug.get(id);
    Role needed = run.live() && !atLeast.includes(Role.OPERATOR) ? Role.OPERATOR : atLeast;
    access.require(run.project(), needed, () -> new NotFoundException("Debug run " + id));
    return run;
  }

  @GetMapping
  List<DebugService.RunView> list() {
    return debug.list().stream()
        .filter(r -> access.caller().may(r.project(), r.live() ? Role.OPERATOR : Role.VIEWER))
        .toList();
  }

  @GetMapping("/{id}")
  DebugService.RunView get(@PathVariable String id) {
    run(id, Role.VIEWER);
    return debug.view(id);
  }

  @GetMapping("/{id}/steps/{step}/rows")
  List<DebugService.RowView> rows(
      @PathVariable String id,
      @PathVariable String step,
      @RequestParam(defaultValue = "-1") long after,
      @RequestParam(defaultValue = "500") int limit) {
    run(id, Role.VIEWER);
    return debug.rows(id, step, after, limit);
  }

  @GetMapping("/{id}/steps/{step}/table")
  List<JsonNode> table(@PathVariable String id, @PathVariable String step) {
    run(id, Role.VIEWER);
    return debug.table(id, step);
  }

  @PostMapping("/{id}/stop")
  DebugService.RunView stop(@PathVariable String id) {
    run(id, Role.DEVELOPER);
    return debug.stop(id);
  }

  /** Where the taps of a run post their rows; 410 once the run has ended. */
  @PostMapping("/{id}/ingest")
  ResponseEntity<Void> ingest(
      @PathVariable String id,
      @RequestHeader(value = "X-Sluice-Debug-Token", required = false) String token,
      @RequestBody JsonNode batch) {
    if (token == null) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "Forbidden", "A tap must present its run's token");
    }
    return debug.ingest(id, token, batch)
        ? ResponseEntity.noContent().build()
        : ResponseEntity.status(HttpStatus.GONE).build();
  }
}
