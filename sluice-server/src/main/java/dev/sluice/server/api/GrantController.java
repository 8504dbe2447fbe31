package dev.sluice.server.api;

import dev.sluice.server.artifacts.Grant;
import dev.sluice.server.artifacts.GrantService;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * USE grants on functions and artifacts. Owners of the object's project grant and revoke; platform
 * admins for the governed built-ins (ENCRYPT, DECRYPT). Every grant and revoke is audited.
 */
@RestController
@RequestMapping("/api/v1/grants")
class GrantController {
  private final GrantService grants;
  private final Access access;
  private final Audit audit;

  GrantController(GrantService grants, Access access, Audit audit) {
    this.grants = grants;
    this.access = access;
    this.audit = audit;
  }

  /** Checks the caller may manage grants on the object. */
  private void requireManager(GrantService.GrantObject object) {
    if (object.project() == null) {
      access.requireAdmin();
    } else {
      access.require(
          object.project(),
          Role.OWNER,
          (object.kind().equals("FUNCTION") ? "Function '" : "Artifact '") + object.name() + "'");
    }
  }

  @PostMapping
  ResponseEntity<Grant> grant(@RequestBody GrantService.Target body) {
    GrantService.GrantObject object = grants.object(body);
    requireManager(object);
    GrantService.Granted granted = grants.grant(object, body, access.username());
    Grant g = granted.grant();
    if (!granted.created()) {
      return ResponseEntity.ok(g);
    }
    audit.record(access.username(), "grant.add", object.project(), target(g), grantee(g));
    return ResponseEntity.created(URI.create("/api/v1/grants/" + g.id())).body(g);
  }

  /** Revokes the grant the body names (the same fields as a grant). */
  @DeleteMapping
  ResponseEntity<Void> revoke(@RequestBody GrantService.Target body) {
    GrantService.GrantObject object = grants.object(body);
    requireManager(object);
    revoke(grants.find(object, body), object);
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(@PathVariable long id) {
    Grant g = grants.find(id);
    GrantService.GrantObject object = grants.objectOf(g);
    requireManager(object);
    revoke(g, object);
    return ResponseEntity.noContent().build();
  }

  private void revoke(Grant g, GrantService.GrantObject object) {
    grants.revoke(g);
    audit.record(access.username(), "grant.revoke", object.project(), target(g), grantee(g));
  }

  /**
   * The grants on objects of the projects the caller may read, and on the governed built-ins;
   * filtered by function, artifact or user.
   */
  @GetMapping
  List<Grant> list(
      @RequestParam Optional<String> function,
      @RequestParam Optional<String> artifact,
      @RequestParam Optional<String> user) {
    Caller caller = access.caller();
    return grants.all().stream()
        .filter(
            g -> {
              String project = grants.objectOf(g).project();
              return project == null || caller.roleIn(project).isPresent();
            })
        .filter(g -> function.map(f -> f.equalsIgnoreCase(g.function())).orElse(true))
        .filter(g -> artifact.map(a -> a.equals(g.artifact())).orElse(true))
        .filter(g -> user.map(u -> u.equals(g.user())).orElse(true))
        .toList();
  }

  private static String target(Grant g) {
    return g.function() != null ? "function " + g.function() : "artifact " + g.artifact();
  }

  private static String grantee(Grant g) {
    return "USE to "
        + (g.user() != null
            ? "user " + g.user()
            : g.role() != null ? "role " + g.role() : "project " + g.project());
  }
}
