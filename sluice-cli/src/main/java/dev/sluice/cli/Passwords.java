package dev.sluice.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A password the user gives the CLI: piped on stdin, or typed on the console without echo. */
final class Passwords {
  private Passwords() {}

  /**
   * @param fromStdin read it from {@code stdin} (its trailing line breaks dropped), else ask on the
   *     console with {@code prompt} (a format string of {@code args})
   */
  static String read(boolean fromStdin, InputStream stdin, String prompt, Object... args)
      throws IOException {
    if (fromStdin) {
      String password =
          new String(stdin.readAllBytes(), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
      if (password.isEmpty()) {
        throw new IllegalArgumentException("No password on stdin");
      }
      return password;
    }
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException(
          "No console to ask the password on: pipe it with --password-stdin");
    }
    char[] password = console.readPassword(prompt, args);
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("No password given");
    }
    return new String(password);
  }
}
