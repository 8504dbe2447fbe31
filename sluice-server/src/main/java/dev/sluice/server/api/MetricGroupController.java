package dev.sluice.server.api;

import dev.sluice.metrics.Schema;
import dev.sluice.server.debug.DebugService;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.metrics.MetricGroupService;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
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

/** Metric groups: definitions in YAML or JSON, compiled to Flink SQL, versioned, deployed. */
@RestController
@RequestMapping("/api/v1/metric-groups")
class MetricGroupController {
  private final MetricGroupService groups;
  private final DebugService debug;

  MetricGroupController(MetricGroupService groups, DebugService debug) {
    this.groups = groups;
    this.debug = debug;
  }

  /** The JSON Schema definitions are checked against. */
  @GetMapping(value = "/schema", produces = "application/schema+json")
  String schema() {
    return Schema.json();
  }

  /** Compiles a definition without saving it: the generated SQL and the windows. */
  @PostMapping(value = "/compile", consumes = MediaType.ALL_VALUE)
  MetricGroupService.Compiled compile(@RequestBody String definition) {
    return groups.compile(definition);
  }

  /**
   * Starts a debug run of a definition (saved or not) with sample events per source: every view and
   * every window's statement gets a tap, and no sink is written.
   */
  @PostMapping("/debug")
  ResponseEntity<DebugService.RunView> debug(
      @RequestBody MetricGroupService.Debug request,
      @RequestHeader(value = "X-Sluice-User", required = false) String user) {
    DebugService.RunView run = debug.start(groups.debugStart(request, user));
    return ResponseEntity.created(URI.create("/api/v1/debug-runs/" + run.id())).body(run);
  }

  /** Saves a definition as the group's next version (not when it equals the latest). */
  @PostMapping(consumes = MediaType.ALL_VALUE)
  ResponseEntity<MetricGroupService.VersionView> save(
      @RequestBody String definition,
      @RequestParam(required = false) String comment,
      @RequestHeader(value = "X-Sluice-User", required = false) String user) {
    MetricGroupService.VersionView v = groups.save(definition, user, comment);
    return ResponseEntity.created(
            URI.create("/api/v1/metric-groups/" + v.name() + "/versions/" + v.version()))
        .body(v);
  }

  @GetMapping
  List<MetricGroupService.VersionView> list() {
    return groups.list();
  }

  @GetMapping("/{name}")
  JsonNode latest(@PathVariable String name) {
    return groups.definition(name, null);
  }

  @GetMapping("/{name}/versions")
  List<MetricGroupService.VersionView> versions(@PathVariable String name) {
    return groups.versions(name);
  }

  @GetMapping("/{name}/versions/{version}")
  JsonNode version(@PathVariable String name, @PathVariable int version) {
    return groups.definition(name, version);
  }

  @GetMapping("/{name}/diff")
  MetricGroupService.Diff diff(
      @PathVariable String name, @RequestParam int from, @RequestParam int to) {
    return groups.diff(name, from, to);
  }

  record Deploy(Integer version, List<String> confirmDrop) {}

  /** Runs a version (latest by default) as the job metrics.NAME. */
  @PostMapping("/{name}/deploy")
  Job deploy(@PathVariable String name, @RequestBody(required = false) Deploy body) {
    return groups.deploy(
        name, body == null ? null : body.version(), body == null ? null : body.confirmDrop());
  }
}
