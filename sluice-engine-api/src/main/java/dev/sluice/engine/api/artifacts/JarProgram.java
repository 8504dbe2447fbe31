package dev.sluice.engine.api.artifacts;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The program of a jar job: an artifact version's entry class with its arguments. Its {@code main}
 * is the user's code: the engine runs it only in a separate, short-lived JVM to get the job graph,
 * never in the server's.
 *
 * @param jobName the Flink job name (the program's own name is replaced by it)
 * @param jar the artifact version's jar file
 * @param artifact the artifact version as {@code name:version}
 * @param entryClass the class whose {@code main} builds the job
 * @param args the program's arguments
 * @param parallelism the job's default parallelism, or null for the cluster's
 * @param configuration Flink options the program runs with (the platform's defaults included)
 */
public record JarProgram(
    String jobName,
    String jar,
    String artifact,
    String entryClass,
    List<String> args,
    Integer parallelism,
    Map<String, String> configuration) {
  public JarProgram {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(jar, "jar is null");
    requireNonNull(artifact, "artifact is null");
    requireNonNull(entryClass, "entryClass is null");
    args = List.copyOf(args);
    configuration = Map.copyOf(configuration);
  }
}
