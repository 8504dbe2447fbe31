package dev.sluice.engine.flink.script;

import static java.util.Objects.requireNonNull;

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
 */
public record Statement(
    int number, StatementKind kind, String text, int line, int column, boolean inStatementSet) {
  public Statement {
    requireNonNull(kind, "kind is null");
    requireNonNull(text, "text is null");
  }

  /** Moves a line/column reported inside this statement's text to the script's coordinates. */
  public int[] toScriptPosition(int statementLine, int statementColumn) {
    if (statementLine <= 1) {
      return new int[] {line, column + Math.max(statementColumn, 1) - 1};
    }
    return new int[] {line + statementLine - 1, statementColumn};
  }
}
