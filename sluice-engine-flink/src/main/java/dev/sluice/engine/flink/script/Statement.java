package dev.sluice.engine.flink.script;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One statement of a script, with where it starts in the script so that errors Flink reports
 * relative to the statement can be moved back to the user's own line and column.
 *
 * @param number 1-based statement number in the script
 * @param kind what the statement does
 * @param text the statement text as written, starting at its first token, without the semicolon
 * @param line 1-based line of its first token in the script
 * @param column 1-based column of its first token in the script
 * @param inStatementSet whether it sits between BEGIN STATEMENT SET and END
 * @param name the name given in a {@code -- @name: NAME} comment before it, if any
 */
public record Statement(
    int number,
    StatementKind kind,
    String text,
    int line,
    int column,
    boolean inStatementSet,
    Optional<String> name) {
  public Statement {
    requireNonNull(kind, "kind is null");
    requireNonNull(text, "text is null");
    requireNonNull(name, "name is null");
  }

  /** The text without comments and with runs of white space as one space: what the user means. */
  public String normalizedText() {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'' || c == '`' || c == '"') {
        int end = i + 1;
        while (end < text.length()) {
          if (text.charAt(end) == c) {
            if (end + 1 < text.length() && text.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(end + 1, text.length());
        out.append(text, i, end);
        i = end;
      } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        int nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length() : nl;
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
      } else if (Character.isWhitespace(c)) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
          out.append(' ');
        }
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString().strip();
  }

  /** Moves a line/column reported inside this statement's text to the script's coordinates. */
  public int[] toScriptPosition(int statementLine, int statementColumn) {
    if (statementLine <= 1) {
      return new int[] {line, column + Math.max(statementColumn, 1) - 1};
    }
    return new int[] {line + statementLine - 1, statementColumn};
  }
}
