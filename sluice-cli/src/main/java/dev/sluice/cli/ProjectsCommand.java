package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice projects ...}: projects own jobs, metric groups, secrets and debug runs. */
@Command(
    name = "projects",
    description = "Projects and their members' roles (viewer, developer, operator, owner).",
    subcommands = {
      ProjectsCommand.List.class,
      ProjectsCommand.Create.class,
      ProjectsCommand.Show.class,
      ProjectsCommand.Grant.class,
      ProjectsCommand.Revoke.class
    })
final class ProjectsCommand {
  @CommandLine.ParentCommand SluiceCli root;

  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand ProjectsCommand projects;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    SluiceCli root() {
      return projects.root;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(name = "list", description = "The projects you have a role in (admins: all).")
  static final class List extends Sub {
    @Override
    public Integer call() {
      JsonNode list = root().api().get("/projects");
      Table table = new Table("PROJECT", "ROLE", "DESCRIPTION");
      for (JsonNode p : list) {
        table.row(p.path("name"), p.path("role"), p.path("description"));
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(name = "create", description = "Create a project (admins).")
  static final class Create extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--description")
    String description;

    @Override
    public Integer call() {
      ObjectNode body = Api.JSON.createObjectNode().put("name", name);
      if (description != null) {
        body.put("description", description);
      }
      JsonNode p = root().api().post("/projects", body);
      root().print(out(), p, "created project " + p.path("name").asText());
      return 0;
    }
  }

  @Command(name = "show", description = "A project and its members.")
  static final class Show extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      JsonNode p = root().api().get("/projects/" + Api.segment(name));
      Table members = new Table("MEMBER", "ROLE");
      for (JsonNode m : p.path("members")) {
        members.row(m.path("username"), m.path("role"));
      }
      root()
          .print(
              out(),
              p,
              p.path("name").asText()
                  + (p.hasNonNull("description") ? ": " + p.path("description").asText() : "")
                  + "\n"
                  + (p.path("members").isEmpty() ? "no members" : members.toString()));
      return 0;
    }
  }

  @Command(
      name = "grant",
      description = "Give a user a role on a project (owners and admins); replaces their role.")
  static final class Grant extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "USER")
    String user;

    @Parameters(
        index = "2",
        paramLabel = "ROLE",
        description = "viewer, developer, operator or owner")
    String role;

    @Override
    public Integer call() {
      JsonNode m =
          root()
              .api()
              .put(
                  "/projects/" + Api.segment(name) + "/members/" + Api.segment(user),
                  Map.of("role", role));
      root()
          .print(
              out(),
              m,
              m.path("username").asText() + " is " + m.path("role").asText() + " of " + name);
      return 0;
    }
  }

  @Command(name = "revoke", description = "Take a user's role on a project away.")
  static final class Revoke extends Sub {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "USER")
    String user;

    @Override
    public Integer call() {
      root().api().delete("/projects/" + Api.segment(name) + "/members/" + Api.segment(user));
      root()
          .print(
              out(),
              Api.JSON.createObjectNode().put("project", name).put("removed", user),
              user + " is no longer a member of " + name);
      return 0;
    }
  }
}
