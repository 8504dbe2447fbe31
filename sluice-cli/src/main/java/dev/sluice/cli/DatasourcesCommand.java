package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice datasources ...}: source databases registered for CDC, their connection test,
 * catalog and readiness (docs/integration.md).
 */
@Command(
    name = "datasources",
    description = "Source databases for CDC: register, test, browse, check readiness.",
    subcommands = {
      DatasourcesCommand.Add.class,
      DatasourcesCommand.List.class,
      DatasourcesCommand.Show.class,
      DatasourcesCommand.Test.class,
      DatasourcesCommand.Tables.class,
      DatasourcesCommand.Columns.class,
      DatasourcesCommand.Readiness.class,
      DatasourcesCommand.Delete.class
    })
final class DatasourcesCommand {
  /** The exit code of a readiness check that fails, so that a script can stop on it. */
  static final int NOT_READY = 3;

  abstract static class Sub extends Subcommand {

    static String at(String source) {
      return "/datasources/" + Api.segment(source);
    }
  }

  @Command(
      name = "add",
      description =
          "Register a source database. The password is read from stdin or the console, or named"
              + " as a secret of the project; it is never an argument, which shell histories keep.")
  static final class Add extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--type", required = true, description = "mysql, mariadb, postgresql, oracle")
    String type;

    @Option(names = "--host", required = true)
    String host;

    @Option(names = "--port", description = "the type's default port when left out")
    Integer port;

    @Option(names = "--database", required = true, description = "Oracle: the service name")
    String database;

    @Option(names = "--username", required = true)
    String username;

    @Option(
        names = "--password-stdin",
        description =
            "read the password from stdin; stored as the project secret"
                + " datasource.NAME.password")
    boolean passwordStdin;

    @Option(names = "--ask-password", description = "ask for the password on the console")
    boolean askPassword;

    @Option(names = "--password-secret", description = "a secret of the project holding it")
    String passwordSecret;

    @Option(names = "--description")
    String description;

    @Option(names = "--project")
    String project;

    @Override
    public Integer call() {
      int given =
          (passwordStdin ? 1 : 0) + (askPassword ? 1 : 0) + (passwordSecret != null ? 1 : 0);
      if (given > 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "Give one of --password-stdin, --ask-password and --password-secret");
      }
      String password = passwordStdin || askPassword ? password() : null;
      ObjectNode body = Api.JSON.createObjectNode();
      body.put("name", name);
      body.put("type", type);
      body.put("host", host);
      if (port != null) {
        body.put("port", port);
      }
      body.put("database", database);
      body.put("username", username);
      if (passwordSecret != null) {
        body.put("password", "${secret:" + passwordSecret + "}");
      } else if (password != null) {
        body.put("password", password);
      }
      if (description != null) {
        body.put("description", description);
      }
      if (project != null) {
        body.put("project", project);
      }
      JsonNode d = root().api().post("/datasources", body);
      root().print(out(), d, line(d));
      return 0;
    }

    private String password() {
      try {
        return Passwords.read(
            passwordStdin, root().stdin, "Password of %s for %s: ", username, name);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static String line(JsonNode d) {
    return d.path("name").asText()
        + " ("
        + d.path("typeLabel").asText()
        + ") "
        + d.path("host").asText()
        + ":"
        + d.path("port").asInt()
        + "/"
        + d.path("database").asText()
        + " as "
        + d.path("username").asText()
        + (d.path("passwordSecret").isTextual()
            ? ", password in secret " + d.path("passwordSecret").asText()
            : ", no password")
        + ", project "
        + d.path("project").asText();
  }

  @Command(name = "list", description = "The data sources of your projects.")
  static final class List extends Sub {
    @Option(names = "--project")
    String project;

    @Override
    public Integer call() {
      JsonNode list =
          root()
              .api()
              .get("/datasources" + (project == null ? "" : "?project=" + Api.query(project)));
      Table table = new Table("NAME", "TYPE", "ADDRESS", "USER", "PROJECT");
      for (JsonNode d : list) {
        table.row(
            d.path("name"),
            d.path("type"),
            d.path("host").asText()
                + ":"
                + d.path("port").asInt()
                + "/"
                + d.path("database").asText(),
            d.path("username"),
            d.path("project"));
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(name = "show", description = "One data source.")
  static final class Show extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      JsonNode d = root().api().get(at(name));
      root().print(out(), d, line(d));
      return 0;
    }
  }

  @Command(name = "test", description = "Connect once and say what answered.")
  static final class Test extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      JsonNode r = root().api().post(at(name) + "/test", Api.JSON.createObjectNode());
      root()
          .print(out(), r, r.path("message").asText() + " (" + r.path("millis").asLong() + " ms)");
      return 0;
    }
  }

  @Command(name = "tables", description = "The tables of a schema (the source's own without one).")
  static final class Tables extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--schema")
    String schema;

    @Override
    public Integer call() {
      JsonNode list =
          root()
              .api()
              .get(at(name) + "/tables" + (schema == null ? "" : "?schema=" + Api.query(schema)));
      Table table = new Table("TABLE", "TYPE", "ROWS (EST.)", "PRIMARY KEY");
      for (JsonNode t : list) {
        table.row(
            t.path("schema").asText() + "." + t.path("name").asText(),
            t.path("type"),
            t.path("rowEstimate").isNull() ? "-" : t.path("rowEstimate").asText(),
            joined(t.path("primaryKey"), "(none)"));
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(name = "columns", description = "A table's columns, as schema.table.")
  static final class Columns extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "SCHEMA.TABLE")
    String table;

    @Override
    public Integer call() {
      JsonNode t = root().api().get(at(name) + "/tables/" + Api.segment(table));
      Table out = new Table("COLUMN", "TYPE", "FLINK TYPE", "NULL", "DEFAULT", "KEY", "COMMENT");
      for (JsonNode c : t.path("columns")) {
        out.row(
            c.path("name"),
            c.path("type"),
            c.path("flinkType").isNull() ? "(not readable)" : c.path("flinkType").asText(),
            c.path("nullable").asBoolean() ? "yes" : "no",
            c.path("defaultValue").asText(""),
            c.path("primaryKey").asBoolean() ? "PK" : "",
            c.path("comment").asText(""));
      }
      root().print(out(), t, out.toString());
      return 0;
    }
  }

  @Command(
      name = "readiness",
      description =
          "Whether the source's changes can be captured, with the statements that fix what fails;"
              + " exits with 3 when it is not ready.")
  static final class Readiness extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--tables",
        split = ",",
        description = "schema.table,...; every table of the source when left out")
    java.util.List<String> tables;

    @Override
    public Integer call() {
      JsonNode r =
          root()
              .api()
              .get(
                  at(name)
                      + "/readiness"
                      + (tables == null || tables.isEmpty()
                          ? ""
                          : "?tables=" + Api.query(String.join(",", tables))));
      StringBuilder text = new StringBuilder();
      Table table = new Table("CHECK", "RESULT", "ACTUAL", "EXPECTED");
      for (JsonNode c : r.path("checks")) {
        table.row(
            c.path("name"),
            c.path("ok").asBoolean() ? "ok" : c.path("severity").asText().toUpperCase(),
            c.path("actual").asText(""),
            c.path("expected").asText(""));
      }
      text.append(table);
      for (JsonNode c : r.path("checks")) {
        if (!c.path("ok").asBoolean()) {
          text.append("\n")
              .append(c.path("name").asText())
              .append(": ")
              .append(c.path("message").asText())
              .append("\n");
          if (c.path("fix").isTextual()) {
            c.path("fix").asText().lines().forEach(l -> text.append("  ").append(l).append("\n"));
          }
        }
      }
      for (JsonNode n : r.path("notes")) {
        text.append("\nnote: ").append(n.asText()).append("\n");
      }
      boolean ready = r.path("ready").asBoolean();
      text.append("\n").append(ready ? "ready" : "NOT READY");
      root().print(out(), r, text.toString());
      return ready ? 0 : NOT_READY;
    }
  }

  @Command(name = "delete", description = "Delete a data source (and its own password secret).")
  static final class Delete extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      root().api().delete(at(name));
      out().println("deleted " + name);
      return 0;
    }
  }

  private static String joined(JsonNode array, String empty) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    array.forEach(n -> parts.add(n.asText()));
    return parts.isEmpty() ? empty : String.join(", ", parts);
  }
}
