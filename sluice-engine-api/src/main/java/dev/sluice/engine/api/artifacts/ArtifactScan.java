package dev.sluice.engine.api.artifacts;

import java.util.List;

/**
 * What a jar holds for Flink, read from its class files without loading or running any of them.
 *
 * @param classes the number of class files in the jar
 * @param functions the Flink functions found, by class name
 * @param entryClass the jar manifest's {@code Main-Class}, if any (the entry of a jar job)
 * @param mainClasses the classes with a {@code public static void main(String[])}, for a jar job
 */
public record ArtifactScan(
    int classes, List<ScannedFunction> functions, String entryClass, List<String> mainClasses) {
  public ArtifactScan {
    functions = List.copyOf(functions);
    mainClasses = List.copyOf(mainClasses);
  }

  /**
   * One function class of the jar.
   *
   * @param className its class name
   * @param kind {@code SCALAR}, {@code TABLE}, {@code AGGREGATE}, {@code TABLE_AGGREGATE}, {@code
   *     ASYNC_SCALAR} or {@code PROCESS_TABLE}
   * @param signatures its calls as SQL types, for example {@code (INT) -> INT}; empty when it
   *     cannot be registered
   * @param problem why it cannot be registered and called from SQL, or null when it can
   */
  public record ScannedFunction(
      String className, String kind, List<String> signatures, String problem) {
    public ScannedFunction {
      signatures = List.copyOf(signatures);
    }

    public boolean registrable() {
      return problem == null;
    }
  }
}
