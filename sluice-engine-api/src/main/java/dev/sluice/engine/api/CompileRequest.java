package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A script to compile.
 *
 * @param jobName the Flink job name to use
 * @param script the whole multi-statement SQL script
 * @param configuration options applied before the script's own {@code SET} statements
 */
public record CompileRequest(String jobName, String script, Map<String, String> configuration) {
  public CompileRequest {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(script, "script is null");
    configuration = Map.copyOf(requireNonNull(configuration, "configuration is null"));
  }

  public static CompileRequest of(String jobName, String script) {
    return new CompileRequest(jobName, script, Map.of());
  }
}
