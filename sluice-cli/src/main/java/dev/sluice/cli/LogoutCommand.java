package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sluice logout}: revokes the token saved for the server, if it can, and forgets it. */
@Command(
    name = "logout",
    description =
        "Revoke the token 'sluice login' saved for the server and remove it from the file.")
final class LogoutCommand implements Callable<Integer> {
  @CommandLine.ParentCommand SluiceCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String server = CredentialsFile.key(root.server);
    CredentialsFile credentials = root.credentials();
    Optional<String> saved = credentials.token(server);
    if (saved.isEmpty()) {
      spec.commandLine().getOut().println("no saved login for " + server);
      return 0;
    }
    String revoked = revoke(server, new Token(saved.get(), Token.Source.SAVED, "saved"));
    credentials.remove(server);
    spec.commandLine()
        .getOut()
        .println(
            "logged out of " + server + " (" + revoked + "); removed from " + credentials.path());
    return 0;
  }

  /** Revokes the token on the server; says what happened, as the local copy goes either way. */
  private static String revoke(String server, Token token) {
    Api api = Api.withToken(server, token);
    try {
      JsonNode id = api.get("/auth/me").path("token").path("id");
      if (id.isNull() || id.isMissingNode()) {
        return "the server named no token to revoke";
      }
      api.delete("/tokens/" + Api.segment(id.asText()));
      return "token revoked";
    } catch (Api.ApiError e) {
      if (e.status == 401) {
        return "the token no longer worked";
      }
      return "not revoked on the server: " + e.getMessage();
    }
  }
}
