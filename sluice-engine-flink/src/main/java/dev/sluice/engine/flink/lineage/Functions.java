package dev.sluice.engine.flink.lineage;

import dev.sluice.engine.api.lineage.FunctionUse;
import dev.sluice.engine.api.lineage.FunctionUse.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlOperator;
import org.apache.flink.table.catalog.ContextResolvedFunction;
import org.apache.flink.table.functions.BuiltInFunctionDefinition;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.functions.FunctionIdentifier;
import org.apache.flink.table.planner.functions.bridging.BridgingSqlAggFunction;
import org.apache.flink.table.planner.functions.bridging.BridgingSqlFunction;

/** Collects the functions one statement calls: Flink's, Sluice's and users'. */
final class Functions {
  /** Where Sluice's function library lives; a user's function of the same name is the user's. */
  private static final String SLUICE_PACKAGE = "dev.sluice.functions.";

  private final Map<String, FunctionUse> uses = new LinkedHashMap<>();

  void aggregate(SqlAggFunction function) {
    call(function);
  }

  void call(SqlOperator operator) {
    if (operator instanceof BridgingSqlFunction bridging) {
      bridged(bridging.getName(), bridging.getDefinition(), bridging.getResolvedFunction());
    } else if (operator instanceof BridgingSqlAggFunction bridging) {
      bridged(bridging.getName(), bridging.getDefinition(), bridging.getResolvedFunction());
    } else if ((operator instanceof SqlFunction || operator instanceof SqlAggFunction)
        && !operator.getName().startsWith("$")
        && !operator.getName().equals("CAST")) {
      add(new FunctionUse(operator.getName(), Kind.BUILTIN, operator.getName()));
    }
  }

  private void bridged(
      String name, FunctionDefinition definition, ContextResolvedFunction resolved) {
    if (definition instanceof BuiltInFunctionDefinition builtIn) {
      add(new FunctionUse(builtIn.getName(), Kind.BUILTIN, builtIn.getName()));
      return;
    }
    FunctionIdentifier id = resolved.getIdentifier().orElse(null);
    if (id == null) {
      add(new FunctionUse(name, Kind.USER, definition.getClass().getName()));
    } else if (id.getIdentifier().isPresent()) {
      add(
          new FunctionUse(
              id.getIdentifier().get().getObjectName(), Kind.USER, id.asSummaryString()));
    } else {
      String simple = id.getSimpleName().orElse(name);
      Kind kind =
          definition.getClass().getName().startsWith(SLUICE_PACKAGE) ? Kind.SLUICE : Kind.USER;
      add(new FunctionUse(simple.toUpperCase(Locale.ROOT), kind, simple));
    }
  }

  /** Names are shown upper-case, as SQL resolves them case-insensitively. */
  private void add(FunctionUse use) {
    FunctionUse named =
        new FunctionUse(use.name().toUpperCase(Locale.ROOT), use.kind(), use.identifier());
    uses.putIfAbsent(use.kind() + ":" + use.identifier(), named);
  }

  List<FunctionUse> uses() {
    return new ArrayList<>(uses.values());
  }
}
