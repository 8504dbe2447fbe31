package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a script, located in the user's own text.
 *
 * @param statement 1-based number of the statement in the script, 0 when it concerns the whole
 *     script
 * @param line 1-based line in the script
 * @param column 1-based column in the script
 * @param message what is wrong, in words a SQL user understands
 */
public record Problem(int statement, int line, int column, String message) {
  public Problem {
    requireNonNull(message, "message is null");
  }

  @Override
  public String toString() {
    return statement > 0
        ? "statement " + statement + " (line " + line + ":" + column + "): " + message
        : message;
  }
}
