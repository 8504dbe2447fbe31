package dev.sluice.metrics;

import dev.sluice.metrics.DefinitionException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A SQL expression of a definition (a filter, a derived field or metric), split into tokens by the
 * lexical rules of Flink SQL: string literals ({@code 'it''s'}), quoted identifiers ({@code `a``b`}
 * and {@code "a"}), comments, words and everything else. Generated SQL only ever splices an
 * expression through its tokens, so that a comment cannot swallow what follows it and a name is
 * only ever replaced where it is a name.
 *
 * <p>Comments are stripped: each becomes a space, which is what Flink's own parser makes of one, so
 * the expression means exactly what it would alone, and stored definitions with comments keep
 * compiling. (Spliced as written, {@code amount > 0 -- positive} would comment out the closing
 * parenthesis of the generated statement.)
 */
final class SqlExpression {
  enum Kind {
    WORD,
    QUOTED_IDENTIFIER,
    STRING,
    OTHER
  }

  /**
   * @param text as written (a quoted identifier or a literal with its quotes)
   */
  record Token(Kind kind, String text) {
    /** The name a word or quoted identifier stands for. */
    String name() {
      return switch (kind) {
        case WORD -> text;
        case QUOTED_IDENTIFIER -> {
          String quote = text.substring(0, 1);
          yield text.substring(1, text.length() - 1).replace(quote + quote, quote);
        }
        default -> null;
      };
    }
  }

  private final List<Token> tokens;

  private SqlExpression(List<Token> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  List<Token> tokens() {
    return tokens;
  }

  /**
   * Tokenizes an expression.
   *
   * @param path where in the definition it was written, for the problem of an unterminated quote or
   *     comment
   */
  static SqlExpression parse(String text, String path) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '`' || c == '"') {
        int end = closing(text, i, c);
        if (end < 0) {
          throw problem(
              path,
              (c == '\'' ? "a string literal" : "a quoted name")
                  + " starting at character "
                  + (i + 1)
                  + " is not closed: write "
                  + c
                  + c
                  + " for a "
                  + c
                  + " inside it");
        }
        tokens.add(
            new Token(
                c == '\'' ? Kind.STRING : Kind.QUOTED_IDENTIFIER, text.substring(i, end + 1)));
        i = end + 1;
      } else if (text.startsWith("--", i)) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
        tokens.add(new Token(Kind.OTHER, " "));
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        if (end < 0) {
          throw problem(
              path, "a comment starting at character " + (i + 1) + " is not closed with */");
        }
        i = end + 2;
        tokens.add(new Token(Kind.OTHER, " "));
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        int end = i + 1;
        while (end < n
            && (Character.isLetterOrDigit(text.charAt(end))
                || text.charAt(end) == '_'
                || text.charAt(end) == '$')) {
          end++;
        }
        tokens.add(new Token(Kind.WORD, text.substring(i, end)));
        i = end;
      } else {
        int end = i;
        while (end < n && isOther(text, end)) {
          if (Character.isDigit(text.charAt(end))) {
            // A number's letters (1e3, 0x1F) are part of it, not a name.
            while (end < n
                && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.')) {
              end++;
            }
          } else {
            end++;
          }
        }
        tokens.add(new Token(Kind.OTHER, text.substring(i, end)));
        i = end;
      }
    }
    return new SqlExpression(tokens);
  }

  private static boolean isOther(String text, int at) {
    char c = text.charAt(at);
    return !(Character.isLetter(c)
        || c == '_'
        || c == '$'
        || c == '\''
        || c == '`'
        || c == '"'
        || text.startsWith("--", at)
        || text.startsWith("/*", at));
  }

  /** The index of the quote closing the one at {@code start}; a doubled quote is inside. */
  private static int closing(String text, int start, char quote) {
    int i = start + 1;
    while (i < text.length()) {
      if (text.charAt(i) == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }

  private static DefinitionException problem(String path, String message) {
    return new DefinitionException(List.of(new Problem(path, message)));
  }

  /** The expression as SQL, comments stripped, with nothing after it to swallow. */
  String sql() {
    StringBuilder out = new StringBuilder();
    tokens.forEach(t -> out.append(t.text()));
    return out.toString().strip();
  }

  /**
   * The names the expression refers to: words and quoted identifiers that are not a function call's
   * name, a keyword-like word followed by '(' or a field of something ({@code e.amount}).
   */
  List<String> references() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (isReference(i)) {
        out.add(tokens.get(i).name());
      }
    }
    return out;
  }

  /**
   * A copy with each reference that {@code replacement} maps replaced by its SQL; literals,
   * function names and qualified fields stay as they are.
   */
  SqlExpression replace(Function<String, String> replacement) {
    List<Token> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String sql = isReference(i) ? replacement.apply(tokens.get(i).name()) : null;
      out.add(sql == null ? tokens.get(i) : new Token(Kind.OTHER, sql));
    }
    return new SqlExpression(out);
  }

  private boolean isReference(int i) {
    Token t = tokens.get(i);
    if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED_IDENTIFIER) {
      return false;
    }
    Token before = previous(i);
    Token after = next(i);
    boolean qualified =
        before != null && before.kind() == Kind.OTHER && before.text().strip().endsWith(".");
    boolean call =
        t.kind() == Kind.WORD
            && after != null
            && after.kind() == Kind.OTHER
            && after.text().strip().startsWith("(");
    return !qualified && !call;
  }

  private Token previous(int i) {
    for (int j = i - 1; j >= 0; j--) {
      if (!tokens.get(j).text().isBlank()) {
        return tokens.get(j);
      }
    }
    return null;
  }

  private Token next(int i) {
    for (int j = i + 1; j < tokens.size(); j++) {
      if (!tokens.get(j).text().isBlank()) {
        return tokens.get(j);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return sql();
  }
}
