package dev.sluice.server.ops.quality;

import java.util.Collection;
import java.util.Locale;

/** "did you mean" for a name that is not among the known ones. */
final class Suggestions {
  private Suggestions() {}

  /** The known name closest to the given one (case aside, at most 2 edits away), or null. */
  static String closest(String given, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(given.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.min(2, Math.max(1, given.length() / 3)) ? best : null;
  }

  /** {@code ; did you mean 'amount'?} or nothing. */
  static String hint(String given, Collection<String> known) {
    String c = closest(given, known);
    return c == null ? "" : "; did you mean '" + c + "'?";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
