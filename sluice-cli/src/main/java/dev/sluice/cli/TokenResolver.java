package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which token the CLI sends to a server: {@code --token}, else {@code SLUICE_TOKEN}, else the token
 * {@code sluice login} saved for that server, else the file named by {@code SLUICE_TOKEN_FILE} (the
 * launcher points it at the admin token a local server writes at its first start).
 */
final class TokenResolver {
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
    String file = env.get("SLUICE_TOKEN_FILE");
    if (file != null && !file.isBlank()) {
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
}
