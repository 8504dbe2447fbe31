package dev.sluice.engine.flink.compile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a user may have meant by a name that does not exist, by edit distance. Commons Text (on
 * the engine's classpath through flink-core) has only plain Levenshtein, where a swap of two
 * letters ({@code kafak}) costs two edits; users' typos are often swaps, so this counts a swap of
 * neighbours as one edit (the optimal string alignment distance).
 */
final class DidYouMean {
  private static final int MAX_SUGGESTIONS = 3;

  private DidYouMean() {}

  /**
   * The closest candidates, best first (then alphabetically), at most three; none when every
   * candidate is too far off to be a typo of the name. Case is ignored for the distance: {@code
   * Amount} suggests {@code amount}.
   */
  static List<String> suggest(String name, Collection<String> candidates) {
    if (name == null || name.isEmpty()) {
      return List.of();
    }
    String wanted = name.toLowerCase(Locale.ROOT);
    int allowed = allowedEdits(wanted.length());
    record Scored(String name, int distance) {}
    Set<String> seen = new LinkedHashSet<>();
    List<Scored> scored = new ArrayList<>();
    for (String candidate : candidates) {
      if (candidate == null || candidate.equals(name) || !seen.add(candidate)) {
        continue;
      }
      int d = distance(wanted, candidate.toLowerCase(Locale.ROOT));
      if (d <= allowed && d < Math.max(wanted.length(), candidate.length())) {
        scored.add(new Scored(candidate, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
    return scored.stream().limit(MAX_SUGGESTIONS).map(Scored::name).toList();
  }

  /** How many edits still look like a typo: one in a short name, up to three in a long one. */
  static int allowedEdits(int length) {
    if (length <= 4) {
      return 1;
    }
    return length <= 9 ? 2 : 3;
  }

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
   * neighbouring characters, each one edit.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }

  /** The sentence appended to a message: {@code Did you mean 'amount'?}, or empty. */
  static String sentence(List<String> suggestions) {
    if (suggestions.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("Did you mean ");
    for (int i = 0; i < suggestions.size(); i++) {
      if (i > 0) {
        out.append(i == suggestions.size() - 1 ? " or " : ", ");
      }
      out.append('\'').append(suggestions.get(i)).append('\'');
    }
    return out.append('?').toString();
  }
}
