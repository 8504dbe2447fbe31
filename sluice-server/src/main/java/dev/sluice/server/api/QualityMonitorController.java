package dev.sluice.server.api;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.ops.quality.MonitorJson;
import dev.sluice.server.ops.quality.QualityMonitor;
import dev.sluice.server.ops.quality.QualityMonitorRepository;
import dev.sluice.server.ops.quality.QualityMonitorService;
import dev.sluice.server.ops.quality.QualityResultStore;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Data-quality monitors of a project: defined here, compiled to Flink SQL, run as the job {@code
 * quality.<name>}; their per-window values are metrics of that job for charts and alert rules.
 */
@RestController
@RequestMapping("/api/v1/quality-monitors")
class QualityMonitorController {
  private static final int MAX_WINDOWS = 1000;
  private final QualityMonitorService monitors;
  private final Access access;
  private final ProjectService projects;
  private final Audit audit;
  private final JsonMapper json;

  QualityMonitorController(
      QualityMonitorService monitors,
      Access access,
      ProjectService projects,
      Audit audit,
      JsonMapper json) {
    this.monitors = monitors;
    this.access = access;
    this.projects = projects;
    this.audit = audit;
    this.json = json;
  }

  /** The monitor, if the caller holds the role in its project (else as if it did not exist). */
  private QualityMonitorRepository.Stored monitor(String name, Role needed) {
    QualityMonitorRepository.Stored m = monitors.get(name);
    access.require(m.monitor().project(), needed, "Quality monitor '" + name + "'");
    return m;
  }

  private ObjectNode view(QualityMonitorRepository.Stored s) {
    QualityMonitor m = s.monitor();
    ObjectNode o = MonitorJson.write(m, json);
    o.put("resultsTopic", m.resultsTopic());
    Optional<Job> job = monitors.job(m.name());
    ObjectNode j = o.putObject("job");
    j.put("name", m.jobName());
    if (job.isPresent()) {
      j.put("id", job.get().id());
      j.put("state", job.get().state().name());
    } else {
      j.putNull("id");
      j.putNull("state");
    }
    o.put("author", s.author());
    o.put("createdAt", s.createdAt().toInstant().toString());
    o.put("updatedAt", s.updatedAt().toInstant().toString());
    return o;
  }

  @GetMapping
  List<ObjectNode> list(@RequestParam Optional<String> project) {
    List<ObjectNode> out = new ArrayList<>();
    for (QualityMonitorRepository.Stored s :
        access.readable(monitors.list(), st -> st.monitor().project())) {
      if (project.isEmpty() || project.get().equals(s.monitor().project())) {
        out.add(view(s));
      }
    }
    return out;
  }

  @PostMapping
  ResponseEntity<ObjectNode> create(@RequestBody(required = false) JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidFieldException("$", "a monitor is a JSON object {name, source, checks...}");
    }
    JsonNode given = body.get("project");
    String project =
        access.defaultProject(
            given != null && given.isString() ? given.stringValue() : null, Role.OPERATOR);
    access.requireProject(project, Role.OPERATOR);
    projects.requireExists(project);
    QualityMonitorRepository.Stored created = monitors.create(body, project, access.username());
    audit.record(
        access.username(),
        "quality-monitor.create",
        project,
        "quality monitor " + created.monitor().name(),
        null);
    return ResponseEntity.created(
            URI.create("/api/v1/quality-monitors/" + created.monitor().name()))
        .body(view(created));
  }

  @GetMapping("/{name}")
  ObjectNode get(@PathVariable String name) {
    return view(monitor(name, Role.VIEWER));
  }

  /** Replaces the definition (the whole of it, as for a create); name and project stay. */
  @PutMapping("/{name}")
  ObjectNode update(@PathVariable String name, @RequestBody(required = false) JsonNode body) {
    QualityMonitorRepository.Stored old = monitor(name, Role.OPERATOR);
    if (body == null || !body.isObject()) {
      throw new InvalidFieldException("$", "a monitor is a JSON object {source, checks...}");
    }
    QualityMonitorRepository.Stored updated = monitors.update(name, body, access.username());
    audit.record(
        access.username(),
        "quality-monitor.update",
        old.monitor().project(),
        "quality monitor " + name,
        null);
    return view(updated);
  }

  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(@PathVariable String name) {
    QualityMonitorRepository.Stored m = monitor(name, Role.OPERATOR);
    monitors.delete(name);
    audit.record(
        access.username(),
        "quality-monitor.delete",
        m.monitor().project(),
        "quality monitor " + name,
        null);
    return ResponseEntity.noContent().build();
  }

  record Sql(String name, String job, String sql) {}

  @GetMapping("/{name}/sql")
  Sql sql(@PathVariable String name) {
    QualityMonitorRepository.Stored m = monitor(name, Role.VIEWER);
    return new Sql(name, m.monitor().jobName(), monitors.sql(name));
  }

  record Deploy(List<String> confirmDrop) {}

  @PostMapping("/{name}/deploy")
  Job deploy(@PathVariable String name, @RequestBody(required = false) Deploy body) {
    QualityMonitorRepository.Stored m = monitor(name, Role.OPERATOR);
    List<String> confirm =
        body == null || body.confirmDrop() == null ? List.of() : body.confirmDrop();
    for (int i = 0; i < confirm.size(); i++) {
      if (confirm.get(i) == null || confirm.get(i).isBlank()) {
        throw new InvalidFieldException(
            "confirmDrop[" + i + "]", "the name of a statement whose state may be dropped");
      }
    }
    Job job = monitors.deploy(name, body == null ? null : body.confirmDrop(), access.username());
    audit.record(
        access.username(),
        "quality-monitor.deploy",
        m.monitor().project(),
        "quality monitor " + name,
        "job " + job.name());
    return job;
  }

  /**
   * @param values the window's values: {@code dq_rows} and one per check
   */
  record Window(Instant windowStart, Instant windowEnd, List<Value> values) {}

  /**
   * @param label the column or key columns; null for the window's own values
   * @param value null where the window had none (no previous day yet)
   */
  record Value(String metric, String label, Double value) {}

  record Results(String monitor, String job, Long jobId, List<Window> windows) {}

  /** The newest windows' values, newest first. */
  @GetMapping("/{name}/results")
  Results results(@PathVariable String name, @RequestParam Optional<String> windows) {
    QualityMonitorRepository.Stored m = monitor(name, Role.VIEWER);
    int n = 20;
    if (windows.isPresent()) {
      try {
        n = Integer.parseInt(windows.get().trim());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > MAX_WINDOWS) {
        throw new InvalidFieldException("windows", "a number from 1 to " + MAX_WINDOWS);
      }
    }
    Map<Instant, Window> byEnd = new LinkedHashMap<>();
    for (QualityResultStore.Row r : monitors.results(name, n)) {
      byEnd
          .computeIfAbsent(
              r.windowEnd(), e -> new Window(r.windowStart(), r.windowEnd(), new ArrayList<>()))
          .values()
          .add(new Value(r.metric(), r.label(), r.value()));
    }
    Optional<Job> job = monitors.job(name);
    return new Results(
        name,
        m.monitor().jobName(),
        job.map(Job::id).orElse(null),
        new ArrayList<>(byEnd.values()));
  }
}
