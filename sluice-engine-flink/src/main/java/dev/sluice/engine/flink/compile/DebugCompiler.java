package dev.sluice.engine.flink.compile;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.debug.DebugRequest;
import dev.sluice.engine.api.debug.DebugStep;
import dev.sluice.engine.api.debug.SampleRowsException;
import dev.sluice.engine.api.debug.SampleRowsException.RowProblem;
import dev.sluice.engine.flink.script.Statement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.csv.CsvRowDataDeserializationSchema;
import org.apache.flink.formats.json.JsonRowDataDeserializationSchema;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.sql.parser.ddl.SqlCreateView;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.planner.delegation.PlannerBase;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * Compiles a debug job: the script runs as written up to its INSERTs, except that sampled sources
 * replay the given rows ({@code sluice-rows}) and live ones start where asked; then every view and
 * every INSERT's query is written to a tap ({@code sluice-tap}) instead of the INSERT's target.
 */
public final class DebugCompiler {
  private static final Pattern FIELD = Pattern.compile("(?i)field:? '?([\\w$]+(?:\\.[\\w$]+)*)");

  private final ScriptCompiler compiler;

  public DebugCompiler(ScriptCompiler compiler) {
    this.compiler = compiler;
  }

  /** A compiled debug job and its steps. */
  public record Debug(ScriptCompiler.Compiled compiled, List<DebugStep> steps) {}

  public Debug compile(DebugRequest request, JobID jobId) {
    Map<String, String> seen = new LinkedHashMap<>();
    CompileRequest compile =
        new CompileRequest(request.jobName(), request.script(), request.configuration())
            .withFunctions(request.functions(), request.deniedFunctions());
    ScriptCompiler.Session session =
        compiler.analyze(compile, create -> rewrite(create, request, seen));
    if (!session.problems.isEmpty()) {
      throw new ScriptException(session.problems);
    }
    checkTableNames(request, seen);
    checkSampleRows(session, request, seen);
    if (session.inserts.isEmpty() && session.views.isEmpty()) {
      throw new ScriptException(
          List.of(
              new Problem(
                  0, 1, 1, "The script has no view and no INSERT: there is no step to show")));
    }

    var env = session.tableEnv;
    List<DebugStep> steps = new ArrayList<>();
    List<ModifyOperation> taps = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    // Steps in script order: a statement's CTEs, then the statement itself.
    List<Candidate> candidates = new ArrayList<>();
    for (ScriptCompiler.View view : session.views) {
      candidates.addAll(ctes(session, view.statement()));
      candidates.add(
          new Candidate(
              view.statement(),
              "VIEW",
              view.identifier().getObjectName(),
              () -> env.from(view.identifier().asSerializableString())));
    }
    for (ScriptCompiler.Insert insert : session.inserts) {
      if (insert.operation() instanceof SinkModifyOperation sink) {
        candidates.addAll(ctes(session, insert.statement()));
        String name =
            insert
                .statement()
                .name()
                .orElse(sink.getContextResolvedTable().getIdentifier().getObjectName());
        candidates.add(
            new Candidate(
                insert.statement(),
                "INSERT",
                name,
                () -> withSinkNames(env.createTable(sink.getChild()), sink)));
      }
    }
    candidates.sort(java.util.Comparator.comparingInt(c -> c.statement().number()));
    for (Candidate c : candidates) {
      Table table = c.table().get();
      if (table != null) {
        tap(
            session,
            request,
            table,
            unique(names, c.name()),
            c.kind(),
            c.statement().number(),
            steps,
            taps);
      }
    }
    session.factoryIds.add("sluice-tap");
    PlannedScript planned;
    try {
      planned = PlannedScript.plan((PlannerBase) env.getPlanner(), taps);
    } catch (Throwable e) {
      throw new ScriptException(
          List.of(new Problem(0, 1, 1, "The debug job cannot be planned: " + e.getMessage())));
    }
    ScriptCompiler.Compiled compiled =
        compiler.build(session, planned, request.jobName(), jobId, Map.of());
    return new Debug(compiled, steps);
  }

  private record Candidate(
      Statement statement, String kind, String name, java.util.function.Supplier<Table> table) {}

  /**
   * The CTEs of a statement's query, promoted to temporary views of their own names so that each is
   * a step; a CTE whose name is already a table or view stays only part of its statement.
   */
  private static List<Candidate> ctes(ScriptCompiler.Session session, Statement statement) {
    SqlNode node;
    try {
      node =
          ((PlannerBase) session.tableEnv.getPlanner())
              .plannerContext()
              .createCalciteParser()
              .parse(statement.text());
    } catch (RuntimeException e) {
      return List.of();
    }
    SqlNode query =
        node instanceof SqlInsert insert
            ? insert.getSource()
            : node instanceof SqlCreateView view ? view.getQuery() : null;
    if (query instanceof SqlOrderBy orderBy) {
      query = orderBy.query;
    }
    if (!(query instanceof SqlWith with)) {
      return List.of();
    }
    List<Candidate> ctes = new ArrayList<>();
    for (SqlNode item : with.withList) {
      SqlWithItem cte = (SqlWithItem) item;
      String name = cte.name.getSimple();
      String text = textOf(statement.text(), cte.query.getParserPosition());
      if (text == null) {
        continue;
      }
      String columns =
          cte.columnList == null || cte.columnList.isEmpty()
              ? ""
              : cte.columnList.getList().stream()
                  .map(c -> "`" + ((SqlIdentifier) c).getSimple() + "`")
                  .collect(java.util.stream.Collectors.joining(", ", " (", ")"));
      ctes.add(
          new Candidate(
              statement,
              "CTE",
              name,
              () -> {
                var catalogs = session.tableEnv.getCatalogManager();
                ObjectIdentifier id =
                    catalogs.qualifyIdentifier(
                        org.apache.flink.table.catalog.UnresolvedIdentifier.of(name));
                if (catalogs.getTable(id).isPresent()) {
                  return null; // the name is taken: the CTE stays inside its statement
                }
                try {
                  session.tableEnv.executeSql(
                      "CREATE TEMPORARY VIEW `" + name + "`" + columns + " AS " + text);
                  return session.tableEnv.from("`" + name + "`");
                } catch (RuntimeException e) {
                  return null;
                }
              }));
    }
    return ctes;
  }

  /** The text of a node as the user wrote it, from its parser position (1-based, end inclusive). */
  private static String textOf(String text, SqlParserPos pos) {
    List<String> lines = text.lines().toList();
    if (pos.getLineNum() < 1
        || pos.getEndLineNum() > lines.size()
        || pos.getEndLineNum() < pos.getLineNum()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int line = pos.getLineNum(); line <= pos.getEndLineNum(); line++) {
      String l = lines.get(line - 1);
      int from = line == pos.getLineNum() ? pos.getColumnNum() - 1 : 0;
      int to =
          line == pos.getEndLineNum() ? Math.min(l.length(), pos.getEndColumnNum()) : l.length();
      if (from < 0 || from > to) {
        return null;
      }
      out.append(l, from, to).append('\n');
    }
    return out.toString().strip();
  }

  private static String unique(Set<String> names, String name) {
    String candidate = name;
    for (int i = 2; !names.add(candidate.toLowerCase(Locale.ROOT)); i++) {
      candidate = name + "_" + i;
    }
    return candidate;
  }

  private void tap(
      ScriptCompiler.Session session,
      DebugRequest request,
      Table table,
      String step,
      String kind,
      int statement,
      List<DebugStep> steps,
      List<ModifyOperation> taps) {
    var env = session.tableEnv;
    int n = steps.size();
    ResolvedSchema schema = table.getResolvedSchema();
    Schema.Builder tapSchema = Schema.newBuilder();
    List<DebugStep.Column> columns = new ArrayList<>();
    for (Column column : schema.getColumns()) {
      LogicalType type = column.getDataType().getLogicalType();
      columns.add(new DebugStep.Column(column.getName(), type.asSummaryString()));
      tapSchema.column(
          column.getName(), TypeConversions.fromLogicalToDataType(withoutTimeAttribute(type)));
    }
    String view = "__sluice_step_" + n;
    String sink = "__sluice_tap_" + n;
    env.createTemporaryView(view, table);
    env.createTemporaryTable(
        sink,
        TableDescriptor.forConnector("sluice-tap")
            .schema(tapSchema.build())
            .option("url", request.tapUrl())
            .option("step", step)
            .option("token", request.token())
            .build());
    List<Operation> parsed =
        env.getParser().parse("INSERT INTO `" + sink + "` SELECT * FROM `" + view + "`");
    taps.add((ModifyOperation) parsed.get(0));
    steps.add(new DebugStep(step, kind, statement, columns));
  }

  /**
   * An INSERT's query with the column names of its sink, the names its rows get where they land,
   * instead of the planner's ({@code EXPR$0} for {@code SUM(amount)}). The query of an INSERT lines
   * up with the sink's persisted columns by position; anything else keeps its own names.
   */
  private static Table withSinkNames(Table query, SinkModifyOperation sink) {
    List<String> target =
        sink.getContextResolvedTable().getResolvedSchema().getColumns().stream()
            .filter(Column::isPersisted)
            .map(Column::getName)
            .toList();
    List<String> names = query.getResolvedSchema().getColumnNames();
    if (target.isEmpty() || target.size() != names.size() || target.equals(names)) {
      return query;
    }
    return query.as(target.get(0), target.subList(1, target.size()).toArray(String[]::new));
  }

  private static LogicalType withoutTimeAttribute(LogicalType type) {
    if (type instanceof TimestampType t) {
      return new TimestampType(t.isNullable(), t.getPrecision());
    }
    if (type instanceof LocalZonedTimestampType t) {
      return new LocalZonedTimestampType(t.isNullable(), t.getPrecision());
    }
    return type;
  }

  /** Swaps a sampled source for its rows, points a live Kafka source at where to start. */
  private static CreateTableOperation rewrite(
      CreateTableOperation create, DebugRequest request, Map<String, String> seen) {
    ObjectIdentifier id = create.getTableIdentifier();
    String key = find(request.samples().keySet(), id);
    String liveKey = find(request.live().keySet(), id);
    seen.put(id.getObjectName().toLowerCase(Locale.ROOT), id.asSummaryString());
    CatalogTable table = create.getCatalogTable();
    if (key != null) {
      DebugRequest.SampleRows sample = request.samples().get(key);
      Schema.Builder schema = Schema.newBuilder();
      for (Schema.UnresolvedColumn column : table.getUnresolvedSchema().getColumns()) {
        if (column instanceof Schema.UnresolvedMetadataColumn metadata) {
          // Sample rows carry metadata (a Kafka record's timestamp) as ordinary fields.
          schema.column(metadata.getName(), metadata.getDataType());
        } else if (column instanceof Schema.UnresolvedPhysicalColumn physical) {
          schema.column(physical.getName(), physical.getDataType());
        } else if (column instanceof Schema.UnresolvedComputedColumn computed) {
          schema.columnByExpression(computed.getName(), computed.getExpression());
        }
      }
      table
          .getUnresolvedSchema()
          .getWatermarkSpecs()
          .forEach(w -> schema.watermark(w.getColumnName(), w.getWatermarkExpression()));
      table
          .getUnresolvedSchema()
          .getPrimaryKey()
          .ifPresent(pk -> schema.primaryKeyNamed(pk.getConstraintName(), pk.getColumnNames()));
      Map<String, String> options = new HashMap<>();
      options.put("connector", "sluice-rows");
      if (readsEvents(table)) {
        // Sample rows are events as the source reads them, malformed ones included.
        table.getOptions().entrySet().stream()
            .filter(o -> o.getKey().equals("format") || o.getKey().startsWith(SLUICE_JSON + "."))
            .forEach(o -> options.put(o.getKey(), o.getValue()));
      } else {
        options.put("format", format(sample.format()));
      }
      options.put("rows", String.join("\n", sample.rows()));
      CatalogTable replaced =
          CatalogTable.newBuilder()
              .schema(schema.build())
              .comment(table.getComment())
              .partitionKeys(table.getPartitionKeys())
              .options(options)
              .build();
      return new CreateTableOperation(
          id, replaced, create.isIgnoreIfExists(), create.isTemporary());
    }
    if (liveKey != null) {
      Map<String, String> options = new HashMap<>(table.getOptions());
      String connector = options.getOrDefault("connector", "");
      if (connector.equals("kafka")) {
        String from = request.live().get(liveKey).from();
        options.remove("scan.startup.timestamp-millis");
        switch (from == null ? "latest" : from.toLowerCase(Locale.ROOT)) {
          case "latest" -> options.put("scan.startup.mode", "latest-offset");
          case "earliest" -> options.put("scan.startup.mode", "earliest-offset");
          default -> {
            options.put("scan.startup.mode", "timestamp");
            options.put("scan.startup.timestamp-millis", from);
          }
        }
        // Never move the production consumer group's offsets.
        options.put("properties.group.id", request.jobName());
        options.put("properties.commit.offsets.on.checkpoint", "false");
      }
      return new CreateTableOperation(
          id, table.copy(options), create.isIgnoreIfExists(), create.isTemporary());
    }
    return create;
  }

  private static final String SLUICE_JSON = "sluice-json";

  /**
   * A table whose format reads whole events leniently (sluice-json): its sample rows are events,
   * not column values, and any of them is acceptable (an unreadable one is counted as such).
   */
  private static boolean readsEvents(CatalogBaseTable table) {
    return SLUICE_JSON.equals(table.getOptions().get("format"));
  }

  private static String format(String format) {
    String f = format == null ? "json" : format.toLowerCase(Locale.ROOT);
    if (!f.equals("json") && !f.equals("csv")) {
      throw new SampleRowsException(
          List.of(new RowProblem("", 0, null, "Sample rows are json or csv, not " + format)));
    }
    return f;
  }

  private static String find(Set<String> names, ObjectIdentifier id) {
    for (String name : names) {
      if (name.equalsIgnoreCase(id.getObjectName())
          || name.equalsIgnoreCase(id.asSummaryString())) {
        return name;
      }
    }
    return null;
  }

  private static void checkTableNames(DebugRequest request, Map<String, String> seen) {
    List<RowProblem> problems = new ArrayList<>();
    Set<String> known = new TreeSet<>(seen.keySet());
    Set<String> named = new LinkedHashSet<>(request.samples().keySet());
    named.addAll(request.live().keySet());
    for (String name : named) {
      if (!seen.containsKey(name.toLowerCase(Locale.ROOT)) && !seen.containsValue(name)) {
        problems.add(
            new RowProblem(
                name,
                0,
                null,
                "The script creates no table named " + name + "; its tables: " + known));
      }
    }
    if (!problems.isEmpty()) {
      throw new SampleRowsException(problems);
    }
  }

  /** Parses every sample row with the format the source will use, naming row and column. */
  private static void checkSampleRows(
      ScriptCompiler.Session session, DebugRequest request, Map<String, String> seen) {
    List<RowProblem> problems = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (var entry : request.samples().entrySet()) {
      String name = entry.getKey();
      ObjectIdentifier id =
          session
              .tableEnv
              .getCatalogManager()
              .qualifyIdentifier(
                  org.apache.flink.table.catalog.UnresolvedIdentifier.of(
                      seen.getOrDefault(name.toLowerCase(Locale.ROOT), name).split("\\.")));
      var resolved = session.tableEnv.getCatalogManager().getTable(id);
      if (resolved.isEmpty()
          || !(resolved.get().getResolvedTable() instanceof ResolvedCatalogTable table)) {
        continue;
      }
      if (readsEvents(table)) {
        continue;
      }
      DataType physical = table.getResolvedSchema().toPhysicalRowDataType();
      RowType rowType = (RowType) physical.getLogicalType();
      boolean isJson = format(entry.getValue().format()).equals("json");
      DeserializationSchema<RowData> decoder =
          isJson
              ? new JsonRowDataDeserializationSchema(
                  rowType, InternalTypeInfo.of(rowType), false, false, TimestampFormat.SQL)
              : new CsvRowDataDeserializationSchema.Builder(rowType, InternalTypeInfo.of(rowType))
                  .build();
      try {
        decoder.open(
            new DeserializationSchema.InitializationContext() {
              @Override
              public org.apache.flink.metrics.MetricGroup getMetricGroup() {
                return new org.apache.flink.metrics.groups.UnregisteredMetricsGroup();
              }

              @Override
              public org.apache.flink.util.UserCodeClassLoader getUserCodeClassLoader() {
                return org.apache.flink.util.SimpleUserCodeClassLoader.create(
                    DebugCompiler.class.getClassLoader());
              }
            });
      } catch (Exception e) {
        throw new IllegalStateException(
            "The " + entry.getValue().format() + " format cannot start", e);
      }
      List<String> rows = entry.getValue().rows();
      for (int i = 0; i < rows.size(); i++) {
        String row = rows.get(i);
        if (isJson) {
          try {
            JsonNode node = json.readTree(row);
            if (node == null || !node.isObject()) {
              problems.add(
                  new RowProblem(name, i + 1, null, "A JSON row is an object of column values"));
              continue;
            }
            var fields = node.fieldNames();
            boolean unknown = false;
            while (fields.hasNext()) {
              String field = fields.next();
              if (!rowType.getFieldNames().contains(field)) {
                problems.add(
                    new RowProblem(
                        name,
                        i + 1,
                        field,
                        "no such column; the columns are " + rowType.getFieldNames()));
                unknown = true;
              }
            }
            if (unknown) {
              continue;
            }
          } catch (Exception e) {
            problems.add(
                new RowProblem(
                    name,
                    i + 1,
                    null,
                    "not JSON: " + e.getMessage().lines().findFirst().orElse("")));
            continue;
          }
        }
        try {
          decoder.deserialize(row.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
          problems.add(new RowProblem(name, i + 1, column(e), rootMessage(e)));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new SampleRowsException(problems);
    }
  }

  private static String column(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      Matcher m = FIELD.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage())
        .lines()
        .findFirst()
        .orElse(root.getClass().getSimpleName());
  }
}
