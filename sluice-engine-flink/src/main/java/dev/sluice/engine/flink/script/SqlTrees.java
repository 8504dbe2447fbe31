package dev.sluice.engine.flink.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** Walking a statement as Flink's parser read it. */
public final class SqlTrees {
  private SqlTrees() {}

  /**
   * The direct children of a parsed node: a list's elements, a call's operands (without the absent
   * ones); none for a leaf, or for a node kind that does not expose its parts.
   */
  public static List<SqlNode> children(SqlNode node) {
    List<SqlNode> children;
    if (node instanceof SqlNodeList list) {
      children = list.getList();
    } else if (node instanceof SqlCall call) {
      try {
        children = call.getOperandList();
      } catch (RuntimeException e) {
        return List.of();
      }
    } else {
      return List.of();
    }
    List<SqlNode> present = new ArrayList<>(children.size());
    for (SqlNode child : children) {
      if (child != null) {
        present.add(child);
      }
    }
    return present;
  }

  /** What {@code look} finds first, depth first from {@code node}. */
  public static <T> Optional<T> find(SqlNode node, Function<SqlNode, Optional<T>> look) {
    Optional<T> found = look.apply(node);
    if (found.isPresent()) {
      return found;
    }
    for (SqlNode child : children(node)) {
      found = find(child, look);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
