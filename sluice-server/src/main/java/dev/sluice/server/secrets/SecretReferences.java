package dev.sluice.server.secrets;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and resolves {@code ${secret:name}} references in a Flink SQL script.
 *
 * <p>A reference is resolved only inside the value of an option, {@code 'key' = '...'} in a {@code
 * WITH (...)} clause or an {@code OPTIONS(...)} hint: that is where credentials belong, and a value
 * there reaches a connector, never a row. A reference anywhere else in a string literal, or outside
 * any literal, is refused (it would put the value into rows, the job's configuration or a plan).
 * References inside comments are not references: a comment does not run, so it is left as written.
 */
public final class SecretReferences {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]{1,128})}");
  private static final String START = "${secret:";

  private SecretReferences() {}

  /** Where a reference stands in the script. */
  public enum Position {
    /** The value of a {@code WITH} or {@code OPTIONS} option: resolved at submit. */
    OPTION_VALUE,
    /** Any other string literal: refused. */
    OTHER_LITERAL,
    /** Not in a string literal at all: refused. */
    OUTSIDE_LITERAL
  }

  /**
   * One reference.
   *
   * @param start offset of {@code $} in the script
   * @param end offset just after the closing brace
   * @param line 1-based line of {@code $}
   * @param column 1-based column of {@code $}
   * @param unicodeLiteral whether it stands in a {@code U&'...'} literal, where a backslash escapes
   */
  public record Reference(
      String name,
      int start,
      int end,
      int line,
      int column,
      Position position,
      boolean unicodeLiteral) {
    public Reference {
      requireNonNull(name, "name is null");
      requireNonNull(position, "position is null");
    }
  }

  /** Every reference of the script, in order, outside comments. */
  public static List<Reference> find(String script) {
    return new Scanner(script).scan();
  }

  /**
   * The script with each option-value reference replaced by its value, escaped for the string
   * literal it lands in.
   *
   * @param values the value of a secret by name; only called for option-value references
   * @throws IllegalArgumentException when a reference stands outside an option value
   */
  public static String resolve(String script, Function<String, String> values) {
    StringBuilder out = new StringBuilder(script.length());
    int at = 0;
    for (Reference r : find(script)) {
      if (r.position() != Position.OPTION_VALUE) {
        throw new IllegalArgumentException(
            "secret '" + r.name() + "' at " + r.line() + ":" + r.column() + " " + misplaced());
      }
      out.append(script, at, r.start());
      out.append(escape(values.apply(r.name()), r.unicodeLiteral()));
      at = r.end();
    }
    return out.append(script, at, script.length()).toString();
  }

  /** Why a reference outside an option value is refused, in words for the script's author. */
  public static String misplaced() {
    return "is referenced outside an option value: a secret may only be the value of a WITH or"
        + " OPTIONS option, as in 'password' = '${secret:name}'";
  }

  /**
   * A value as the content of a Flink SQL string literal: a quote is doubled; in a {@code U&'...'}
   * literal a backslash starts an escape, so it is doubled too.
   */
  static String escape(String value, boolean unicodeLiteral) {
    String quoted = value.replace("'", "''");
    return unicodeLiteral ? quoted.replace("\\", "\\\\") : quoted;
  }

  /** A small lexer: comments, string literals, quoted identifiers, words and punctuation. */
  private static final class Scanner {
    private final String s;
    private final List<Reference> found = new ArrayList<>();
    // For each open parenthesis: whether it opens a WITH (...) or OPTIONS(...) option list.
    private final Deque<Boolean> parens = new ArrayDeque<>();
    // The last significant tokens, newest last: "(", ")", ",", "=", "'" (a string literal), words.
    private final List<String> recent = new ArrayList<>();
    private int i;

    Scanner(String script) {
      this.s = script;
    }

    List<Reference> scan() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '-' && s.startsWith("--", i)) {
          int nl = s.indexOf('\n', i);
          i = nl < 0 ? s.length() : nl + 1;
        } else if (c == '/' && s.startsWith("/*+", i)) {
          i += 3; // a hint is read as SQL: its OPTIONS(...) hold option values
        } else if (c == '/' && s.startsWith("/*", i)) {
          int close = s.indexOf("*/", i + 2);
          i = close < 0 ? s.length() : close + 2;
        } else if (c == '*' && s.startsWith("*/", i)) {
          i += 2;
        } else if (c == '\'') {
          literal();
        } else if (c == '`') {
          int close = i + 1;
          while (close < s.length()) {
            if (s.charAt(close) == '`') {
              if (close + 1 < s.length() && s.charAt(close + 1) == '`') {
                close += 2;
                continue;
              }
              break;
            }
            close++;
          }
          outside(i, Math.min(close + 1, s.length()));
          i = close + 1;
          push("`");
        } else if (c == '$' && s.startsWith(START, i)) {
          Matcher m = REFERENCE.matcher(s).region(i, s.length());
          if (m.lookingAt()) {
            add(m.group(1), i, m.end(), Position.OUTSIDE_LITERAL, false);
            i = m.end();
          } else {
            i++;
          }
        } else if (Character.isLetterOrDigit(c) || c == '_') {
          int end = i;
          while (end < s.length()
              && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
            end++;
          }
          push(s.substring(i, end).toUpperCase(Locale.ROOT));
          i = end;
        } else if (c == '(') {
          String before = recent.isEmpty() ? "" : recent.get(recent.size() - 1);
          parens.push(before.equals("WITH") || before.equals("OPTIONS"));
          push("(");
          i++;
        } else if (c == ')') {
          if (!parens.isEmpty()) {
            parens.pop();
          }
          push(")");
          i++;
        } else if (c == ',' || c == '=') {
          push(String.valueOf(c));
          i++;
        } else {
          if (!Character.isWhitespace(c)) {
            push(String.valueOf(c));
          }
          i++;
        }
      }
      return List.copyOf(found);
    }

    /** A string literal from its opening quote; {@code ''} inside it is a quote. */
    private void literal() {
      boolean unicode =
          recent.size() >= 2
              && recent.get(recent.size() - 1).equals("&")
              && recent.get(recent.size() - 2).equals("U")
              && i >= 2
              && s.charAt(i - 1) == '&';
      // U&'...' is read as one literal: its prefix tokens are not part of what precedes it.
      int n = recent.size() - (unicode ? 2 : 0);
      boolean optionValue =
          !parens.isEmpty()
              && parens.peek()
              && n >= 3
              && recent.get(n - 1).equals("=")
              && recent.get(n - 2).equals("'")
              && (recent.get(n - 3).equals("(") || recent.get(n - 3).equals(","));
      int close = i + 1;
      while (close < s.length()) {
        if (s.charAt(close) == '\'') {
          if (close + 1 < s.length() && s.charAt(close + 1) == '\'') {
            close += 2;
            continue;
          }
          break;
        }
        close++;
      }
      int end = Math.min(close, s.length());
      Matcher m = REFERENCE.matcher(s).region(i + 1, end);
      while (m.find()) {
        add(
            m.group(1),
            m.start(),
            m.end(),
            optionValue ? Position.OPTION_VALUE : Position.OTHER_LITERAL,
            unicode);
      }
      i = close + 1;
      push("'");
    }

    /** References inside a quoted identifier: never resolved. */
    private void outside(int from, int to) {
      Matcher m = REFERENCE.matcher(s).region(from, to);
      while (m.find()) {
        add(m.group(1), m.start(), m.end(), Position.OUTSIDE_LITERAL, false);
      }
    }

    private void add(String name, int start, int end, Position position, boolean unicode) {
      int line = 1;
      int lineStart = 0;
      for (int k = 0; k < start; k++) {
        if (s.charAt(k) == '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      found.add(new Reference(name, start, end, line, start - lineStart + 1, position, unicode));
    }

    private void push(String token) {
      recent.add(token);
      if (recent.size() > 6) {
        recent.remove(0);
      }
    }
  }
}
