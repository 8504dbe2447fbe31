package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice artifacts|functions|grants ...}: jars uploaded as versioned artifacts, functions
 * registered from them, and who may use them (docs/artifacts.md).
 */
final class ArtifactsCommand {
  private ArtifactsCommand() {}

  static String signatures(JsonNode f) {
    java.util.List<String> s = new java.util.ArrayList<>();
    f.path("signatures").forEach(n -> s.add(n.asText()));
    return String.join("; ", s);
  }

  @Command(
      name = "artifacts",
      description = "Jars uploaded to a project as immutable versions (UDF libraries, jar jobs).",
      subcommands = {Upload.class, List.class, Versions.class, Delete.class})
  static final class Artifacts {}

  @Command(name = "upload", description = "Upload a jar as the artifact's next version.")
  static final class Upload extends Subcommand {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--comment")
    String comment;

    @Option(names = "--project")
    String project;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "No file " + file);
      }
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("name", name);
      if (comment != null) {
        fields.put("comment", comment);
      }
      if (project != null) {
        fields.put("project", project);
      }
      JsonNode v = root().api().postFile("/artifacts", fields, file);
      StringBuilder text =
          new StringBuilder(
              v.path("artifact").asText()
                  + ":"
                  + v.path("version").asInt()
                  + " sha256 "
                  + v.path("sha256").asText()
                  + ", "
                  + v.path("sizeBytes").asLong()
                  + " bytes\n");
      Table table = new Table("CLASS", "KIND", "SIGNATURES", "PROBLEM");
      for (JsonNode f : v.path("functions")) {
        table.row(f.path("className"), f.path("kind"), signatures(f), f.path("problem").asText(""));
      }
      text.append(table);
      root().print(out(), v, text.toString().stripTrailing());
      return 0;
    }
  }

  @Command(name = "list", description = "The artifacts of your projects with their latest version.")
  static final class List extends Subcommand {
    @Option(names = "--project")
    String project;

    @Override
    public Integer call() {
      JsonNode list =
          root()
              .api()
              .get("/artifacts" + (project == null ? "" : "?project=" + Api.query(project)));
      Table table = new Table("ARTIFACT", "PROJECT", "LATEST", "SHA256", "UPLOADED BY");
      for (JsonNode a : list) {
        table.row(
            a.path("name"),
            a.path("project"),
            a.path("latest").path("version"),
            a.path("latest").path("sha256").asText().substring(0, 12),
            a.path("latest").path("uploadedBy"));
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(name = "versions", description = "An artifact's versions, newest first.")
  static final class Versions extends Subcommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      JsonNode list = root().api().get("/artifacts/" + Api.segment(name) + "/versions");
      Table table = new Table("VERSION", "SHA256", "BYTES", "UPLOADED BY", "AT", "COMMENT");
      for (JsonNode v : list) {
        table.row(
            v.path("version"),
            v.path("sha256"),
            v.path("sizeBytes"),
            v.path("uploadedBy"),
            v.path("uploadedAt"),
            v.path("comment").asText(""));
      }
      root().print(out(), list, table.toString());
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete a version no function or job version uses.")
  static final class Delete extends Subcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION")
    int version;

    @Override
    public Integer call() {
      root().api().delete("/artifacts/" + Api.segment(name) + "/versions/" + version);
      out().println("deleted " + name + ":" + version);
      return 0;
    }
  }

  @Command(
      name = "functions",
      description = "Functions registered by name from artifact versions.",
      subcommands = {Register.class, Functions.List.class, Upgrade.class, Unregister.class})
  static final class Functions {
    @Command(name = "list", description = "Registered functions, and whether you may use them.")
    static final class List extends Subcommand {
      @Option(names = "--project")
      String project;

      @Override
      public Integer call() {
        JsonNode list =
            root()
                .api()
                .get("/functions" + (project == null ? "" : "?project=" + Api.query(project)));
        Table table = new Table("FUNCTION", "ARTIFACT", "CLASS", "KIND", "SIGNATURES", "USABLE");
        for (JsonNode f : list) {
          table.row(
              f.path("name"),
              f.path("artifact").asText() + ":" + f.path("version").asInt(),
              f.path("className"),
              f.path("kind"),
              signatures(f),
              f.path("usable").asBoolean() ? "yes" : "no");
        }
        root().print(out(), list, table.toString());
        return 0;
      }
    }
  }

  @Command(name = "register", description = "Register a class of an artifact version by name.")
  static final class Register extends Subcommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--artifact", required = true)
    String artifact;

    @Option(names = "--version", description = "the artifact version (default: latest)")
    Integer version;

    @Option(names = "--class", required = true)
    String className;

    @Option(names = "--comment")
    String comment;

    @Override
    public Integer call() {
      ObjectNode body =
          Api.JSON
              .createObjectNode()
              .put("name", name)
              .put("artifact", artifact)
              .put("className", className);
      if (version != null) {
        body.put("version", version);
      }
      if (comment != null) {
        body.put("comment", comment);
      }
      JsonNode f = root().api().post("/functions", body);
      root()
          .print(
              out(),
              f,
              "registered "
                  + f.path("name").asText()
                  + " = "
                  + f.path("className").asText()
                  + " of "
                  + f.path("artifact").asText()
                  + ":"
                  + f.path("version").asInt()
                  + " "
                  + signatures(f));
      return 0;
    }
  }

  @Command(name = "upgrade", description = "Point a function at another artifact version.")
  static final class Upgrade extends Subcommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--version", description = "the artifact version (default: latest)")
    Integer version;

    @Option(names = "--class")
    String className;

    @Override
    public Integer call() {
      ObjectNode body = Api.JSON.createObjectNode();
      if (version != null) {
        body.put("version", version);
      }
      if (className != null) {
        body.put("className", className);
      }
      JsonNode f = root().api().put("/functions/" + Api.segment(name), body);
      root()
          .print(
              out(),
              f,
              f.path("name").asText()
                  + " is now "
                  + f.path("className").asText()
                  + " of "
                  + f.path("artifact").asText()
                  + ":"
                  + f.path("version").asInt());
      return 0;
    }
  }

  @Command(name = "delete", description = "Remove a registered function.")
  static final class Unregister extends Subcommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      root().api().delete("/functions/" + Api.segment(name));
      out().println("deleted function " + name);
      return 0;
    }
  }

  /** What a grant names: one object, one grantee. */
  static class Target {
    @Option(names = "--function")
    String function;

    @Option(names = "--artifact")
    String artifact;

    @Option(names = "--user")
    String user;

    @Option(names = "--role")
    String role;

    @Option(names = "--project")
    String project;

    ObjectNode body() {
      ObjectNode body = Api.JSON.createObjectNode();
      put(body, "function", function);
      put(body, "artifact", artifact);
      put(body, "user", user);
      put(body, "role", role);
      put(body, "project", project);
      return body;
    }

    private static void put(ObjectNode body, String key, String value) {
      if (value != null) {
        body.put(key, value);
      }
    }
  }

  static String describe(JsonNode g) {
    String object =
        g.hasNonNull("function")
            ? "function " + g.path("function").asText()
            : "artifact " + g.path("artifact").asText();
    String grantee =
        g.hasNonNull("user")
            ? "user " + g.path("user").asText()
            : g.hasNonNull("role")
                ? "role " + g.path("role").asText()
                : "project " + g.path("project").asText();
    return "USE on " + object + " to " + grantee;
  }

  @Command(
      name = "grants",
      description = "USE grants on functions and artifacts.",
      subcommands = {Grant.class, Revoke.class, Grants.List.class})
  static final class Grants {
    @Command(name = "list", description = "Grants on what your projects hold.")
    static final class List extends Subcommand {
      @Option(names = "--function")
      String function;

      @Option(names = "--artifact")
      String artifact;

      @Option(names = "--user")
      String user;

      @Override
      public Integer call() {
        java.util.List<String> query = new java.util.ArrayList<>();
        if (function != null) {
          query.add("function=" + Api.query(function));
        }
        if (artifact != null) {
          query.add("artifact=" + Api.query(artifact));
        }
        if (user != null) {
          query.add("user=" + Api.query(user));
        }
        JsonNode list =
            root().api().get("/grants" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        Table table = new Table("ID", "GRANT", "BY", "AT");
        for (JsonNode g : list) {
          table.row(g.path("id"), describe(g), g.path("grantedBy"), g.path("grantedAt"));
        }
        root().print(out(), list, table.toString());
        return 0;
      }
    }
  }

  @Command(name = "add", description = "Grant USE on a function or artifact.")
  static final class Grant extends Subcommand {
    @CommandLine.Mixin Target target;

    @Override
    public Integer call() {
      JsonNode g = root().api().post("/grants", target.body());
      root().print(out(), g, "granted " + describe(g));
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a USE grant.")
  static final class Revoke extends Subcommand {
    @CommandLine.Mixin Target target;

    @Override
    public Integer call() {
      root().api().delete("/grants", target.body());
      out().println("revoked");
      return 0;
    }
  }
}
