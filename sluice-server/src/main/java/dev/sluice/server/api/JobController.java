package dev.sluice.server.api;

import dev.sluice.engine.api.ExplainResult;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.engine.api.StatementInfo;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.jobs.JobView;
import dev.sluice.server.jobs.ParallelismService;
import dev.sluice.server.jobs.Savepoint;
import dev.sluice.server.jobs.ScriptService;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs: scripts and their versions, validation, plans, deployment. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {
  private static final String USER = "X-Sluice-User";
  private final ScriptService scripts;
  private final DeploymentService deployments;
  private final ClusterService clusters;
  private final ParallelismService parallelism;

  JobController(
      ScriptService scripts,
      DeploymentService deployments,
      ClusterService clusters,
      ParallelismService parallelism) {
    this.parallelism = parallelism;
    this.scripts = scripts;
    this.deployments = deployments;
    this.clusters = clusters;
  }

  record CreateJob(
      String name, String type, String script, String comment, String cluster, String author) {}

  record UpdateJob(String script, String comment, String cluster, String author) {}

  record Saved(long id, String name, int version, String author, String comment) {
    static Saved of(Job job, JobVersion v) {
      return new Saved(job.id(), job.name(), v.version(), v.author(), v.comment());
    }
  }

  @PostMapping
  ResponseEntity<Saved> create(
      @RequestBody CreateJob body, @RequestHeader(value = USER, required = false) String user) {
    JobVersion v =
        scripts.create(
            body.name(),
            body.type(),
            body.script(),
            body.cluster(),
            firstNonNull(body.author(), user),
            body.comment());
    return ResponseEntity.created(URI.create("/api/v1/jobs/" + v.jobId()))
        .body(Saved.of(scripts.get(v.jobId()), v));
  }

  @PutMapping("/{id}")
  Saved update(
      @PathVariable long id,
      @RequestBody UpdateJob body,
      @RequestHeader(value = USER, required = false) String user) {
    JobVersion v =
        scripts.update(
            id, body.script(), body.cluster(), firstNonNull(body.author(), user), body.comment());
    return Saved.of(scripts.get(id), v);
  }

  @GetMapping
  List<JobView> list(@RequestParam Optional<String> name) {
    List<Job> jobs = name.map(n -> List.of(scripts.byName(n))).orElseGet(scripts::list);
    return jobs.stream()
        .map(j -> JobView.of(j, clusters.get(j.clusterId()), Optional.empty(), true))
        .toList();
  }

  @GetMapping("/{id}")
  JobView get(@PathVariable long id) {
    return deployments.status(id);
  }

  @GetMapping("/{id}/versions")
  List<JobVersion> versions(@PathVariable long id) {
    return scripts.versions(id);
  }

  @GetMapping("/{id}/versions/{version}")
  JobVersion version(@PathVariable long id, @PathVariable int version) {
    return scripts.version(id, version);
  }

  record Diff(int from, int to, String diff) {}

  @GetMapping("/{id}/diff")
  Diff diff(@PathVariable long id, @RequestParam int from, @RequestParam int to) {
    return new Diff(from, to, scripts.diff(id, from, to));
  }

  record Rollback(Integer version, String author) {}

  @PostMapping("/{id}/rollback")
  Saved rollback(
      @PathVariable long id,
      @RequestBody Rollback body,
      @RequestHeader(value = USER, required = false) String user) {
    if (body.version() == null) {
      throw ApiException.badRequest("version is required");
    }
    JobVersion v = scripts.rollback(id, body.version(), firstNonNull(body.author(), user));
    return Saved.of(scripts.get(id), v);
  }

  record Draft(String script) {}

  record Validation(boolean valid, List<StatementInfo> statements) {}

  @PostMapping("/{id}/validate")
  Validation validate(@PathVariable long id, @RequestBody(required = false) Draft draft) {
    ValidationResult result =
        deployments.validate(id, Optional.ofNullable(draft).map(Draft::script));
    if (!result.valid()) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          "Invalid script",
          result.problems().size() + " problem(s) in the script",
          result.problems());
    }
    return new Validation(true, result.statements());
  }

  @GetMapping("/{id}/plan")
  ExplainResult plan(@PathVariable long id, @RequestParam Optional<Integer> version) {
    return deployments.plan(id, version);
  }

  /**
   * @param restore none, latest, latest-checkpoint or a savepoint path
   * @param confirmDrop the statements whose state the user accepts to lose (exactly those the
   *     restore plan says would lose state)
   */
  record Deploy(String restore, List<String> confirmDrop) {}

  @PostMapping("/{id}/deploy")
  JobView deploy(@PathVariable long id, @RequestBody(required = false) Deploy body) {
    deployments.deploy(
        id,
        body == null ? null : body.restore(),
        body == null || body.confirmDrop() == null ? List.of() : body.confirmDrop());
    return deployments.status(id);
  }

  /**
   * @param defaultParallelism the job's parallelism (operators without an override)
   * @param maxParallelism the job's max parallelism, pinned once the job has state
   * @param operators parallelism per operator uid (as the plan lists them)
   */
  record Parallelism(
      Integer defaultParallelism, Integer maxParallelism, Map<String, Integer> operators) {}

  @GetMapping("/{id}/parallelism")
  ParallelismService.ParallelismSettings parallelism(@PathVariable long id) {
    return parallelism.parallelism(id);
  }

  @PutMapping("/{id}/parallelism")
  ParallelismService.ParallelismSettings setParallelism(
      @PathVariable long id, @RequestBody Parallelism body) {
    return parallelism.setParallelism(
        id, body.defaultParallelism(), body.maxParallelism(), body.operators());
  }

  record RestorePlanView(
      RestorePlan plan, boolean dropsState, List<String> statementsDroppingState) {}

  @GetMapping("/{id}/restore-plan")
  RestorePlanView restorePlan(@PathVariable long id, @RequestParam Optional<String> savepoint) {
    RestorePlan plan = deployments.restorePlan(id, savepoint.orElse("latest"));
    return new RestorePlanView(plan, plan.dropsState(), plan.statementsDroppingState());
  }

  record Stop(Boolean savepoint, Boolean drain) {}

  record Stopped(JobView job, String savepointPath) {}

  @PostMapping("/{id}/stop")
  Stopped stop(@PathVariable long id, @RequestBody(required = false) Stop body) {
    boolean savepoint = body == null || body.savepoint() == null || body.savepoint();
    boolean drain = body != null && Boolean.TRUE.equals(body.drain());
    DeploymentService.StopResult result = deployments.stop(id, savepoint, drain);
    return new Stopped(deployments.status(id), result.savepointPath());
  }

  @GetMapping("/{id}/savepoints")
  List<Savepoint> savepoints(@PathVariable long id) {
    return deployments.savepoints(id);
  }

  @PostMapping("/{id}/savepoints")
  ResponseEntity<Savepoint> triggerSavepoint(@PathVariable long id) {
    return ResponseEntity.status(HttpStatus.CREATED).body(deployments.savepoint(id));
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
