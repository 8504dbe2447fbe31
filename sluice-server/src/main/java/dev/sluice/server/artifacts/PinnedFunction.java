package dev.sluice.server.artifacts;

/** A function a job version calls, as it was registered when the version was saved. */
public record PinnedFunction(String name, String artifact, int artifactVersion, String className) {
  public String label() {
    return artifact + ":" + artifactVersion;
  }
}
