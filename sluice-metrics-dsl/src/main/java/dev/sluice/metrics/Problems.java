package dev.sluice.metrics;

import dev.sluice.metrics.DefinitionException.Problem;
import java.util.ArrayList;
import java.util.List;

/** The problems found in a definition so far, so that one answer lists every mistake. */
final class Problems {
  private final List<Problem> found = new ArrayList<>();

  void add(String path, String message) {
    found.add(new Problem(path, message));
  }

  void add(Problem problem) {
    found.add(problem);
  }

  /** Notes the problem unless {@code ok}; returns {@code ok}. */
  boolean check(boolean ok, String path, String message) {
    if (!ok) {
      add(path, message);
    }
    return ok;
  }

  /**
   * Checks a name: lower-case, and (when valid) {@code free} of clashes, else {@code clash} is
   * noted. Returns whether the name itself is valid.
   */
  boolean name(String name, String path, boolean free, String clash) {
    if (!check(
        name != null && DefinitionValidator.NAME.matcher(name).matches(),
        path,
        "a lower-case name")) {
      return false;
    }
    check(free, path, clash);
    return true;
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new DefinitionException(found);
    }
  }
}
