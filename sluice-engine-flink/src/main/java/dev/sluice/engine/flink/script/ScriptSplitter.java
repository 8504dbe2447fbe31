package dev.sluice.engine.flink.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Flink SQL script into statements at the semicolons that are not inside a string literal,
 * a quoted identifier or a comment, remembering where each statement starts.
 *
 * <p>Both statement-set forms are understood: {@code BEGIN STATEMENT SET; ...; END;} (the SQL
 * client's) and {@code EXECUTE STATEMENT SET BEGIN ...; ...; END;} (the SQL syntax). Inside a set
 * only INSERT statements are allowed; the splitter reports the markers as statements of their own
 * so that the compiler can check that.
 */
public final class ScriptSplitter {
  /** {@code -- @name: pay_cnt} in the comments before a statement names it. */
  private static final Pattern NAME = Pattern.compile("@name:\\s*([A-Za-z0-9_.\\-]+)");

  private ScriptSplitter() {}

  public static List<Statement> split(String script) {
    List<Statement> statements = new ArrayList<>();
    int length = script.length();
    int start = -1; // offset of the current statement's first token, -1 before it
    int segment =
        0; // offset just after the previous semicolon: comments from here belong to the next
    // statement
    int line = 1;
    int column = 1;
    int startLine = 1;
    int startColumn = 1;
    boolean inSet = false;
    int i = 0;
    while (i <= length) {
      if (i == length || script.charAt(i) == ';') {
        if (start >= 0) {
          String text = script.substring(start, i).stripTrailing();
          String leading = script.substring(segment, start);
          Statement s =
              classify(statements.size() + 1, text, startLine, startColumn, inSet, leading);
          if (s.kind() == StatementKind.BEGIN_STATEMENT_SET) {
            inSet = true;
            String rest = afterExecuteStatementSetBegin(text);
            if (rest != null) {
              // EXECUTE STATEMENT SET BEGIN INSERT ...: the marker and the first INSERT share a
              // text.
              statements.add(s);
              int offset = text.length() - rest.length();
              int[] pos = advance(text, 0, offset, startLine, startColumn);
              s =
                  classify(
                      statements.size() + 1, rest, pos[0], pos[1], true, text.substring(0, offset));
            }
          } else if (s.kind() == StatementKind.END) {
            inSet = false;
          }
          statements.add(s);
        }
        start = -1;
        i++;
        column++;
        segment = i;
        continue;
      }
      char c = script.charAt(i);
      if (c == '\n') {
        line++;
        column = 1;
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        column++;
        continue;
      }
      if (c == '-' && i + 1 < length && script.charAt(i + 1) == '-') {
        while (i < length && script.charAt(i) != '\n') {
          i++;
        }
        continue; // the newline is counted above
      }
      if (c == '/' && i + 1 < length && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        int stop = end < 0 ? length : end + 2;
        int[] pos = advance(script, i, stop, line, column);
        line = pos[0];
        column = pos[1];
        i = stop;
        continue;
      }
      if (start < 0) {
        start = i;
        startLine = line;
        startColumn = column;
      }
      if (c == '\'' || c == '`' || c == '"') {
        int stop = endOfQuoted(script, i, c);
        int[] pos = advance(script, i, stop, line, column);
        line = pos[0];
        column = pos[1];
        i = stop;
        continue;
      }
      i++;
      column++;
    }
    return statements;
  }

  /** Offset just after the quoted token starting at {@code from}; a doubled quote is an escape. */
  private static int endOfQuoted(String s, int from, char quote) {
    int i = from + 1;
    while (i < s.length()) {
      if (s.charAt(i) == quote) {
        if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return s.length();
  }

  private static int[] advance(String s, int from, int to, int line, int column) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }

  private static Statement classify(
      int number, String text, int line, int column, boolean inSet, String leading) {
    List<String> w = words(text, 4);
    StatementKind kind = kindOf(w);
    Matcher name = NAME.matcher(leading);
    Optional<String> given = Optional.empty();
    while (name.find()) {
      given = Optional.of(name.group(1)); // the last annotation before the statement wins
    }
    return new Statement(
        number, kind, text, line, column, inSet && kind != StatementKind.END, given);
  }

  static StatementKind kindOf(List<String> w) {
    String first = w.isEmpty() ? "" : w.get(0);
    String second = w.size() > 1 ? w.get(1) : "";
    switch (first) {
      case "SET":
        return StatementKind.SET;
      case "RESET":
        return StatementKind.RESET;
      case "USE":
        return StatementKind.USE;
      case "INSERT":
        return StatementKind.INSERT;
      case "SELECT":
      case "WITH":
      case "VALUES":
        return StatementKind.SELECT;
      case "DROP":
        return StatementKind.DROP;
      case "ALTER":
        return StatementKind.ALTER;
      case "END":
        return w.size() == 1 ? StatementKind.END : StatementKind.OTHER;
      case "BEGIN":
        return second.equals("STATEMENT") ? StatementKind.BEGIN_STATEMENT_SET : StatementKind.OTHER;
      case "EXECUTE":
        if (second.equals("STATEMENT")) {
          return StatementKind.BEGIN_STATEMENT_SET;
        }
        return second.equals("INSERT") ? StatementKind.INSERT : StatementKind.OTHER;
      case "CREATE":
        int k = 1;
        while (k < w.size()
            && (w.get(k).equals("TEMPORARY")
                || w.get(k).equals("SYSTEM")
                || w.get(k).equals("OR")
                || w.get(k).equals("REPLACE"))) {
          k++;
        }
        String what = k < w.size() ? w.get(k) : "";
        return switch (what) {
          case "TABLE" -> StatementKind.CREATE_TABLE;
          case "VIEW" -> StatementKind.CREATE_VIEW;
          case "FUNCTION" -> StatementKind.CREATE_FUNCTION;
          case "CATALOG" -> StatementKind.CREATE_CATALOG;
          case "DATABASE" -> StatementKind.CREATE_DATABASE;
          default -> StatementKind.OTHER;
        };
      default:
        return StatementKind.OTHER;
    }
  }

  /** For {@code EXECUTE STATEMENT SET BEGIN <insert>}: the text from the insert on, else null. */
  private static String afterExecuteStatementSetBegin(String text) {
    List<String> w = words(text, 5);
    if (w.size() >= 5 && w.get(0).equals("EXECUTE") && w.get(3).equals("BEGIN")) {
      int at = indexOfWord(text, 4);
      return at < 0 ? null : text.substring(at);
    }
    return null;
  }

  /** The first {@code max} words (upper-cased), skipping comments. */
  static List<String> words(String text, int max) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < text.length() && words.size() < max) {
      int at = nextWordStart(text, i);
      if (at < 0) {
        break;
      }
      int end = at;
      while (end < text.length()
          && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
        end++;
      }
      if (end == at) {
        end = at + 1; // punctuation counts as a word of its own
      }
      words.add(text.substring(at, end).toUpperCase(Locale.ROOT));
      i = end;
    }
    return words;
  }

  private static int indexOfWord(String text, int index) {
    int i = 0;
    for (int n = 0; ; n++) {
      int at = nextWordStart(text, i);
      if (at < 0) {
        return -1;
      }
      if (n == index) {
        return at;
      }
      int end = at;
      while (end < text.length()
          && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
        end++;
      }
      i = end == at ? at + 1 : end;
    }
  }

  private static int nextWordStart(String text, int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        int nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length() : nl + 1;
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
      } else {
        return i;
      }
    }
    return -1;
  }
}
