package dev.sluice.engine.flink.compile;

import dev.sluice.engine.flink.script.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what a problem is about when it is a name that does not exist (a table, column, function,
 * connector, format or connector option): where the name stands in the statement, and the names in
 * scope the user may have meant.
 */
final class Hints {
  private static final Pattern COLUMN =
      Pattern.compile("Column '([^']+)' not found in (?:any table|table '([^']+)')");
  private static final Pattern TABLE = Pattern.compile("Object '([^']+)' not found");
  private static final Pattern FUNCTION =
      Pattern.compile("No match found for function signature ([^(\\s]+)\\(");
  private static final Pattern CONNECTOR =
      Pattern.compile(
          "Unknown connector '([^']+)'|Could not find any factory for identifier '([^']+)' that"
              + " implements '[^']*DynamicTable");

  /** A format ("any format factory", or a factory that implements a format interface). */
  private static final Pattern FORMAT =
      Pattern.compile(
          "Could not find any (?:format factory for identifier '([^']+)'|factory for identifier"
              + " '([^']+)' that implements '[^']*FormatFactory')");

  private static final Pattern ENCOUNTERED = Pattern.compile("^Encountered \"([^\"]+)\" at line");
  private static final Pattern UNSUPPORTED =
      Pattern.compile(
          "(?s)Unsupported options:\\s*\\n\\s*\\n(.*?)\\n\\s*\\n\\s*Supported options:\\s*\\n\\s*\\n(.*)");

  private Hints() {}

  /**
   * Where the name stands and what it may have been meant to be; positions are the statement's
   * (1-based line and column in its text, the end inclusive).
   */
  record Hint(
      int line, int column, int endLine, int endColumn, List<String> suggestions, String sentence) {
    Hint(int line, int column, int endLine, int endColumn, List<String> suggestions) {
      this(line, column, endLine, endColumn, suggestions, DidYouMean.sentence(suggestions));
    }
  }

  /**
   * The hint for a problem, or null when it is not about a misspelled name or nothing in scope is
   * close enough.
   *
   * @param message the problem's message as shown
   * @param raw the messages of the error and its causes, as Flink wrote them
   * @param line where Flink placed the problem in the statement, 0 if it did not
   */
  static Hint find(
      Statement statement,
      String message,
      List<String> raw,
      Scope scope,
      int line,
      int column,
      int endLine,
      int endColumn) {
    Matcher m = COLUMN.matcher(message);
    if (m.find()) {
      return atIdentifier(
          statement,
          m.group(1),
          scope.columns(statement, m.group(2)),
          line,
          column,
          endLine,
          endColumn);
    }
    m = FUNCTION.matcher(message);
    if (m.find()) {
      return atIdentifier(
          statement, m.group(1), scope.functions(), line, column, endLine, endColumn);
    }
    m = TABLE.matcher(message);
    if (m.find()) {
      return atIdentifier(statement, m.group(1), scope.tables(), line, column, endLine, endColumn);
    }
    m = ENCOUNTERED.matcher(message);
    if (m.find() && line > 0) {
      // A syntax error names no misspelled name, but its token is the range to mark.
      return atIdentifier(statement, m.group(1), List.of(), line, column, endLine, endColumn);
    }
    m = CONNECTOR.matcher(message);
    if (m.find()) {
      return atLiteral(
          statement, m.group(1) != null ? m.group(1) : m.group(2), scope.connectors(), false);
    }
    m = FORMAT.matcher(message);
    if (m.find()) {
      return atLiteral(
          statement, m.group(1) != null ? m.group(1) : m.group(2), scope.formats(), false);
    }
    for (String r : raw) {
      m = UNSUPPORTED.matcher(r);
      if (m.find()) {
        List<String> unsupported = lines(m.group(1));
        List<String> supported = lines(m.group(2));
        if (!unsupported.isEmpty()) {
          Hint first = atLiteral(statement, unsupported.get(0), supported, true);
          if (unsupported.size() == 1 || first == null) {
            return first;
          }
          // The range and the quick fix are the first option's; the message names every one's.
          List<String> meant = new ArrayList<>();
          for (String option : unsupported) {
            List<String> closest = DidYouMean.suggest(option, supported);
            if (!closest.isEmpty()) {
              meant.add("'" + closest.get(0) + "' for '" + option + "'");
            }
          }
          return new Hint(
              first.line(),
              first.column(),
              first.endLine(),
              first.endColumn(),
              first.suggestions(),
              meant.isEmpty() ? "" : "Did you mean " + String.join(", ", meant) + "?");
        }
      }
    }
    return null;
  }

  private static List<String> lines(String paragraph) {
    String first = paragraph.split("\\n\\s*\\n")[0];
    List<String> names = new ArrayList<>();
    for (String l : first.split("\\n")) {
      if (!l.isBlank()) {
        names.add(l.strip());
      }
    }
    return names;
  }

  /**
   * A name Flink placed: the range narrowed to the identifier itself (a call's name, not its
   * arguments).
   */
  private static Hint atIdentifier(
      Statement statement,
      String name,
      Collection<String> candidates,
      int line,
      int column,
      int endLine,
      int endColumn) {
    List<String> suggestions = DidYouMean.suggest(name, candidates);
    if (line <= 0) {
      return suggestions.isEmpty() ? null : new Hint(0, 0, 0, 0, suggestions);
    }
    int start = offset(statement.text(), line, column);
    String text = statement.text();
    if (start >= 0) {
      if (text.regionMatches(true, start, name, 0, name.length())) {
        return new Hint(line, column, line, column + name.length() - 1, suggestions);
      }
      if (text.startsWith("`", start)
          && text.regionMatches(true, start + 1, name, 0, name.length())) {
        return new Hint(line, column, line, column + name.length() + 1, suggestions);
      }
    }
    return new Hint(
        line, column, endLine > 0 ? endLine : line, endLine > 0 ? endColumn : column, suggestions);
  }

  /**
   * A name written as a string literal in WITH (...): an option key ({@code 'topc' = ...}) or an
   * option value ({@code 'connector' = 'kafak'}); the range covers the literal with its quotes.
   */
  private static Hint atLiteral(
      Statement statement, String name, Collection<String> candidates, boolean key) {
    List<String> suggestions = DidYouMean.suggest(name, candidates);
    String quoted = "'" + name.replace("'", "''") + "'";
    Pattern literal =
        Pattern.compile(
            key ? Pattern.quote(quoted) + "\\s*=" : "=\\s*(" + Pattern.quote(quoted) + ")",
            Pattern.CASE_INSENSITIVE);
    Matcher m = literal.matcher(statement.text());
    if (!m.find()) {
      return suggestions.isEmpty() ? null : new Hint(0, 0, 0, 0, suggestions);
    }
    int start = key ? m.start() : m.start(1);
    int[] from = position(statement.text(), start);
    int[] to = position(statement.text(), start + quoted.length() - 1);
    return new Hint(from[0], from[1], to[0], to[1], suggestions);
  }

  /** The offset in the text of a 1-based line and column, or -1. */
  static int offset(String text, int line, int column) {
    int offset = 0;
    for (int l = 1; l < line; l++) {
      int nl = text.indexOf('\n', offset);
      if (nl < 0) {
        return -1;
      }
      offset = nl + 1;
    }
    int result = offset + column - 1;
    return result < text.length() ? result : -1;
  }

  /** The 1-based line and column of an offset in the text. */
  static int[] position(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }
}
