package dev.sluice.server.api;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.secrets.SecretStore;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Caller;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The secret store: keys for ENCRYPT/DECRYPT (created or imported) and credentials that scripts
 * reference as {@code ${secret:name}}. Listed by name and kind; material and values are never
 * shown.
 */
@RestController
@RequestMapping("/api/v1/secrets")
class SecretController {
  private final SecretStore secrets;
  private final Access access;
  private final ProjectService projects;
  private final Audit audit;

  SecretController(SecretStore secrets, Access access, ProjectService projects, Audit audit) {
    this.secrets = secrets;
    this.access = access;
    this.projects = projects;
    this.audit = audit;
  }

  /**
   * A key ({@code algorithm}, optional {@code key}) or a credential ({@code value}), in a project
   * (default: the token's, or the one the caller may create secrets in).
   */
  record CreateKey(String name, String algorithm, String key, String value, String project) {}

  record NewValue(String value) {}

  /** A secret's project, if the caller holds the role there (else as if it did not exist). */
  private String secret(String name, Role needed) {
    String project = secrets.project(name);
    access.require(project, needed, "Secret '" + name + "'");
    return project;
  }

  /** Creating, rotating and deleting secrets needs the operator role. */
  @PostMapping
  ResponseEntity<SecretStore.KeyInfo> create(@RequestBody CreateKey body) {
    String project = access.defaultProject(body.project(), Role.OPERATOR);
    access.requireProject(project, Role.OPERATOR);
    projects.requireExists(project);
    String author = access.username();
    SecretStore.KeyInfo key;
    if (body.value() != null) {
      if (body.algorithm() != null || body.key() != null) {
        throw new InvalidFieldException(
            "value",
            "a secret is either a credential (value) or an encryption key (algorithm, key),"
                + " not both");
      }
      key = secrets.createIn(project, () -> secrets.createValue(body.name(), body.value(), author));
    } else {
      key =
          secrets.createIn(
              project, () -> secrets.create(body.name(), body.algorithm(), body.key(), author));
    }
    audit.record(author, "secret.create", project, "secret " + key.name(), key.kind().name());
    return ResponseEntity.created(URI.create("/api/v1/secrets/" + key.name())).body(key);
  }

  /** Rotates a credential: the next submit of a job that references it uses the new value. */
  @PutMapping("/{name}")
  SecretStore.KeyInfo rotate(@PathVariable String name, @RequestBody NewValue body) {
    String project = secret(name, Role.OPERATOR);
    SecretStore.KeyInfo key = secrets.rotateValue(name, body == null ? null : body.value());
    audit.record(access.username(), "secret.rotate", project, "secret " + name, null);
    return key;
  }

  /** The secrets of the projects the caller may read, by name only. */
  @GetMapping
  List<SecretStore.KeyInfo> list(@RequestParam Optional<String> project) {
    return access.readable(secrets.list(), k -> k.project() == null ? "" : k.project()).stream()
        .filter(k -> project.map(p -> p.equals(k.project())).orElse(true))
        .toList();
  }

  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(@PathVariable String name) {
    String project = secret(name, Role.OPERATOR);
    secrets.delete(name);
    audit.record(access.username(), "secret.delete", project, "secret " + name, null);
    return ResponseEntity.noContent().build();
  }

  /** Rewraps every stored key and value under a new master key (platform admins). */
  @PostMapping("/master-key/rotate")
  Map<String, Integer> rotateMasterKey() {
    Caller caller = access.requireAdmin();
    int rotated = secrets.rotateMasterKey();
    audit.record(
        caller.username(),
        "secret.master-key.rotate",
        null,
        "master key",
        rotated + " secrets rewrapped");
    return Map.of("rotated", rotated);
  }

  /**
   * For a running job's functions: the key, if the job's token is right and its script names it.
   */
  @GetMapping("/{name}/material")
  Map<String, String> material(
      @PathVariable String name,
      @RequestHeader(value = "X-Sluice-Job", required = false) Long job,
      @RequestHeader(value = "X-Sluice-Job-Token", required = false) String token) {
    if (job == null || token == null) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "Forbidden", "Only a job's functions may fetch a key");
    }
    // The deployment's credential is checked before anything else is looked at, so that a
    // caller without one learns nothing (not even whether the job exists).
    return secrets.material(name, job, token);
  }
}
