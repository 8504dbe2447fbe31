package dev.sluice.engine.api.debug;

import static java.util.Objects.requireNonNull;

import dev.sluice.engine.api.artifacts.UserFunction;
import java.util.List;
import java.util.Map;

/**
 * A debug run of a script: every named step (view, CTE, INSERT query) is tapped, INSERT targets are
 * never written.
 *
 * @param jobName the Flink job name of the debug job
 * @param script the script as the user has it (saved or not)
 * @param configuration options applied before the script's own SET statements
 * @param samples sample rows replacing source tables, by table name as the script writes it
 * @param live source tables read live, by table name, with where to start
 * @param tapUrl where the taps post their rows
 * @param token the run's secret the taps present
 * @param functions the registered functions the script may call, as in a job's compile
 * @param deniedFunctions functions the caller may not use, by upper-case name, with why
 */
public record DebugRequest(
    String jobName,
    String script,
    Map<String, String> configuration,
    Map<String, SampleRows> samples,
    Map<String, LiveStart> live,
    String tapUrl,
    String token,
    List<UserFunction> functions,
    Map<String, String> deniedFunctions) {
  public DebugRequest {
    requireNonNull(jobName, "jobName");
    requireNonNull(script, "script");
    configuration = Map.copyOf(configuration);
    samples = Map.copyOf(samples);
    live = Map.copyOf(live);
    requireNonNull(tapUrl, "tapUrl");
    requireNonNull(token, "token");
    functions = functions == null ? List.of() : List.copyOf(functions);
    deniedFunctions = deniedFunctions == null ? Map.of() : Map.copyOf(deniedFunctions);
  }

  public DebugRequest(
      String jobName,
      String script,
      Map<String, String> configuration,
      Map<String, SampleRows> samples,
      Map<String, LiveStart> live,
      String tapUrl,
      String token) {
    this(jobName, script, configuration, samples, live, tapUrl, token, List.of(), Map.of());
  }

  /** The same request with another configuration. */
  public DebugRequest withConfiguration(Map<String, String> configuration) {
    return new DebugRequest(
        jobName, script, configuration, samples, live, tapUrl, token, functions, deniedFunctions);
  }

  /**
   * Rows replacing a source table.
   *
   * @param format {@code json} (one object per row, keys are column names) or {@code csv} (columns
   *     in the table's physical order)
   * @param rows one row per entry
   */
  public record SampleRows(String format, List<String> rows) {
    public SampleRows {
      rows = List.copyOf(rows);
    }
  }

  /**
   * Where a live source starts reading.
   *
   * @param from {@code latest}, {@code earliest}, or epoch milliseconds
   */
  public record LiveStart(String from) {}
}
