package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice audit}: who did what, newest first (admins). */
@Command(name = "audit", description = "The audit log, newest first (admins).")
final class AuditCommand implements Callable<Integer> {
  @CommandLine.ParentCommand SluiceCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--actor", description = "only this user's actions")
  String actor;

  @Option(names = "--action", description = "only this action")
  String action;

  @Option(names = "--project", description = "only this project")
  String project;

  @Option(names = "--since", paramLabel = "ISO", description = "from this instant on")
  String since;

  @Option(names = "--limit", paramLabel = "N", description = "at most N entries")
  Integer limit;

  @Override
  public Integer call() {
    List<String> query = new ArrayList<>();
    add(query, "actor", actor);
    add(query, "action", action);
    add(query, "project", project);
    add(query, "since", since);
    add(query, "limit", limit == null ? null : limit.toString());
    JsonNode entries =
        root.api().get("/audit" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    Table table = new Table("AT", "ACTOR", "ACTION", "PROJECT", "TARGET", "DETAIL");
    for (JsonNode e : entries) {
      table.row(
          e.path("at"),
          e.path("actor"),
          e.path("action"),
          e.path("project"),
          e.path("target"),
          e.path("detail"));
    }
    root.print(spec.commandLine().getOut(), entries, table.toString());
    return 0;
  }

  private static void add(List<String> query, String name, String value) {
    if (value != null) {
      query.add(name + "=" + Api.query(value));
    }
  }
}
