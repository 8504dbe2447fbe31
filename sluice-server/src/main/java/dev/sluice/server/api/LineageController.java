package dev.sluice.server.api;

import dev.sluice.engine.api.lineage.FunctionUse;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.api.lineage.StatementLineage;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.jobs.ScriptService;
import dev.sluice.server.lineage.LineageGraph;
import dev.sluice.server.lineage.LineageService;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Role;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lineage of job versions and the graph across all jobs. */
@RestController
@RequestMapping("/api/v1")
class LineageController {
  private final ScriptService scripts;
  private final LineageService lineage;
  private final Access access;
  private final JobAccess jobAccess;

  LineageController(
      ScriptService scripts, LineageService lineage, Access access, JobAccess jobAccess) {
    this.jobAccess = jobAccess;
    this.scripts = scripts;
    this.lineage = lineage;
    this.access = access;
  }

  /** A job the caller may read. */
  private Job job(long id) {
    return jobAccess.job(id, Role.VIEWER);
  }

  /** The cross-job graph of the jobs the caller may read. */
  private LineageGraph graph() {
    return lineage.graph(job -> access.mayRead(job.project()));
  }

  /** Column-level lineage of a version (the current one by default). */
  @GetMapping("/jobs/{id}/lineage")
  Lineage ofJob(@PathVariable long id, @RequestParam(required = false) Integer version) {
    Job job = job(id);
    return lineage.lineage(job, version(job, version));
  }

  /** The same lineage as an OpenLineage JobEvent. */
  @GetMapping("/jobs/{id}/lineage/openlineage")
  Map<String, Object> openLineage(
      @PathVariable long id, @RequestParam(required = false) Integer version) {
    Job job = job(id);
    JobVersion v = version(job, version);
    return lineage.openLineage(job, v, OffsetDateTime.now(ZoneOffset.UTC));
  }

  /** Every dataset of every job's current version, with the jobs writing and reading it. */
  @GetMapping("/lineage/datasets")
  List<LineageGraph.DatasetView> datasets() {
    return graph().datasets();
  }

  @GetMapping("/lineage/upstream")
  LineageGraph.Walk upstream(
      @RequestParam String dataset,
      @RequestParam(required = false) String column,
      @RequestParam(defaultValue = "5") int depth) {
    return graphFor(dataset, depth).upstream(dataset, column, depth);
  }

  @GetMapping("/lineage/downstream")
  LineageGraph.Walk downstream(
      @RequestParam String dataset,
      @RequestParam(required = false) String column,
      @RequestParam(defaultValue = "5") int depth) {
    return graphFor(dataset, depth).downstream(dataset, column, depth);
  }

  /** Which jobs and sink columns depend on a column, through any number of jobs. */
  @GetMapping("/lineage/impact")
  LineageGraph.Impact impact(@RequestParam String dataset, @RequestParam String column) {
    return graphFor(dataset, 1).impact(dataset, column);
  }

  record FunctionCall(
      String job, int version, int statement, String statementName, FunctionUse function) {}

  /** The functions each statement of each job's current version calls (kind=USER for UDFs). */
  @GetMapping("/lineage/functions")
  List<FunctionCall> functions(@RequestParam(required = false) String kind) {
    List<FunctionCall> calls = new ArrayList<>();
    for (LineageGraph.JobLineage job : graph().jobs()) {
      for (StatementLineage s : job.lineage().statements()) {
        for (FunctionUse f : s.functions()) {
          if (kind == null || f.kind().name().equalsIgnoreCase(kind)) {
            calls.add(new FunctionCall(job.job(), job.version(), s.statement(), s.name(), f));
          }
        }
      }
    }
    return calls;
  }

  private LineageGraph graphFor(String dataset, int depth) {
    if (depth < 1 || depth > LineageGraph.MAX_DEPTH) {
      throw ApiException.badRequest(
          "depth must be between 1 and " + LineageGraph.MAX_DEPTH + " (got " + depth + ")");
    }
    LineageGraph graph = graph();
    if (!graph.hasDataset(dataset)) {
      throw ApiException.notFound(
          "Dataset '"
              + dataset
              + "' (no job's current version reads or writes it; GET /api/v1/lineage/datasets lists them)");
    }
    return graph;
  }

  private JobVersion version(Job job, Integer version) {
    return version == null ? scripts.current(job.id()) : scripts.version(job.id(), version);
  }
}
