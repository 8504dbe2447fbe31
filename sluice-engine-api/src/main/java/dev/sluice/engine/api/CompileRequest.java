package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import dev.sluice.engine.api.artifacts.UserFunction;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A script to compile.
 *
 * @param jobName the Flink job name to use
 * @param script the whole multi-statement SQL script
 * @param configuration options applied before the script's own {@code SET} statements
 * @param knownUids operator uids of earlier deployments of the job: an operator that moved between
 *     being one statement's and being shared by several keeps the uid (and so the state) it had
 * @param operatorParallelism parallelism per operator uid; an operator is set together with the
 *     operators chained to it; uids not in the job are ignored (their statement changed)
 * @param functions the registered functions the script may call by name (their artifacts' jars
 *     travel with the job graph of a script that calls them)
 * @param deniedFunctions functions the caller may not use, by upper-case name, with why: a
 *     statement calling one is a problem at the call
 */
public record CompileRequest(
    String jobName,
    String script,
    Map<String, String> configuration,
    Set<String> knownUids,
    Map<String, Integer> operatorParallelism,
    List<UserFunction> functions,
    Map<String, String> deniedFunctions) {
  public CompileRequest {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(script, "script is null");
    configuration = Map.copyOf(requireNonNull(configuration, "configuration is null"));
    knownUids = Set.copyOf(requireNonNull(knownUids, "knownUids is null"));
    operatorParallelism =
        Map.copyOf(requireNonNull(operatorParallelism, "operatorParallelism is null"));
    functions = List.copyOf(requireNonNull(functions, "functions is null"));
    deniedFunctions = Map.copyOf(requireNonNull(deniedFunctions, "deniedFunctions is null"));
  }

  public CompileRequest(
      String jobName,
      String script,
      Map<String, String> configuration,
      Set<String> knownUids,
      Map<String, Integer> operatorParallelism) {
    this(jobName, script, configuration, knownUids, operatorParallelism, List.of(), Map.of());
  }

  /** The same request with the given registered functions and the caller's denied ones. */
  public CompileRequest withFunctions(
      List<UserFunction> functions, Map<String, String> deniedFunctions) {
    return new CompileRequest(
        jobName, script, configuration, knownUids, operatorParallelism, functions, deniedFunctions);
  }

  /** The same request with another configuration. */
  public CompileRequest withConfiguration(Map<String, String> configuration) {
    return new CompileRequest(
        jobName, script, configuration, knownUids, operatorParallelism, functions, deniedFunctions);
  }

  /** The same request with another script (for example with its secrets resolved). */
  public CompileRequest withScript(String script) {
    return new CompileRequest(
        jobName, script, configuration, knownUids, operatorParallelism, functions, deniedFunctions);
  }

  public CompileRequest(String jobName, String script, Map<String, String> configuration) {
    this(jobName, script, configuration, Set.of(), Map.of());
  }

  public CompileRequest(
      String jobName, String script, Map<String, String> configuration, Set<String> knownUids) {
    this(jobName, script, configuration, knownUids, Map.of());
  }

  public static CompileRequest of(String jobName, String script) {
    return new CompileRequest(jobName, script, Map.of());
  }
}
