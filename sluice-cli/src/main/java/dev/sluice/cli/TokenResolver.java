package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which token the CLI sends to a server: {@code --token}, else {@code SLUICE_TOKEN}, else the token
 * {@code sluice login} saved for that server, else the file named by {@code SLUICE_TOKEN_FILE} when
 * that server is the one {@code SLUICE_TOKEN_FILE_URL} names (the launcher points them at the admin
 * token a local server writes at its first start, and at that server), so that the local admin
 * token never goes to another server.
 */
final class TokenResolver {
  static final String FILE = "SLUICE_TOKEN_FILE";
  static final String FILE_URL = "SLUICE_TOKEN_FILE_URL";

  private TokenResolver() {}

  static Optional<Token> resolve(
      String option, Map<String, String> env, CredentialsFile credentials, String server)
      throws IOException {
    if (option != null) {
      if (option.isBlank()) {
        throw new IllegalArgumentException("--token is empty");
      }
      return Optional.of(new Token(option.strip(), Token.Source.OPTION, "--token"));
    }
    String fromEnv = env.get("SLUICE_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(new Token(fromEnv.strip(), Token.Source.ENV, "SLUICE_TOKEN"));
    }
    Optional<String> saved = credentials.token(server);
    if (saved.isPresent()) {
      return Optional.of(new Token(saved.get(), Token.Source.SAVED, credentials.path().toString()));
    }
    String file = env.get(FILE);
    if (file != null && !file.isBlank() && fileIsFor(env, server)) {
      Path path = Path.of(file);
      String text;
      try {
        text = Files.readString(path).strip();
      } catch (IOException e) {
        throw new IOException(
            "Cannot read the token file " + path + " named by SLUICE_TOKEN_FILE (" + e + ")", e);
      }
      if (!text.isEmpty()) {
        return Optional.of(new Token(text, Token.Source.FILE, path.toString()));
      }
    }
    return Optional.empty();
  }

  /**
   * Why the token file is not used for this server, if one is named but belongs to another server
   * (or to none: without {@code SLUICE_TOKEN_FILE_URL} it is used for no server).
   */
  static Optional<String> fileNotFor(Map<String, String> env, String server) {
    String file = env.get(FILE);
    if (file == null || file.isBlank() || fileIsFor(env, server)) {
      return Optional.empty();
    }
    String url = env.get(FILE_URL);
    return Optional.of(
        url == null || url.isBlank()
            ? "SLUICE_TOKEN_FILE is used only with SLUICE_TOKEN_FILE_URL naming its server"
            : "the token in " + file + " (SLUICE_TOKEN_FILE) is for " + CredentialsFile.key(url));
  }

  /** Whether the token file belongs to the server: the same URL, trailing slashes aside. */
  private static boolean fileIsFor(Map<String, String> env, String server) {
    String url = env.get(FILE_URL);
    return url != null
        && !url.isBlank()
        && CredentialsFile.key(url).equals(CredentialsFile.key(server));
  }
}
