package dev.sluice.server.api;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jobs.ScriptService;
import dev.sluice.server.secrets.SecretStore;
import java.net.URI;
import java.util.List;
import java.util.Map;
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
  private final ScriptService scripts;

  SecretController(SecretStore secrets, ScriptService scripts) {
    this.secrets = secrets;
    this.scripts = scripts;
  }

  /** A key ({@code algorithm}, optional {@code key}) or a credential ({@code value}). */
  record CreateKey(String name, String algorithm, String key, String value, String author) {}

  record NewValue(String value) {}

  @PostMapping
  ResponseEntity<SecretStore.KeyInfo> create(
      @RequestBody CreateKey body,
      @RequestHeader(value = "X-Sluice-User", required = false) String user) {
    String author = body.author() != null ? body.author() : user;
    SecretStore.KeyInfo key;
    if (body.value() != null) {
      if (body.algorithm() != null || body.key() != null) {
        throw new InvalidFieldException(
            "value",
            "a secret is either a credential (value) or an encryption key (algorithm, key),"
                + " not both");
      }
      key = secrets.createValue(body.name(), body.value(), author);
    } else {
      key = secrets.create(body.name(), body.algorithm(), body.key(), author);
    }
    return ResponseEntity.created(URI.create("/api/v1/secrets/" + key.name())).body(key);
  }

  /** Rotates a credential: the next submit of a job that references it uses the new value. */
  @PutMapping("/{name}")
  SecretStore.KeyInfo rotate(@PathVariable String name, @RequestBody NewValue body) {
    return secrets.rotateValue(name, body == null ? null : body.value());
  }

  @GetMapping
  List<SecretStore.KeyInfo> list() {
    return secrets.list();
  }

  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(@PathVariable String name) {
    secrets.delete(name);
    return ResponseEntity.noContent().build();
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
    return secrets.material(name, job, token, scripts.current(job).script());
  }
}
