package dev.sluice.server.artifacts;

import dev.sluice.engine.api.artifacts.ArtifactScan;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One immutable version of an artifact: its digest and size, who uploaded it when and why, and what
 * the scan of its class files found.
 */
public record ArtifactVersion(
    String artifact,
    String project,
    int version,
    String sha256,
    long sizeBytes,
    String fileName,
    String uploadedBy,
    OffsetDateTime uploadedAt,
    String comment,
    int classes,
    String entryClass,
    List<String> mainClasses,
    List<ArtifactScan.ScannedFunction> functions) {

  /** The version as {@code name:version}, as plans and messages name it. */
  public String label() {
    return artifact + ":" + version;
  }
}
