package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice users create|list|disable}: the platform's users (admins only). */
@Command(
    name = "users",
    description = "Users of the platform (admins): create, list, disable.",
    subcommands = {UsersCommand.Create.class, UsersCommand.List.class, UsersCommand.Disable.class})
final class UsersCommand {
  @CommandLine.ParentCommand SluiceCli root;

  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand UsersCommand users;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    SluiceCli root() {
      return users.root;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(
      name = "create",
      description =
          "Create a user; without --password-stdin the server generates a password, printed once.")
  static final class Create extends Sub {
    @Parameters(paramLabel = "USER")
    String username;

    @Option(names = "--admin", description = "a platform admin (all rights)")
    boolean admin;

    @Option(names = "--password-stdin", description = "read the user's password from stdin")
    boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
      ObjectNode body = Api.JSON.createObjectNode().put("username", username).put("admin", admin);
      if (passwordStdin) {
        String password =
            new String(root().stdin.readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("[\\r\\n]+$", "");
        if (password.isEmpty()) {
          throw new IllegalArgumentException("No password on stdin");
        }
        body.put("password", password);
      }
      JsonNode u = root().api().post("/users", body);
      String text =
          "created user "
              + u.path("username").asText()
              + (u.path("admin").asBoolean() ? " (platform admin)" : "");
      if (u.hasNonNull("password")) {
        text +=
            "\n\n  password: "
                + u.path("password").asText()
                + "\n\nPass it on now: it is shown this once and never again.";
      }
      root().print(out(), u, text);
      return 0;
    }
  }

  @Command(name = "list", description = "All users.")
  static final class List extends Sub {
    @Override
    public Integer call() {
      JsonNode list = root().api().get("/users");
      Table table = new Table("USER", "ADMIN", "CREATED", "STATE");
      for (JsonNode u : list) {
        table.row(
            u.path("username"),
            u.path("admin").asBoolean() ? "yes" : "no",
            u.path("createdAt"),
            u.path("disabled").asBoolean() ? "disabled" : "active");
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(name = "disable", description = "Disable a user: they and their tokens stop working.")
  static final class Disable extends Sub {
    @Parameters(paramLabel = "USER")
    String username;

    @Override
    public Integer call() {
      root().api().delete("/users/" + Api.segment(username));
      root()
          .print(
              out(),
              Api.JSON.createObjectNode().put("disabled", username),
              "disabled user " + username + "; their tokens no longer work");
      return 0;
    }
  }
}
