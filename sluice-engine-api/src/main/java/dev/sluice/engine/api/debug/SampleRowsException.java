package dev.sluice.engine.api.debug;

import java.util.List;
import java.util.stream.Collectors;

/** Sample rows, or the tables they name, that do not fit the script. */
public final class SampleRowsException extends RuntimeException {
  private final List<RowProblem> problems;

  public SampleRowsException(List<RowProblem> problems) {
    super(problems.stream().map(RowProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<RowProblem> problems() {
    return problems;
  }

  /**
   * What is wrong and where.
   *
   * @param table the table as named in the request
   * @param row the row's number (1-based), 0 for the table itself
   * @param column the column, or null
   * @param message what is wrong
   */
  public record RowProblem(String table, int row, String column, String message) {
    @Override
    public String toString() {
      return table
          + (row > 0 ? " row " + row : "")
          + (column != null ? " column " + column : "")
          + ": "
          + message;
    }
  }
}
