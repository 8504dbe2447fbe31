package dev.sluice.engine.api;

import java.util.List;

/** A script that cannot be compiled, with every problem located in the script. */
public class ScriptException extends RuntimeException {
  private final List<Problem> problems;

  public ScriptException(List<Problem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String summary(List<Problem> problems) {
    if (problems.isEmpty()) {
      return "The script is not valid";
    }
    return problems.size() == 1
        ? problems.get(0).toString()
        : problems.get(0) + " (and " + (problems.size() - 1) + " more)";
  }
}
