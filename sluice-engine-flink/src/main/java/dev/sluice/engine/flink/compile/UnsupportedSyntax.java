package dev.sluice.engine.flink.compile;

import dev.sluice.engine.api.Problem;
import dev.sluice.engine.flink.script.SqlTrees;
import dev.sluice.engine.flink.script.Statement;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
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

  private static Optional<Found> find(SqlNode root) {
    return SqlTrees.find(
        root,
        node ->
            node instanceof SqlCall call
                    && call.getKind() == SqlKind.UNNEST
                    && call.getOperator() instanceof SqlUnnestOperator unnest
                    && unnest.withOrdinality
                ? Optional.of(
                    new Found(
                        call.getParserPosition(),
                        "UNNEST ... WITH ORDINALITY is not supported by Flink 1.20: remove WITH"
                            + " ORDINALITY (to number the elements, unnest them with a table"
                            + " function that returns the position)"))
                : Optional.empty());
  }

  private static Problem problem(Statement statement, Found found) {
    return ProblemReporter.problem(statement, found.position(), found.message());
  }
}
