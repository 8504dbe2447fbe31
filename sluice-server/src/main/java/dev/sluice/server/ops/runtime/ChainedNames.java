package dev.sluice.server.ops.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The operator names in the name Flink gives a vertex: chained operators are written {@code a ->
 * b}, a chain that forks into several as {@code a -> (b -> c, d)}. Flink 1.20's REST API has no
 * other list of a running vertex's operators. Brackets and parentheses inside an operator's own
 * name ({@code Calc(select=[a, b])}) are skipped over.
 */
final class ChainedNames {
  private static final String ARROW = " -> ";

  private ChainedNames() {}

  /** The operators, head first, forks in the order Flink wrote them; the whole name if in doubt. */
  static List<String> of(String vertexName) {
    if (vertexName == null || vertexName.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    chain(vertexName.strip(), out);
    return out.stream().anyMatch(String::isEmpty) ? List.of(vertexName) : List.copyOf(out);
  }

  private static void chain(String text, List<String> out) {
    int arrow = topLevel(text, ARROW);
    if (arrow < 0) {
      out.add(text.strip());
      return;
    }
    out.add(text.substring(0, arrow).strip());
    String rest = text.substring(arrow + ARROW.length()).strip();
    if (rest.startsWith("(") && closing(rest) == rest.length() - 1) {
      String inner = rest.substring(1, rest.length() - 1);
      int from = 0;
      int comma;
      while ((comma = topLevel(inner.substring(from), ", ")) >= 0) {
        chain(inner.substring(from, from + comma), out);
        from += comma + 2;
      }
      chain(inner.substring(from), out);
    } else {
      chain(rest, out);
    }
  }

  /** The first index of the separator outside any brackets, or -1. */
  private static int topLevel(String text, String separator) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && text.startsWith(separator, i)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the bracket closing the one at 0, or -1. */
  private static int closing(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }
}
