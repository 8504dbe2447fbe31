package dev.sluice.engine.flink.compile;

import dev.sluice.engine.api.Problem;
import dev.sluice.engine.flink.script.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Turns what Flink throws into a {@link Problem} a SQL user can act on: the position moved from the
 * statement's text to the script, the message taken from the most specific cause, with Flink's
 * boilerplate (class names, option dumps, stack-trace hints) left out.
 */
final class ProblemReporter {
  private static final Pattern POSITION =
      Pattern.compile("(?i)(?:at|from) line (\\d+), column (\\d+)");
  private static final Pattern POSITION_IN_TEXT =
      Pattern.compile("(?i)\\b(at|from|to) line (\\d+), column (\\d+)");
  private static final Pattern FROM_PREFIX =
      Pattern.compile(
          "^(?:From line \\d+, column \\d+ to line \\d+, column \\d+|At line \\d+, column \\d+): ");
  private static final Pattern EXPECTING = Pattern.compile("(?s)Was expecting( one of)?:(.*)");
  private static final List<String> NOISE_PREFIXES =
      List.of(
          "SQL validation failed. ", "SQL parse failed. ", "Failed to execute sql", "org.apache.");
  private static final int MAX_ALTERNATIVES = 8;
  private static final Pattern OBJECT_TO_STRING =
      Pattern.compile("(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)@[0-9a-f]{4,}");

  private ProblemReporter() {}

  static Problem problem(Statement statement, Throwable error) {
    return problem(statement, error, Scope.NONE);
  }

  /**
   * The problem of a statement Flink refused, at the offending token's range in the script, with
   * the names the user may have meant (taken from {@code scope}) for a misspelled table, column,
   * function, connector, format or connector option.
   */
  static Problem problem(Statement statement, Throwable error, Scope scope) {
    java.util.Optional<Problem> known = UnsupportedSyntax.explain(statement);
    if (known.isPresent()) {
      return known.get();
    }
    List<String> messages = new ArrayList<>();
    int line = 0;
    int column = 0;
    int endLine = 0;
    int endColumn = 0;
    Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      String m = t.getMessage();
      if (m == null || m.isBlank()) {
        continue;
      }
      if (line == 0
          && t instanceof SqlParseException parse
          && parse.getPos() != null
          && parse.getPos().getLineNum() > 0) {
        line = parse.getPos().getLineNum();
        column = parse.getPos().getColumnNum();
        endLine = parse.getPos().getEndLineNum();
        endColumn = parse.getPos().getEndColumnNum();
      } else if (line == 0
          && t instanceof CalciteContextException context
          && context.getPosLine() > 0) {
        line = context.getPosLine();
        column = context.getPosColumn();
        endLine = context.getEndPosLine();
        endColumn = context.getEndPosColumn();
      }
      if (line == 0) {
        Matcher p = POSITION.matcher(m);
        if (p.find()) {
          line = Integer.parseInt(p.group(1));
          column = Integer.parseInt(p.group(2));
        }
      }
      messages.add(m);
    }
    return build(
        statement,
        inScript(statement, message(messages, error)),
        messages,
        scope,
        line,
        column,
        endLine,
        endColumn);
  }

  /** A problem Sluice itself found, with a hint if it is about a misspelled name. */
  static Problem problem(Statement statement, String message, Scope scope) {
    return build(statement, message, List.of(message), scope, 0, 0, 0, 0);
  }

  private static Problem build(
      Statement statement,
      String message,
      List<String> raw,
      Scope scope,
      int line,
      int column,
      int endLine,
      int endColumn) {
    Hints.Hint hint = Hints.find(statement, message, raw, scope, line, column, endLine, endColumn);
    List<String> suggestions = List.of();
    if (hint != null) {
      suggestions = hint.suggestions();
      if (!hint.sentence().isEmpty()) {
        message =
            message
                + (message.endsWith(".") || message.endsWith("?") ? " " : ". ")
                + hint.sentence();
      }
      if (hint.line() > 0) {
        line = hint.line();
        column = hint.column();
        endLine = hint.endLine();
        endColumn = hint.endColumn();
      }
    }
    if (line <= 0) {
      return new Problem(
          statement.number(),
          statement.line(),
          statement.column(),
          message,
          statement.line(),
          statement.column(),
          suggestions);
    }
    int[] at = statement.toScriptPosition(line, column);
    int[] end =
        endLine > 0 ? statement.toScriptPosition(endLine, endColumn) : new int[] {at[0], at[1]};
    return new Problem(statement.number(), at[0], at[1], message, end[0], end[1], suggestions);
  }

  /**
   * Flink's message with the positions it names inside the statement ({@code at line 1, column 60})
   * moved to the script's, the numbers the problem itself carries.
   */
  static String inScript(Statement statement, String message) {
    Matcher m = POSITION_IN_TEXT.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int[] at =
          statement.toScriptPosition(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(1) + " line " + at[0] + ", column " + at[1]));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A problem at a position the parser gave inside the statement, or at its start without one. */
  static Problem problem(Statement statement, SqlParserPos position, String message) {
    if (position == null || position.getLineNum() <= 0) {
      return problem(statement, message);
    }
    int[] at = statement.toScriptPosition(position.getLineNum(), position.getColumnNum());
    return new Problem(statement.number(), at[0], at[1], message);
  }

  static Problem problem(Statement statement, String message) {
    return new Problem(statement.number(), statement.line(), statement.column(), message);
  }

  private static String message(List<String> messages, Throwable error) {
    if (messages.isEmpty()) {
      return "Flink could not compile the statement and gave no reason";
    }
    Set<String> parts = new LinkedHashSet<>();
    // The outermost message says what was being done; the innermost says why it failed.
    String outer = clean(messages.get(0));
    String inner = clean(messages.get(messages.size() - 1));
    if (!outer.isEmpty() && !inner.contains(outer) && !isGeneric(outer)) {
      parts.add(outer);
    }
    parts.add(inner.isEmpty() ? outer : inner);
    return String.join(": ", parts);
  }

  private static boolean isGeneric(String message) {
    return message.startsWith("Encountered")
        || message.startsWith("SQL ")
        || message.equals("Unexpected error")
        || message.startsWith("Could not execute");
  }

  private static String clean(String raw) {
    String m = raw.strip();
    boolean stripped = true;
    while (stripped) {
      stripped = false;
      for (String prefix : NOISE_PREFIXES) {
        if (m.startsWith(prefix) && !prefix.equals("org.apache.")) {
          m = m.substring(prefix.length()).strip();
          stripped = true;
        }
      }
    }
    m = FROM_PREFIX.matcher(m).replaceFirst("");
    // A Java object's toString ("org.apache.flink...CreateTableASOperation@7d315e61") says nothing
    // to a SQL user: keep its simple name.
    m = OBJECT_TO_STRING.matcher(m).replaceAll("$1");
    // Exceptions wrapped as "org.apache.x.YException: message": keep the message.
    m = m.replaceAll("^(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error): ", "");
    Matcher expecting = EXPECTING.matcher(m);
    if (expecting.find()) {
      String[] options = expecting.group(2).strip().split("\\s*\\.\\.\\.\\s*|\\n\\s*");
      List<String> shown = new ArrayList<>();
      for (String o : options) {
        if (!o.isBlank() && shown.size() < MAX_ALTERNATIVES) {
          shown.add(o.strip());
        }
      }
      String more = options.length > MAX_ALTERNATIVES ? ", ..." : "";
      m =
          m.substring(0, expecting.start()).strip()
              + " Expected one of: "
              + String.join(", ", shown)
              + more;
    }
    // Flink appends option dumps and class lists in paragraphs: keep the first paragraph, and a
    // following list of names in one line (e.g. missing options or available connectors).
    String[] paragraphs = m.split("\\n\\s*\\n");
    StringBuilder out = new StringBuilder(paragraphs[0].replaceAll("\\s*\\n\\s*", " ").strip());
    for (int i = 1; i + 1 < paragraphs.length; i += 2) {
      String heading = paragraphs[i].strip();
      if (heading.startsWith("Missing required options")
          || heading.startsWith("Available factory identifiers")
          || heading.startsWith("Unsupported options")) {
        String list = String.join(", ", paragraphs[i + 1].strip().split("\\s*\\n\\s*"));
        out.append(' ')
            .append(heading.endsWith(":") ? heading : heading + ":")
            .append(' ')
            .append(list);
      }
    }
    String result = out.toString().strip();
    if (result.endsWith(".")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
