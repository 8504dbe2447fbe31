package dev.sluice.server.api;

import dev.sluice.server.artifacts.FunctionService;
import dev.sluice.server.artifacts.PinnedFunction;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.jobs.ScriptService;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Role;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The registered functions a job version calls, pinned to the artifact versions they had when it
 * was saved, and the explicit upgrade to the functions as registered now (a new version).
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}/functions")
class JobFunctionsController {
  private final ScriptService scripts;
  private final FunctionService functions;
  private final JobAccess jobAccess;
  private final Access access;
  private final Audit audit;

  JobFunctionsController(
      ScriptService scripts,
      FunctionService functions,
      JobAccess jobAccess,
      Access access,
      Audit audit) {
    this.scripts = scripts;
    this.functions = functions;
    this.jobAccess = jobAccess;
    this.access = access;
    this.audit = audit;
  }

  /**
   * One pinned function, and what the registry has for it now (null when it is the same or the
   * function was deleted).
   */
  record Pin(String name, String artifact, int version, String className, String registeredNow) {}

  record Pins(int version, List<Pin> functions, boolean upgradable) {}

  @GetMapping
  Pins pins(@PathVariable long id, @RequestParam Optional<Integer> version) {
    Job job = jobAccess.job(id, Role.VIEWER);
    int v = version.orElse(job.currentVersion());
    scripts.version(id, v);
    return pins(job, v);
  }

  private Pins pins(Job job, int version) {
    List<PinnedFunction> pinned = functions.pins(job.id(), version);
    String script = scripts.version(job.id(), version).script();
    List<PinnedFunction> now = functions.calledIn(job.project(), script);
    List<Pin> pins =
        pinned.stream()
            .map(
                p ->
                    new Pin(
                        p.name(),
                        p.artifact(),
                        p.artifactVersion(),
                        p.className(),
                        now.stream()
                            .filter(n -> n.name().equals(p.name()) && !n.equals(p))
                            .findFirst()
                            .map(n -> n.className() + " of " + n.label())
                            .orElse(null)))
            .toList();
    return new Pins(version, pins, !now.equals(pinned));
  }

  /**
   * Saves the current script again as a new version pinned to the functions as registered now; a
   * running job keeps its version until it is deployed again.
   */
  @PostMapping("/upgrade")
  Pins upgrade(@PathVariable long id) {
    Job job = jobAccess.job(id, Role.DEVELOPER);
    Pins before = pins(job, job.currentVersion());
    JobVersion v = scripts.repin(id, access.username(), before.upgradable());
    audit.record(
        access.username(),
        "job.functions.upgrade",
        job.project(),
        "job " + job.name(),
        "version " + before.version() + " -> " + v.version());
    return pins(scripts.get(id), v.version());
  }
}
