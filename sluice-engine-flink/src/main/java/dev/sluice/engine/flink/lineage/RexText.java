package dev.sluice.engine.flink.lineage;

import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlPostfixOperator;
import org.apache.calcite.sql.SqlPrefixOperator;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/** Renders expressions as readable SQL-like text over already rendered operands. */
final class RexText {
  private RexText() {}

  static String literal(RexNode node) {
    if (!(node instanceof RexLiteral literal)) {
      return node.toString();
    }
    if (literal.isNull()) {
      return "NULL";
    }
    Object value = literal.getValue2();
    if (literal.getType().getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER) {
      return "'" + value + "'";
    }
    if (literal.getTypeName() == SqlTypeName.SYMBOL) {
      return String.valueOf(literal.getValue());
    }
    return String.valueOf(value);
  }

  static String call(RexCall call, List<String> operands) {
    SqlKind kind = call.getKind();
    if (kind == SqlKind.CAST) {
      String operand = operands.get(0);
      SqlTypeName from = call.getOperands().get(0).getType().getSqlTypeName();
      SqlTypeName to = call.getType().getSqlTypeName();
      // Casts that only change nullability, precision or time attributes are left out.
      return from == to ? operand : "CAST(" + operand + " AS " + to + ")";
    }
    if (kind == SqlKind.CASE) {
      StringBuilder text = new StringBuilder("CASE");
      for (int i = 0; i + 1 < operands.size(); i += 2) {
        text.append(" WHEN ").append(operands.get(i)).append(" THEN ").append(operands.get(i + 1));
      }
      return text.append(" ELSE ")
          .append(operands.get(operands.size() - 1))
          .append(" END")
          .toString();
    }
    if (kind == SqlKind.ITEM) {
      return operands.get(0) + "[" + operands.get(1) + "]";
    }
    String name = call.getOperator().getName();
    if (call.getOperator() instanceof SqlBinaryOperator && operands.size() >= 2) {
      return "(" + String.join(" " + name + " ", operands) + ")";
    }
    if (call.getOperator() instanceof SqlPrefixOperator && operands.size() == 1) {
      return name + " " + operands.get(0);
    }
    if (call.getOperator() instanceof SqlPostfixOperator && operands.size() == 1) {
      return operands.get(0) + " " + name;
    }
    return name + "(" + String.join(", ", operands) + ")";
  }
}
