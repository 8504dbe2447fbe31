package dev.sluice.metrics;

import dev.sluice.functions.BuiltinFunctions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.operations.command.SetOperation;

/**
 * Runs a compiled group's statements through the real Flink planner, as the engine does: SET and
 * DDL executed, each INSERT optimized to its physical plan. Paimon tables are planned as blackhole
 * tables: Paimon creates its table when a sink is planned, which a unit test must not do (the
 * metric group IT writes a real one).
 */
final class FlinkPlanner {
  private static final Pattern WINDOW =
      Pattern.compile(
          "(?:Local)?WindowAggregate\\((?:groupBy=\\[([^\\]]*)\\], )?window=\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]");
  private static final Pattern NAME = Pattern.compile("-- @name: (\\S+)\\n");
  private static final Pattern PAIMON =
      Pattern.compile("'connector' = 'paimon',\\n  'path' = '[^']*',\\n  'auto-create' = 'true'");

  /**
   * A planned script.
   *
   * @param plans each INSERT's optimized physical plan, by statement name
   * @param tables each table's columns as the catalog resolved them ({@code name TYPE}), then its
   *     primary key
   * @param options each table's options
   */
  record Planned(
      Map<String, String> plans,
      Map<String, List<String>> tables,
      Map<String, Map<String, String>> options) {
    /** What a statement's window aggregation groups by and over which window. */
    String window(String statement) {
      // The aggregation over event time (a two-phase plan also has a global one over slices).
      Matcher m = WINDOW.matcher(plan(statement));
      while (m.find()) {
        if (m.group(2).contains("time_col")) {
          String groupBy = m.group(1) == null ? "" : m.group(1);
          return "groupBy=[" + groupBy + "], window=[" + m.group(2) + "]";
        }
      }
      throw new AssertionError("no window aggregation in " + plan(statement));
    }

    /** The plan of a named statement. */
    String plan(String statement) {
      String plan = plans.get(statement);
      if (plan == null) {
        throw new AssertionError("no statement " + statement + " in " + plans.keySet());
      }
      return plan;
    }
  }

  private FlinkPlanner() {}

  static Planned plan(MetricGroup group) {
    try {
      return planOrThrow(group);
    } catch (org.apache.flink.table.catalog.exceptions.TableNotExistException e) {
      throw new AssertionError(e);
    }
  }

  private static Planned planOrThrow(MetricGroup group)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException {
    StreamTableEnvironment env =
        StreamTableEnvironment.create(
            StreamExecutionEnvironment.getExecutionEnvironment(),
            EnvironmentSettings.inStreamingMode());
    BuiltinFunctions.all().forEach(env::createTemporarySystemFunction);
    Map<String, String> plans = new LinkedHashMap<>();
    Map<String, List<String>> tables = new LinkedHashMap<>();
    Map<String, Map<String, String>> options = new LinkedHashMap<>();
    for (String statement : MetricCompiler.statements(group)) {
      String sql = PAIMON.matcher(statement).replaceAll("'connector' = 'blackhole'");
      String body = withoutLeadingComments(sql);
      if (body.startsWith("INSERT")) {
        Matcher name = NAME.matcher(sql);
        if (!name.find()) {
          throw new AssertionError("an INSERT without a name: " + sql);
        }
        String plan = env.explainSql(strip(body));
        String optimized = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
        plans.put(name.group(1), optimized);
      } else if (body.startsWith("SET")) {
        // What the engine does with a SET: Flink's parser reads it, the session config takes it.
        var operation = ((TableEnvironmentImpl) env).getParser().parse(strip(body)).get(0);
        SetOperation set = (SetOperation) operation;
        env.getConfig()
            .getConfiguration()
            .setString(set.getKey().orElseThrow(), set.getValue().orElseThrow());
      } else {
        env.executeSql(strip(body));
      }
    }
    for (String table : env.listTables()) {
      ResolvedSchema schema = env.from(table).getResolvedSchema();
      List<String> columns = new ArrayList<>();
      for (Column c : schema.getColumns()) {
        columns.add(c.getName() + " " + c.getDataType().getLogicalType().asSummaryString());
      }
      schema.getPrimaryKey().ifPresent(pk -> columns.add("PRIMARY KEY " + pk.getColumns()));
      tables.put(table, columns);
      env.getCatalog(env.getCurrentCatalog())
          .orElseThrow()
          .getTable(new ObjectPath(env.getCurrentDatabase(), table))
          .getOptions()
          .forEach((k, v) -> options.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(k, v));
    }
    return new Planned(plans, tables, options);
  }

  private static String withoutLeadingComments(String sql) {
    String s = sql.strip();
    while (s.startsWith("--")) {
      int end = s.indexOf('\n');
      s = end < 0 ? "" : s.substring(end + 1).strip();
    }
    return s;
  }

  private static String strip(String sql) {
    String s = sql.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }
}
