package dev.sluice.server.api;

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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Keys for ENCRYPT/DECRYPT: created or imported, listed by name, never shown. */
@RestController
@RequestMapping("/api/v1/secrets")
class SecretController {
  private final SecretStore secrets;
  private final ScriptService scripts;

  SecretController(SecretStore secrets, ScriptService scripts) {
    this.secrets = secrets;
    this.scripts = scripts;
  }

  record CreateKey(String name, String algorithm, String key, String author) {}

  @PostMapping
  ResponseEntity<SecretStore.KeyInfo> create(
      @RequestBody CreateKey body,
      @RequestHeader(value = "X-Sluice-User", required = false) String user) {
    SecretStore.KeyInfo key =
        secrets.create(
            body.name(),
            body.algorithm(),
            body.key(),
            body.author() != null ? body.author() : user);
    return ResponseEntity.created(URI.create("/api/v1/secrets/" + key.name())).body(key);
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
