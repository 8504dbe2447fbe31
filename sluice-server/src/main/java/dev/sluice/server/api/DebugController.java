package dev.sluice.server.api;

import dev.sluice.server.debug.DebugService;
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

  DebugController(DebugService debug) {
    this.debug = debug;
  }

  @PostMapping
  ResponseEntity<DebugService.RunView> start(
      @RequestBody DebugService.Start start,
      @RequestHeader(value = "X-Sluice-User", required = false) String user) {
    DebugService.Start withAuthor =
        start.author() != null || user == null
            ? start
            : new DebugService.Start(
                start.jobId(),
                start.script(),
                start.samples(),
                start.live(),
                start.maxRowsPerStep(),
                start.maxSeconds(),
                start.idleSeconds(),
                start.cluster(),
                user);
    DebugService.RunView run = debug.start(withAuthor);
    return ResponseEntity.created(URI.create("/api/v1/debug-runs/" + run.id())).body(run);
  }

  @GetMapping
  List<DebugService.RunView> list() {
    return debug.list();
  }

  @GetMapping("/{id}")
  DebugService.RunView get(@PathVariable String id) {
    return debug.view(id);
  }

  @GetMapping("/{id}/steps/{step}/rows")
  List<DebugService.RowView> rows(
      @PathVariable String id,
      @PathVariable String step,
      @RequestParam(defaultValue = "-1") long after,
      @RequestParam(defaultValue = "500") int limit) {
    return debug.rows(id, step, after, limit);
  }

  @GetMapping("/{id}/steps/{step}/table")
  List<JsonNode> table(@PathVariable String id, @PathVariable String step) {
    return debug.table(id, step);
  }

  @PostMapping("/{id}/stop")
  DebugService.RunView stop(@PathVariable String id) {
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
