package dev.sluice.server.api;

import dev.sluice.server.artifacts.ArtifactService;
import dev.sluice.server.artifacts.ArtifactVersion;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Artifacts: jars uploaded to a project, each version immutable and listed with the functions and
 * entry classes its scan found. Uploading needs the developer role in the project; deleting a
 * version the operator role.
 */
@RestController
@RequestMapping("/api/v1/artifacts")
class ArtifactController {
  private final ArtifactService artifacts;
  private final Access access;
  private final ProjectService projects;
  private final Audit audit;

  ArtifactController(
      ArtifactService artifacts, Access access, ProjectService projects, Audit audit) {
    this.artifacts = artifacts;
    this.access = access;
    this.projects = projects;
    this.audit = audit;
  }

  /** An artifact with its latest version. */
  record ArtifactView(String name, String project, int versions, ArtifactVersion latest) {}

  /** The artifact's project, if the caller holds the role there (else as if it did not exist). */
  private String artifact(String name, Role needed) {
    String project = artifacts.projectOf(name);
    access.require(project, needed, "Artifact '" + name + "'");
    return project;
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<ArtifactVersion> upload(
      @RequestPart(value = "file", required = false) MultipartFile file,
      @RequestParam(value = "name", required = false) String name,
      @RequestParam(value = "comment", required = false) String comment,
      @RequestParam(value = "project", required = false) String project) {
    String in = access.defaultProject(project, Role.DEVELOPER);
    access.requireProject(in, Role.DEVELOPER);
    projects.requireExists(in);
    if (file == null || file.isEmpty()) {
      throw new InvalidFieldException("file", "attach the jar as the multipart part 'file'");
    }
    String artifactName = name;
    if (artifactName == null || artifactName.isBlank()) {
      throw new InvalidFieldException("name", "name the artifact");
    }
    ArtifactService.Upload upload;
    try {
      upload =
          artifacts.upload(
              in,
              artifactName.trim(),
              comment,
              file.getOriginalFilename(),
              file.getInputStream(),
              access.username());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ArtifactVersion v = upload.version();
    if (!upload.created()) {
      return ResponseEntity.ok(v);
    }
    audit.record(
        access.username(),
        "artifact.upload",
        in,
        "artifact " + v.label(),
        "sha256 " + v.sha256() + ", " + v.sizeBytes() + " bytes");
    return ResponseEntity.created(
            URI.create("/api/v1/artifacts/" + v.artifact() + "/versions/" + v.version()))
        .body(v);
  }

  /** The artifacts of the projects the caller may read. */
  @GetMapping
  List<ArtifactView> list(@RequestParam Optional<String> project) {
    return artifacts.names().stream()
        .map(n -> artifacts.versions(n))
        .filter(vs -> access.mayRead(vs.get(0).project()))
        .filter(vs -> project.map(p -> p.equals(vs.get(0).project())).orElse(true))
        .map(
            vs -> new ArtifactView(vs.get(0).artifact(), vs.get(0).project(), vs.size(), vs.get(0)))
        .toList();
  }

  @GetMapping("/{name}/versions")
  List<ArtifactVersion> versions(@PathVariable String name) {
    artifact(name, Role.VIEWER);
    return artifacts.versions(name);
  }

  @GetMapping("/{name}/versions/{version}")
  ArtifactVersion version(@PathVariable String name, @PathVariable int version) {
    artifact(name, Role.VIEWER);
    return artifacts.version(name, version);
  }

  /** Refused (409) while a function is registered from the version or a job version calls it. */
  @DeleteMapping("/{name}/versions/{version}")
  ResponseEntity<Void> delete(@PathVariable String name, @PathVariable int version) {
    String project = artifact(name, Role.OPERATOR);
    artifacts.delete(name, version);
    audit.record(
        access.username(), "artifact.delete", project, "artifact " + name + ":" + version, null);
    return ResponseEntity.noContent().build();
  }
}
