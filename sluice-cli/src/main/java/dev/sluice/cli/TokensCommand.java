package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice tokens create|list|revoke}: API tokens for scripts, CI and other machines. */
@Command(
    name = "tokens",
    description = "API tokens: create (shown once), list, revoke.",
    subcommands = {
      TokensCommand.Create.class,
      TokensCommand.List.class,
      TokensCommand.Revoke.class
    })
final class TokensCommand {
  @CommandLine.ParentCommand SluiceCli root;

  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand TokensCommand tokens;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    SluiceCli root() {
      return tokens.root;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(
      name = "create",
      description =
          "Create a token with your rights, or only a role on one project; the token is shown once.")
  static final class Create extends Sub {
    @Option(names = "--name", required = true, description = "what the token is for")
    String name;

    @Option(names = "--project", description = "limit the token to this project")
    String project;

    @Option(
        names = "--role",
        description = "the token's role on --project: viewer, developer, operator or owner")
    String role;

    @Option(
        names = "--expires-in-days",
        paramLabel = "DAYS",
        description = "lifetime (server default 90, at most 3650)")
    Integer expiresInDays;

    @Override
    public Integer call() {
      ObjectNode body = Api.JSON.createObjectNode().put("name", name);
      if (project != null) {
        body.put("project", project);
      }
      if (role != null) {
        body.put("role", role);
      }
      if (expiresInDays != null) {
        body.put("expiresInDays", expiresInDays);
      }
      JsonNode t = root().api().post("/tokens", body);
      root()
          .print(
              out(),
              t,
              "created token '"
                  + t.path("name").asText()
                  + "' (id "
                  + t.path("id").asText()
                  + ") for "
                  + t.path("username").asText()
                  + ": "
                  + (t.hasNonNull("project")
                      ? "project " + t.path("project").asText() + " as " + t.path("role").asText()
                      : "all of the user's rights")
                  + ", expires "
                  + Table.cell(t.path("expiresAt"))
                  + "\n\n  "
                  + t.path("token").asText()
                  + "\n\nStore it now: it is shown this once and never again.");
      return 0;
    }
  }

  @Command(name = "list", description = "Your tokens (--all: everyone's, for admins).")
  static final class List extends Sub {
    @Option(names = "--all", description = "every user's tokens (admins)")
    boolean all;

    @Override
    public Integer call() {
      JsonNode list = root().api().get(all ? "/tokens?all=true" : "/tokens");
      Table table =
          new Table(
              "ID", "NAME", "USER", "PROJECT", "ROLE", "CREATED", "EXPIRES", "LAST USED", "STATE");
      for (JsonNode t : list) {
        table.row(
            t.path("id"),
            t.path("name"),
            t.path("username"),
            t.path("project"),
            t.path("role"),
            t.path("createdAt"),
            t.path("expiresAt"),
            t.path("lastUsedAt"),
            t.path("revoked").asBoolean() ? "revoked" : "active");
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a token: it stops working at once.")
  static final class Revoke extends Sub {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      root().api().delete("/tokens/" + Api.segment(id));
      root().print(out(), Api.JSON.createObjectNode().put("revoked", id), "revoked token " + id);
      return 0;
    }
  }
}
