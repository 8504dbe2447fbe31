package dev.sluice.metrics;

import java.util.List;
import java.util.stream.Collectors;

/** A definition that cannot be used, with every problem found and where. */
public final class DefinitionException extends RuntimeException {
  private final List<Problem> problems;

  public DefinitionException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /**
   * @param path where in the definition, e.g. {@code metrics[3].windows[0].size}
   */
  public record Problem(String path, String message) {
    @Override
    public String toString() {
      return path + ": " + message;
    }
  }
}
