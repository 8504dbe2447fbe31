package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice sql ...}: what the engine's SQL knows, and the tables a script declares. */
@Command(
    name = "sql",
    description = "The engine's SQL language, and the tables and views of a script.",
    subcommands = {SqlCommand.Language.class, SqlCommand.Tables.class})
final class SqlCommand {
  @CommandLine.ParentCommand SluiceCli root;

  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand SqlCommand sql;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print the server's JSON answer (as --output json)")
    boolean json;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    void print(JsonNode node, String text) {
      out().println(json || sql.root.json() ? node.toPrettyString() : text);
    }
  }

  @Command(
      name = "language",
      description = "Keywords, functions with their signatures, and connector and format options.")
  static final class Language extends Sub {
    @Override
    public Integer call() {
      JsonNode l = sql.root.api().get("/sql/language");
      StringBuilder text = new StringBuilder();
      text.append("keywords: ").append(l.path("keywords").size()).append('\n');
      Table functions = new Table("FUNCTION", "KIND", "SIGNATURES");
      for (JsonNode f : l.path("functions")) {
        List<String> signatures = new ArrayList<>();
        f.path("signatures").forEach(s -> signatures.add(s.asText()));
        functions.row(f.path("name"), f.path("kind"), String.join(" | ", signatures));
      }
      text.append(functions).append("\n\n");
      Table options = new Table("CONNECTOR", "OPTION", "REQUIRED", "TYPE", "DEFAULT");
      for (JsonNode c : l.path("connectors")) {
        for (JsonNode o : c.path("options")) {
          options.row(
              c.path("identifier"),
              o.path("key"),
              o.path("required").asBoolean() ? "yes" : "no",
              o.path("type"),
              o.path("default"));
        }
      }
      text.append(options).append("\n\n");
      Table formats = new Table("FORMAT", "OPTION", "REQUIRED", "TYPE", "DEFAULT");
      for (JsonNode c : l.path("formats")) {
        for (JsonNode o : c.path("options")) {
          formats.row(
              c.path("identifier"),
              o.path("key"),
              o.path("required").asBoolean() ? "yes" : "no",
              o.path("type"),
              o.path("default"));
        }
      }
      text.append(formats);
      print(l, text.toString());
      return 0;
    }
  }

  @Command(
      name = "tables",
      description =
          "The tables and views a SQL file declares, with their columns; statements that do not"
              + " validate are skipped.")
  static final class Tables extends Sub {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--project", description = "the project the script belongs to")
    String project;

    @Override
    public Integer call() throws IOException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("script", Files.readString(file, StandardCharsets.UTF_8));
      if (project != null) {
        body.put("project", project);
      }
      JsonNode answer = sql.root.api().post("/sql/tables", body);
      Table table = new Table("STATEMENT", "LINE", "KIND", "NAME", "CONNECTOR", "COLUMNS");
      for (JsonNode t : answer.path("tables")) {
        List<String> columns = new ArrayList<>();
        t.path("columns")
            .forEach(c -> columns.add(c.path("name").asText() + " " + c.path("type").asText()));
        table.row(
            t.path("statement").asInt() == 0 ? "-" : t.path("statement").asText(),
            t.path("line").asInt() == 0 ? "-" : t.path("line").asText(),
            t.path("kind"),
            t.path("name"),
            t.path("connector"),
            String.join(", ", columns));
      }
      print(answer, table.toString());
      return 0;
    }
  }
}
