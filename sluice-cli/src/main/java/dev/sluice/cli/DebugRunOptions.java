package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** What every debug run takes besides its input: live sources, the run's limits, its project. */
final class DebugRunOptions {
  @Option(
      names = "--live",
      paramLabel = "SOURCE=FROM",
      description =
          "read a source (a table of the script, or a metric group's source) live from latest, earliest or epoch millis")
  Map<String, String> live = new HashMap<>();

  @Option(names = "--max-rows", description = "rows per step before the run ends")
  Integer maxRows;

  @Option(names = "--seconds", description = "longest run")
  Integer seconds;

  @Option(
      names = "--project",
      description = "the project the run belongs to (default: the token's project, else demo)")
  String project;

  /** Adds the live sources and limits to a debug run's request. */
  void addTo(ObjectNode body) {
    ObjectNode liveNode = body.putObject("live");
    live.forEach((source, from) -> liveNode.putObject(source).put("from", from));
    if (maxRows != null) {
      body.put("maxRowsPerStep", maxRows);
    }
    if (seconds != null) {
      body.put("maxSeconds", seconds);
    }
    if (project != null) {
      body.put("project", project);
    }
  }
}
