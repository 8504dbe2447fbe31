package dev.sluice.server.api;

import dev.sluice.server.artifacts.ArtifactService;
import dev.sluice.server.artifacts.FunctionService;
import dev.sluice.server.artifacts.RegisteredFunction;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Caller;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.util.List;
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

/**
 * Functions registered by name from artifact versions, which scripts and metric definitions call
 * without {@code CREATE FUNCTION}. Registering, upgrading and deleting one needs the owner role in
 * its artifact's project: who controls a name controls what every grantee of it runs.
 */
@RestController
@RequestMapping("/api/v1/functions")
class FunctionController {
  private final FunctionService functions;
  private final ArtifactService artifacts;
  private final Access access;
  private final Audit audit;

  FunctionController(
      FunctionService functions, ArtifactService artifacts, Access access, Audit audit) {
    this.functions = functions;
    this.artifacts = artifacts;
    this.access = access;
    this.audit = audit;
  }

  /**
   * @param version the artifact version (default: its latest)
   */
  record Register(
      String name, String artifact, Integer version, String className, String comment) {}

  /** A new artifact version (default: the latest) or class for the function. */
  record Upgrade(Integer version, String className, String comment) {}

  private RegisteredFunction function(String name, Role needed) {
    RegisteredFunction f = functions.get(name);
    access.require(f.project(), needed, "Function '" + name + "'");
    return f;
  }

  @PostMapping
  ResponseEntity<FunctionService.View> register(@RequestBody Register body) {
    if (body.artifact() != null && !body.artifact().isBlank()) {
      access.require(
          artifacts.projectOf(body.artifact().trim()),
          Role.OWNER,
          "Artifact '" + body.artifact() + "'");
    }
    RegisteredFunction f =
        functions.register(
            body.name(),
            body.artifact() == null ? null : body.artifact().trim(),
            body.version(),
            body.className(),
            body.comment(),
            access.username());
    audit.record(
        access.username(),
        "function.register",
        f.project(),
        "function " + f.name(),
        f.className() + " of " + f.artifact() + ":" + f.artifactVersion());
    return ResponseEntity.created(URI.create("/api/v1/functions/" + f.name()))
        .body(functions.view(f, true));
  }

  /**
   * Points the function at another artifact version: versions of jobs saved before keep calling the
   * one they were saved with until the job's functions are upgraded.
   */
  @PutMapping("/{name}")
  FunctionService.View upgrade(@PathVariable String name, @RequestBody Upgrade body) {
    function(name, Role.OWNER);
    RegisteredFunction before =
        functions.upgrade(
            name,
            body == null ? null : body.version(),
            body == null ? null : body.className(),
            body == null ? null : body.comment(),
            access.username());
    RegisteredFunction after = functions.get(name);
    audit.record(
        access.username(),
        "function.upgrade",
        after.project(),
        "function " + after.name(),
        before.className()
            + " of "
            + before.artifact()
            + ":"
            + before.artifactVersion()
            + " -> "
            + after.className()
            + " of "
            + after.artifact()
            + ":"
            + after.artifactVersion());
    return functions.view(after, true);
  }

  /**
   * The functions of the projects the caller may read, each saying whether the caller may use it.
   */
  @GetMapping
  List<FunctionService.View> list(@RequestParam Optional<String> project) {
    Caller caller = access.caller();
    return access.readable(functions.list(), RegisteredFunction::project).stream()
        .filter(f -> project.map(p -> p.equals(f.project())).orElse(true))
        .map(f -> functions.view(f, functions.usable(caller, f)))
        .toList();
  }

  @GetMapping("/{name}")
  FunctionService.View get(@PathVariable String name) {
    RegisteredFunction f = function(name, Role.VIEWER);
    return functions.view(f, functions.usable(access.caller(), f));
  }

  /** Job versions saved with the function keep calling it as they were saved. */
  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(@PathVariable String name) {
    RegisteredFunction f = function(name, Role.OWNER);
    functions.delete(f.name());
    audit.record(
        access.username(),
        "function.delete",
        f.project(),
        "function " + f.name(),
        f.className() + " of " + f.artifact() + ":" + f.artifactVersion());
    return ResponseEntity.noContent().build();
  }
}
