package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One thing wrong with a script, located in the user's own text.
 *
 * @param statement 1-based number of the statement in the script, 0 when it concerns the whole
 *     script
 * @param line 1-based line in the script
 * @param column 1-based column in the script
 * @param message what is wrong, in words a SQL user understands
 * @param endLine line of the last character of the offending token, equal to {@code line} when the
 *     token is not known (0 is taken as unknown)
 * @param endColumn column of the last character of the offending token (inclusive), equal to {@code
 *     column} when it is not known (0 is taken as unknown)
 * @param suggestions names the user may have meant, best first, for a quick fix that replaces the
 *     range with one of them; empty when there is none
 */
public record Problem(
    int statement,
    int line,
    int column,
    String message,
    int endLine,
    int endColumn,
    List<String> suggestions) {
  public Problem {
    requireNonNull(message, "message is null");
    // Problems stored before the range existed are read back with zeros and no suggestions.
    if (endLine <= 0 || endLine < line || (endLine == line && endColumn < column)) {
      endLine = line;
      endColumn = column;
    }
    suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
  }

  public Problem(int statement, int line, int column, String message) {
    this(statement, line, column, message, line, column, List.of());
  }

  /** The same problem with another message (for example with secret values taken out). */
  public Problem withMessage(String message) {
    return new Problem(statement, line, column, message, endLine, endColumn, suggestions);
  }

  @Override
  public String toString() {
    return statement > 0
        ? "statement " + statement + " (line " + line + ":" + column + "): " + message
        : message;
  }
}
