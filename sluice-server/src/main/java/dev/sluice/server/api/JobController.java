package dev.sluice.server.api;

import dev.sluice.engine.api.ExplainResult;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.engine.api.StatementInfo;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.engine.api.artifacts.UserFunction;
import dev.sluice.server.artifacts.JarJobs;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.datasources.SyncJobs;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobNotFoundException;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.jobs.JobView;
import dev.sluice.server.jobs.ParallelismService;
import dev.sluice.server.jobs.Savepoint;
import dev.sluice.server.jobs.ScriptService;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs: scripts and their versions, validation, plans, deployment. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {
  private final ScriptService scripts;
  private final Access access;
  private final ProjectService projects;
  private final Audit audit;
  private final JobAccess jobAccess;
  private final DeploymentService deployments;
  private final ClusterService clusters;
  private final ParallelismService parallelism;
  private final JarJobs jarJobs;
  private final SyncJobs syncJobs;

  JobController(
      JarJobs jarJobs,
      SyncJobs syncJobs,
      ScriptService scripts,
      DeploymentService deployments,
      ClusterService clusters,
      ParallelismService parallelism,
      Access access,
      ProjectService projects,
      Audit audit,
      JobAccess jobAccess) {
    this.jarJobs = jarJobs;
    this.syncJobs = syncJobs;
    this.jobAccess = jobAccess;
    this.audit = audit;
    this.access = access;
    this.projects = projects;
    this.parallelism = parallelism;
    this.scripts = scripts;
    this.deployments = deployments;
    this.clusters = clusters;
  }

  /**
   * @param project the project the job belongs to (default: the token's project, or the one project
   *     the caller may create jobs in)
   */
  record CreateJob(
      String name,
      String type,
      String script,
      String comment,
      String cluster,
      String project,
      String artifact,
      Integer version,
      String entryClass,
      List<String> args,
      Integer parallelism,
      Map<String, String> configuration,
      Map<String, Object> sync,
      String source) {
    JarJobs.Settings jar() {
      return new JarJobs.Settings(artifact, version, entryClass, args, parallelism, configuration);
    }
  }

  /**
   * A new version: a script, for a jar job its settings (those not given are kept), for a sync job
   * its definition ({@code sync}, or as JSON or YAML text in {@code script}).
   */
  record UpdateJob(
      String script,
      String comment,
      String cluster,
      String artifact,
      Integer version,
      String entryClass,
      List<String> args,
      Integer parallelism,
      Map<String, String> configuration,
      Map<String, Object> sync,
      String source) {}

  /** A sync job's definition as a version's text: given as an object, or as JSON or YAML text. */
  private String syncText(String project, Map<String, Object> sync, String script, String source) {
    if (sync != null && script != null) {
      throw new InvalidFieldException(
          "script", "give the sync definition once: as sync (an object) or as script (its text)");
    }
    if (sync == null && script == null) {
      throw new InvalidFieldException(
          "sync",
          "required: the sync definition {source, tables, exclude?, target, schemaChanges?}");
    }
    Map<String, Object> definition =
        new java.util.LinkedHashMap<>(sync != null ? sync : SyncJobs.definition(script, "script"));
    if (source != null && !source.isBlank()) {
      // The data source named beside the definition (the CLI's --source, the studio's form).
      Object named = definition.get("source");
      if (named != null && !named.equals(source.trim())) {
        throw new InvalidFieldException(
            "source",
            "'" + source.trim() + "' but the definition reads '" + named + "'; name one source");
      }
      definition.put("source", source.trim());
    }
    return syncJobs.canonical(project, definition);
  }

  record Saved(long id, String name, String project, int version, String author, String comment) {
    static Saved of(Job job, JobVersion v) {
      return new Saved(job.id(), job.name(), job.project(), v.version(), v.author(), v.comment());
    }
  }

  /**
   * The job, if the caller holds at least the role in its project (else as if it did not exist).
   */
  private Job job(long id, Role needed) {
    return jobAccess.job(id, needed);
  }

  private void audit(String action, long id, String detail) {
    Job job = scripts.get(id);
    audit.record(access.username(), action, job.project(), "job " + job.name(), detail);
  }

  @PostMapping
  ResponseEntity<Saved> create(@RequestBody CreateJob body) {
    String project = access.defaultProject(body.project(), Role.DEVELOPER);
    access.requireProject(project, Role.DEVELOPER);
    projects.requireExists(project);
    boolean jar = "JAR".equals(body.type());
    boolean sync = "SYNC".equals(body.type());
    if (jar && body.script() != null) {
      throw new InvalidFieldException(
          "script", "a jar job has no script: give artifact, version, entryClass and args");
    }
    if (!sync && (body.sync() != null || body.source() != null)) {
      throw new InvalidFieldException("sync", "only a job of type SYNC has a sync definition");
    }
    String text =
        jar
            ? jarJobs.canonical(project, body.jar())
            : sync ? syncText(project, body.sync(), body.script(), body.source()) : body.script();
    JobVersion v =
        scripts.create(
            project,
            body.name(),
            body.type(),
            text,
            body.cluster(),
            access.username(),
            body.comment());
    audit("job.create", v.jobId(), "version " + v.version());
    return ResponseEntity.created(URI.create("/api/v1/jobs/" + v.jobId()))
        .body(Saved.of(scripts.get(v.jobId()), v));
  }

  @PutMapping("/{id}")
  Saved update(@PathVariable long id, @RequestBody UpdateJob body) {
    Job job = job(id, Role.DEVELOPER);
    String script = body.script();
    if ("JAR".equals(job.type())) {
      JarJobs.Settings before = jarJobs.read(scripts.current(id).script());
      JarJobs.Settings given =
          script != null
              ? jarJobs.read(script)
              : new JarJobs.Settings(
                  body.artifact() != null ? body.artifact() : before.artifact(),
                  body.version() != null || body.artifact() != null
                      ? body.version()
                      : before.version(),
                  body.entryClass() != null ? body.entryClass() : before.entryClass(),
                  body.args() != null ? body.args() : before.args(),
                  body.parallelism() != null ? body.parallelism() : before.parallelism(),
                  body.configuration() != null ? body.configuration() : before.configuration());
      script = jarJobs.canonical(job.project(), given);
    } else if ("SYNC".equals(job.type())) {
      script =
          body.sync() == null && script == null
              ? scripts.current(id).script()
              : syncText(job.project(), body.sync(), script, body.source());
    } else if (body.sync() != null) {
      throw new InvalidFieldException("sync", "only a job of type SYNC has a sync definition");
    }
    JobVersion v = scripts.update(id, script, body.cluster(), access.username(), body.comment());
    return Saved.of(scripts.get(id), v);
  }

  @GetMapping
  List<JobView> list(@RequestParam Optional<String> name, @RequestParam Optional<String> project) {
    List<Job> jobs = name.map(n -> List.of(scripts.byName(n))).orElseGet(scripts::list);
    if (name.isPresent() && !access.mayRead(jobs.get(0).project())) {
      throw new JobNotFoundException(name.get());
    }
    return access.readable(jobs, Job::project).stream()
        .filter(j -> project.map(p -> p.equals(j.project())).orElse(true))
        .map(j -> JobView.of(j, clusters.get(j.clusterId()), Optional.empty(), true))
        .toList();
  }

  @GetMapping("/{id}")
  JobView get(@PathVariable long id) {
    job(id, Role.VIEWER);
    return deployments.status(id);
  }

  @GetMapping("/{id}/versions")
  List<JobVersion> versions(@PathVariable long id) {
    job(id, Role.VIEWER);
    return scripts.versions(id);
  }

  @GetMapping("/{id}/versions/{version}")
  JobVersion version(@PathVariable long id, @PathVariable int version) {
    job(id, Role.VIEWER);
    return scripts.version(id, version);
  }

  record Diff(int from, int to, String diff) {}

  @GetMapping("/{id}/diff")
  Diff diff(@PathVariable long id, @RequestParam int from, @RequestParam int to) {
    job(id, Role.VIEWER);
    return new Diff(from, to, scripts.diff(id, from, to));
  }

  record Rollback(Integer version) {}

  @PostMapping("/{id}/rollback")
  Saved rollback(@PathVariable long id, @RequestBody Rollback body) {
    job(id, Role.DEVELOPER);
    if (body.version() == null) {
      throw ApiException.badRequest("version is required");
    }
    JobVersion v = scripts.rollback(id, body.version(), access.username());
    return Saved.of(scripts.get(id), v);
  }

  record Draft(String script) {}

  record Validation(boolean valid, List<StatementInfo> statements) {}

  @PostMapping("/{id}/validate")
  Validation validate(@PathVariable long id, @RequestBody(required = false) Draft draft) {
    job(id, Role.DEVELOPER);
    ValidationResult result =
        deployments.validate(id, Optional.ofNullable(draft).map(Draft::script));
    if (!result.valid()) {
      // A call of a function the caller may not use is a matter of rights: 403, at the call.
      boolean denied =
          result.problems().stream().anyMatch(p -> p.message().startsWith(UserFunction.DENIED));
      throw new ApiException(
          denied ? HttpStatus.FORBIDDEN : HttpStatus.UNPROCESSABLE_ENTITY,
          denied ? "Function not granted" : "Invalid script",
          result.problems().size() + " problem(s) in the script",
          result.problems());
    }
    return new Validation(true, result.statements());
  }

  @GetMapping("/{id}/plan")
  ExplainResult plan(@PathVariable long id, @RequestParam Optional<Integer> version) {
    job(id, Role.VIEWER);
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
    job(id, Role.OPERATOR);
    String restore = body == null ? null : body.restore();
    List<String> confirmDrop =
        body == null || body.confirmDrop() == null ? List.of() : body.confirmDrop();
    deployments.deploy(id, restore, confirmDrop);
    audit(
        "job.deploy",
        id,
        "restore " + (restore == null ? "none" : restore) + ", confirmed drops " + confirmDrop);
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
    job(id, Role.VIEWER);
    return parallelism.parallelism(id);
  }

  @PutMapping("/{id}/parallelism")
  ParallelismService.ParallelismSettings setParallelism(
      @PathVariable long id, @RequestBody Parallelism body) {
    job(id, Role.OPERATOR);
    return parallelism.setParallelism(
        id, body.defaultParallelism(), body.maxParallelism(), body.operators());
  }

  record RestorePlanView(
      RestorePlan plan, boolean dropsState, List<String> statementsDroppingState) {}

  @GetMapping("/{id}/restore-plan")
  RestorePlanView restorePlan(@PathVariable long id, @RequestParam Optional<String> savepoint) {
    job(id, Role.VIEWER);
    RestorePlan plan = deployments.restorePlan(id, savepoint.orElse("latest"));
    return new RestorePlanView(
        plan, plan.dropsState(), DeploymentService.statementsToConfirm(plan));
  }

  record Stop(Boolean savepoint, Boolean drain) {}

  record Stopped(JobView job, String savepointPath) {}

  @PostMapping("/{id}/stop")
  Stopped stop(@PathVariable long id, @RequestBody(required = false) Stop body) {
    job(id, Role.OPERATOR);
    boolean savepoint = body == null || body.savepoint() == null || body.savepoint();
    boolean drain = body != null && Boolean.TRUE.equals(body.drain());
    DeploymentService.StopResult result = deployments.stop(id, savepoint, drain);
    audit("job.stop", id, savepoint ? "with a savepoint" : "without a savepoint");
    return new Stopped(deployments.status(id), result.savepointPath());
  }

  @GetMapping("/{id}/savepoints")
  List<Savepoint> savepoints(@PathVariable long id) {
    job(id, Role.VIEWER);
    return deployments.savepoints(id);
  }

  @PostMapping("/{id}/savepoints")
  ResponseEntity<Savepoint> triggerSavepoint(@PathVariable long id) {
    job(id, Role.OPERATOR);
    return ResponseEntity.status(HttpStatus.CREATED).body(deployments.savepoint(id));
  }
}
