package dev.sluice.engine.flink.compile;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlOperator;
import org.apache.flink.table.module.CoreModule;
import org.apache.flink.table.planner.functions.sql.FlinkSqlOperatorTable;

/**
 * The names of the functions SQL can call in a Flink 1.20 streaming job: those of the core module
 * (Flink's new-style built-ins) and those of the planner's operator table (the Calcite-style ones,
 * SUM, SUBSTRING, TUMBLE ...). The core module also lists the Table API's expression names ({@code
 * charLength}, {@code plus}); SQL spells those differently, so only upper-case names count.
 */
public final class SqlFunctionNames {
  private static final Pattern SQL_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static volatile Set<String> names;

  private SqlFunctionNames() {}

  /** Upper-case names, sorted. */
  public static Set<String> builtIn() {
    Set<String> result = names;
    if (result == null) {
      Set<String> all = new TreeSet<>();
      for (String name : CoreModule.INSTANCE.listFunctions()) {
        if (SQL_NAME.matcher(name).matches()) {
          all.add(name);
        }
      }
      for (SqlOperator op : FlinkSqlOperatorTable.instance(false).getOperatorList()) {
        if (op instanceof SqlFunction && SQL_NAME.matcher(op.getName()).matches()) {
          all.add(op.getName());
        }
      }
      result = Set.copyOf(all);
      names = result;
    }
    return new TreeSet<>(result);
  }

  /** Whether the name is one of the core module's functions (else it is the operator table's). */
  public static boolean inCoreModule(String name) {
    return CoreModule.INSTANCE.getFunctionDefinition(name).isPresent();
  }
}
