package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice login}: checks a token ({@code --token}) or logs in with a password ({@code
 * --user}) and creates an API token, then saves the token for the server in the credentials file.
 */
@Command(
    name = "login",
    description =
        "Save an API token for the server: check one given with --token, or log in as --user with a"
            + " password and create one. Later commands send it.")
final class LoginCommand implements Callable<Integer> {
  @CommandLine.ParentCommand SluiceCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--user", paramLabel = "USER", description = "log in with this user's password")
  String user;

  @Option(
      names = "--password-stdin",
      description = "read the password from stdin (default: ask on the console, not echoed)")
  boolean passwordStdin;

  @Option(
      names = "--name",
      description = "name of the token created by a password login (default: sluice CLI on HOST)")
  String name;

  @Option(
      names = "--expires-in-days",
      paramLabel = "DAYS",
      description = "lifetime of the token created by a password login (server default: 90)")
  Integer expiresInDays;

  @Override
  public Integer call() throws IOException {
    String server = CredentialsFile.key(root.server);
    if (root.token != null && (user != null || passwordStdin)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Give either --token or --user, not both");
    }
    if (passwordStdin && user == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--password-stdin needs --user");
    }
    JsonNode me;
    String token;
    if (root.token != null) {
      Token given = new Token(root.token.strip(), Token.Source.OPTION, "--token");
      me = checked(server, given);
      token = given.value();
    } else {
      String username = user != null ? user : ask("User: ");
      JsonNode created = createToken(server, username, password(username));
      me = checked(server, new Token(created.path("token").asText(), Token.Source.OPTION, "login"));
      token = created.path("token").asText();
    }
    CredentialsFile credentials = root.credentials();
    credentials.save(server, token, me.path("username").asText());
    root.print(
        spec.commandLine().getOut(),
        me,
        "logged in to "
            + server
            + " as "
            + WhoamiCommand.user(me)
            + "\n"
            + "token "
            + WhoamiCommand.token(me.path("token"))
            + "\nsaved in "
            + credentials.path());
    return 0;
  }

  /** The caller a token stands for, or a clear refusal; nothing is saved then. */
  private static JsonNode checked(String server, Token token) {
    try {
      return Api.withToken(server, token).get("/auth/me");
    } catch (Api.ApiError e) {
      if (e.status == 401) {
        throw new IllegalArgumentException(
            server + " refused the token (expired, revoked or unknown); nothing was saved");
      }
      throw e;
    }
  }

  /**
   * Logs in with the password in a session of its own, creates an API token there (state-changing
   * requests of a session carry the CSRF cookie back as a header) and ends the session.
   */
  private JsonNode createToken(String server, String username, String password) {
    Api session = Api.withSession(server);
    try {
      session.post("/auth/login", Map.of("username", username, "password", password));
    } catch (Api.ApiError e) {
      if (e.status == 401) {
        throw new IllegalArgumentException(
            server + " refused the user name or password of '" + username + "'");
      }
      throw e;
    }
    if (!session.hasCsrfCookie()) {
      session.get("/auth/me"); // a server may hand out the CSRF cookie on the next answer
    }
    ObjectNode body = Api.JSON.createObjectNode().put("name", name != null ? name : defaultName());
    if (expiresInDays != null) {
      body.put("expiresInDays", expiresInDays);
    }
    JsonNode created = session.post("/tokens", body);
    try {
      session.post("/auth/logout", Map.of());
    } catch (Api.ApiError e) {
      // the session ends by itself; the token is what counts
    }
    return created;
  }

  private String password(String username) throws IOException {
    return Passwords.read(passwordStdin, root.stdin, "Password for %s: ", username);
  }

  private static String ask(String prompt) {
    Console console = System.console();
    String answer = console == null ? null : console.readLine(prompt);
    if (answer == null || answer.isBlank()) {
      throw new IllegalArgumentException("Give --token TOKEN or --user USER");
    }
    return answer.strip();
  }

  private static String defaultName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown host";
      }
    }
    return "sluice CLI on " + host;
  }
}
