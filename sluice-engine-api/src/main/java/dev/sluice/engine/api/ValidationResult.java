package dev.sluice.engine.api;

import java.util.List;

/** The statements of a script and every problem found in them; valid when there are no problems. */
public record ValidationResult(List<StatementInfo> statements, List<Problem> problems) {
  public ValidationResult {
    statements = List.copyOf(statements);
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  public long insertCount() {
    return statements.stream().filter(s -> s.kind().equals("INSERT")).count();
  }
}
