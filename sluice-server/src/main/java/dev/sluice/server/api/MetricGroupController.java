package dev.sluice.server.api;

import dev.sluice.metrics.Schema;
import dev.sluice.server.debug.DebugService;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.metrics.MetricGroupService;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
  private final Access access;
  private final ProjectService projects;
  private final Audit audit;

  MetricGroupController(
      MetricGroupService groups,
      DebugService debug,
      Access access,
      ProjectService projects,
      Audit audit) {
    this.groups = groups;
    this.debug = debug;
    this.access = access;
    this.projects = projects;
    this.audit = audit;
  }

  /** A saved group's project, if the caller holds the role there (else as if it did not exist). */
  private String group(String name, Role needed) {
    String project = groups.project(name);
    access.require(project, needed, "Metric group '" + name + "'");
    return project;
  }

  /** The project a definition is compiled, debugged or saved in: its group's, or the one named. */
  private String projectFor(String definition, String given, Role needed) {
    if (given != null && !given.isBlank()) {
      // The role first: a caller without it learns nothing from the definition's errors.
      access.requireProject(given.trim(), needed);
      projects.requireExists(given.trim());
    }
    String project =
        groups
            .projectOfDefinition(definition)
            .orElseGet(() -> access.defaultProject(given, needed));
    access.requireProject(project, needed);
    projects.requireExists(project);
    return project;
  }

  /** The JSON Schema definitions are checked against. */
  @GetMapping(value = "/schema", produces = "application/schema+json")
  String schema() {
    access.caller();
    return Schema.json();
  }

  /** Compiles a definition without saving it: the generated SQL and the windows. */
  @PostMapping(value = "/compile", consumes = MediaType.ALL_VALUE)
  MetricGroupService.Compiled compile(
      @RequestBody String definition, @RequestParam(required = false) String project) {
    return groups.compile(projectFor(definition, project, Role.DEVELOPER), definition);
  }

  /**
   * Starts a debug run of a definition (saved or not) with sample events per source: every view and
   * every window's statement gets a tap, and no sink is written.
   */
  @PostMapping("/debug")
  ResponseEntity<DebugService.RunView> debug(
      @RequestBody MetricGroupService.Debug request,
      @RequestParam(required = false) String project) {
    Role needed =
        request.live() != null && !request.live().isEmpty() ? Role.OPERATOR : Role.DEVELOPER;
    String in = access.defaultProject(project, needed);
    access.requireProject(in, needed);
    DebugService.Start start = groups.debugStart(request, in, access.username());
    DebugService.RunView run = debug.start(start.as(access.username(), in));
    return ResponseEntity.created(URI.create("/api/v1/debug-runs/" + run.id())).body(run);
  }

  /** Saves a definition as the group's next version (not when it equals the latest). */
  @PostMapping(consumes = MediaType.ALL_VALUE)
  ResponseEntity<MetricGroupService.VersionView> save(
      @RequestBody String definition,
      @RequestParam(required = false) String comment,
      @RequestParam(required = false) String project) {
    String in = projectFor(definition, project, Role.DEVELOPER);
    MetricGroupService.VersionView v = groups.save(in, definition, access.username(), comment);
    return ResponseEntity.created(
            URI.create("/api/v1/metric-groups/" + v.name() + "/versions/" + v.version()))
        .body(v);
  }

  @GetMapping
  List<MetricGroupService.VersionView> list(@RequestParam(required = false) String project) {
    return access.readable(groups.list(), MetricGroupService.VersionView::project).stream()
        .filter(v -> project == null || project.equals(v.project()))
        .toList();
  }

  @GetMapping("/{name}")
  JsonNode latest(@PathVariable String name) {
    group(name, Role.VIEWER);
    return groups.definition(name, null);
  }

  @GetMapping("/{name}/versions")
  List<MetricGroupService.VersionView> versions(@PathVariable String name) {
    group(name, Role.VIEWER);
    return groups.versions(name);
  }

  @GetMapping("/{name}/versions/{version}")
  JsonNode version(@PathVariable String name, @PathVariable int version) {
    group(name, Role.VIEWER);
    return groups.definition(name, version);
  }

  @GetMapping("/{name}/diff")
  MetricGroupService.Diff diff(
      @PathVariable String name, @RequestParam int from, @RequestParam int to) {
    group(name, Role.VIEWER);
    return groups.diff(name, from, to);
  }

  /**
   * What deploying a version (latest by default) would keep and drop of the running job's state;
   * for an operator, who is the one to deploy it.
   */
  @GetMapping("/{name}/restore-plan")
  MetricGroupService.RestorePreview restorePlan(
      @PathVariable String name, @RequestParam(required = false) Integer version) {
    group(name, Role.OPERATOR);
    if (version != null && version < 1) {
      throw new dev.sluice.server.errors.InvalidFieldException(
          "version", "versions are numbered from 1 (got " + version + ")");
    }
    return groups.restorePlan(name, version);
  }

  record Deploy(Integer version, List<String> confirmDrop) {}

  /** Runs a version (latest by default) as the job metrics.NAME. */
  @PostMapping("/{name}/deploy")
  Job deploy(@PathVariable String name, @RequestBody(required = false) Deploy body) {
    String project = group(name, Role.OPERATOR);
    if (body != null && body.version() != null && body.version() < 1) {
      throw new dev.sluice.server.errors.InvalidFieldException(
          "version", "versions are numbered from 1 (got " + body.version() + ")");
    }
    Job job =
        groups.deploy(
            name, body == null ? null : body.version(), body == null ? null : body.confirmDrop());
    audit.record(
        access.username(),
        "metric-group.deploy",
        project,
        "metric group " + name,
        "job " + job.name());
    return job;
  }
}
