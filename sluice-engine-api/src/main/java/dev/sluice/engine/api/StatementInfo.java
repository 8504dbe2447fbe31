package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

/**
 * One statement of a script as the splitter found it.
 *
 * @param number 1-based statement number
 * @param kind what it does, for example {@code CREATE_TABLE}, {@code INSERT}, {@code SET}
 * @param line 1-based line where it starts
 * @param column 1-based column where it starts
 * @param text its text, without the terminating semicolon
 */
public record StatementInfo(int number, String kind, int line, int column, String text) {
  public StatementInfo {
    requireNonNull(kind, "kind is null");
    requireNonNull(text, "text is null");
  }
}
