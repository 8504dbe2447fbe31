package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sluice whoami}: the caller the server sees, its projects and roles, and the token's scope.
 */
@Command(
    name = "whoami",
    description = "Who the server takes you for: user, admin, projects and roles, token scope.")
final class WhoamiCommand implements Callable<Integer> {
  @CommandLine.ParentCommand SluiceCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Api api = root.api();
    JsonNode me = api.get("/auth/me");
    StringBuilder projects = new StringBuilder();
    for (JsonNode p : me.path("projects")) {
      projects
          .append(projects.isEmpty() ? "" : ", ")
          .append(p.path("project").asText())
          .append(" (")
          .append(p.path("role").asText())
          .append(')');
    }
    String text =
        "user      "
            + user(me)
            + "\nprojects  "
            + (projects.isEmpty() ? "none" : projects)
            + "\ntoken     "
            + token(me.path("token"))
            + "\nsent      "
            + root.resolvedToken().map(Token::describe).orElse("no token");
    root.print(spec.commandLine().getOut(), me, text);
    return 0;
  }

  /** "ann" or "admin (platform admin)". */
  static String user(JsonNode me) {
    return me.path("username").asText() + (me.path("admin").asBoolean() ? " (platform admin)" : "");
  }

  /** A token's name, id, scope and expiry; never its value. */
  static String token(JsonNode token) {
    if (token.isNull() || token.isMissingNode()) {
      return "none";
    }
    String scope =
        token.hasNonNull("project")
            ? "project " + token.path("project").asText() + " as " + token.path("role").asText("-")
            : "all of the user's rights";
    return "'"
        + token.path("name").asText()
        + "' (id "
        + token.path("id").asText()
        + "): "
        + scope
        + (token.hasNonNull("expiresAt")
            ? ", expires " + token.path("expiresAt").asText()
            : ", no expiry");
  }
}
