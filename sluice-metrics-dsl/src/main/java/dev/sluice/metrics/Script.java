package dev.sluice.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The statements of a compiled script in order, each with the definition path it came from. */
final class Script {
  private final List<String> statements = new ArrayList<>();
  private final Map<Integer, String> paths = new LinkedHashMap<>();
  private int count;

  /**
   * Adds a statement (a leading comment or SET shares a statement with what follows only if no ';'
   * separates them, so one text may be several statements, as the engine counts them).
   */
  void add(String statement, String path) {
    int statements = terminators(statement);
    for (int i = 0; i < statements; i++) {
      paths.put(++count, path);
    }
    this.statements.add(statement);
  }

  /** The texts added, in order. */
  List<String> statements() {
    return List.copyOf(statements);
  }

  /** The definition path of each statement, by statement number (from 1), as the engine counts. */
  Map<Integer, String> paths() {
    return java.util.Collections.unmodifiableMap(paths);
  }

  String text() {
    return String.join("\n\n", statements).strip() + "\n";
  }

  /**
   * The ';' that end statements: not those in quotes (option values, identifiers) or comments, by
   * the rules the engine splits scripts with.
   */
  static int terminators(String sql) {
    int count = 0;
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0; // a doubled quote toggles twice
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 1;
      } else if (c == ';') {
        count++;
      }
    }
    return count;
  }
}
