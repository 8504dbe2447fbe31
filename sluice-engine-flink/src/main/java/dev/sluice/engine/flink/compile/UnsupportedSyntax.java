package dev.sluice.engine.flink.compile;

import dev.sluice.engine.api.Problem;
import dev.sluice.engine.flink.script.Statement;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUnnestOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * SQL that Flink 1.20's parser accepts but its planner cannot run, and reports only with an
 * internal error: asked after a statement failed to plan, so that the user reads what to change, at
 * the construct's own line and column.
 */
final class UnsupportedSyntax {
  private UnsupportedSyntax() {}

  static Optional<Problem> explain(Statement statement) {
    Optional<SqlNode> parsed = dev.sluice.engine.flink.state.StatementIdentity.parse(statement);
    return parsed.flatMap(UnsupportedSyntax::find).map(found -> problem(statement, found));
  }

  private record Found(SqlParserPos position, String message) {}

  private static Optional<Found> find(SqlNode node) {
    if (node instanceof SqlNodeList list) {
      for (SqlNode child : list) {
        Optional<Found> f = child == null ? Optional.empty() : find(child);
        if (f.isPresent()) {
          return f;
        }
      }
    } else if (node instanceof SqlCall call) {
      if (call.getKind() == SqlKind.UNNEST
          && call.getOperator() instanceof SqlUnnestOperator unnest
          && unnest.withOrdinality) {
        return Optional.of(
            new Found(
                call.getParserPosition(),
                "UNNEST ... WITH ORDINALITY is not supported by Flink 1.20: remove WITH ORDINALITY"
                    + " (to number the elements, unnest them with a table function that returns"
                    + " the position)"));
      }
      java.util.List<SqlNode> operands;
      try {
        operands = call.getOperandList();
      } catch (UnsupportedOperationException e) {
        return Optional.empty();
      }
      for (SqlNode operand : operands) {
        Optional<Found> f = operand == null ? Optional.empty() : find(operand);
        if (f.isPresent()) {
          return f;
        }
      }
    }
    return Optional.empty();
  }

  private static Problem problem(Statement statement, Found found) {
    int[] at =
        found.position().getLineNum() > 0
            ? statement.toScriptPosition(
                found.position().getLineNum(), found.position().getColumnNum())
            : new int[] {statement.line(), statement.column()};
    return new Problem(statement.number(), at[0], at[1], found.message());
  }
}
