package dev.sluice.engine.flink.sync;

import dev.sluice.engine.api.sync.SyncProgram;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import dev.sluice.engine.flink.compile.SandboxPolicy;
import dev.sluice.engine.flink.state.StableUids;
import dev.sluice.sync.RowKey;
import dev.sluice.sync.TableChanges;
import dev.sluice.sync.TableRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.table.MySqlDeserializationConverterFactory;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;
import org.apache.flink.cdc.connectors.oracle.source.OracleSourceBuilder;
import org.apache.flink.cdc.connectors.oracle.table.OracleDeserializationConverterFactory;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder;
import org.apache.flink.cdc.connectors.postgres.table.PostgreSQLDeserializationConverterFactory;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.cdc.debezium.table.DebeziumChangelogMode;
import org.apache.flink.cdc.debezium.table.DeserializationRuntimeConverterFactory;
import org.apache.flink.cdc.debezium.table.RowDataDebeziumDeserializeSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.api.transformations.SideOutputTransformation;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

/**
 * Builds a sync job's graph (ADR 0005): one CDC incremental source over all its tables, a router
 * that splits the change stream by table, and per table a sink table of the Flink connector the
 * target needs, written through the table planner so that formats, upserts and dialects are those
 * SQL jobs use.
 *
 * <p>Uids: the source is {@code sync-source:<data source>} and the router {@code sync-router},
 * whatever the table list; each table's operators are {@code sync:<schema.table>:<n>}, n counted
 * from its sink. A table added to the sync therefore gets operators of its own (and the source,
 * which keeps its offsets, reads its snapshot), while the others keep their ids and state.
 */
public final class SyncCompiler {
  /** The bundle of the sync's own operators. */
  public static final String RUNTIME_BUNDLE = "sluice-sync";

  private final ClassLoader classLoader;
  private final ConnectorBundles bundles;

  public SyncCompiler(ClassLoader classLoader, ConnectorBundles bundles) {
    this.classLoader = classLoader;
    this.bundles = bundles;
  }

  /** A built sync: its graphs, the owners of its uids, the bundles it needs and a description. */
  public record Built(
      StreamGraph streamGraph,
      JobGraph jobGraph,
      Map<String, StableUids.Owner> owners,
      Set<String> bundles,
      String planText) {}

  /**
   * The graph for a plan: nothing outside is changed (see {@link #build(SyncProgram, JobID,
   * boolean)}).
   */
  public Built build(SyncProgram program, JobID jobId) {
    return build(program, jobId, false);
  }

  /**
   * @param forCluster whether the graph is the one the cluster will run. Then a Paimon target's
   *     existing tables are first given, nullable and at their place, the columns their source
   *     tables have gained (Paimon's own schema evolution), and tables still missing are created by
   *     the sink. Otherwise the Paimon sinks are built against a scratch warehouse, deleted
   *     afterwards, so that planning neither creates nor alters a table.
   */
  public Built build(SyncProgram program, JobID jobId, boolean forCluster) {
    SandboxPolicy policy = SandboxPolicy.from(program.configuration());
    refuseOutsideTheSandbox(program, policy);
    Path scratch = null;
    try {
      if (!forCluster
          && program.tables().stream().anyMatch(t -> "paimon".equals(t.sink().get("connector")))) {
        scratch = Files.createTempDirectory("sluice-sync-plan-");
      }
      return build(program, jobId, scratch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (scratch != null) {
        deleteTree(scratch);
      }
    }
  }

  private Built build(SyncProgram program, JobID jobId, Path scratch) {
    Configuration configuration = new Configuration();
    configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    // The sandbox's settings are the compile's, not the job's.
    program.configuration().entrySet().stream()
        .filter(e -> !e.getKey().startsWith(SandboxPolicy.PREFIX))
        .forEach(e -> configuration.setString(e.getKey(), e.getValue()));
    if (program.parallelism() != null) {
      configuration.set(CoreOptions.DEFAULT_PARALLELISM, program.parallelism());
    }
    // Each table's key is its source table's: the rows are upserted as they come, in key order
    // (RowKey), with nothing to materialize.
    configuration.setString("table.exec.sink.upsert-materialize", "NONE");
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(configuration, classLoader);
    StreamTableEnvironment tableEnv =
        StreamTableEnvironment.create(
            env,
            EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withClassLoader(classLoader)
                .withConfiguration(configuration)
                .build());

    SyncProgram.Source source = program.source();
    ZoneId zone = ZoneId.of(source.options().getOrDefault("server-time-zone", "UTC"));
    List<String> ids = new ArrayList<>();
    List<List<String>> columns = new ArrayList<>();
    List<DataType> types = new ArrayList<>();
    List<DebeziumDeserializationSchema<RowData>> readers = new ArrayList<>();
    List<DataTypes.Field> all = new ArrayList<>();
    all.add(DataTypes.FIELD("table", DataTypes.INT().notNull()));
    for (int i = 0; i < program.tables().size(); i++) {
      SyncProgram.Table table = program.tables().get(i);
      DataType type = rowType(table);
      RowType rowType = (RowType) type.getLogicalType();
      ids.add(table.id());
      columns.add(table.columns().stream().map(SyncProgram.Column::name).toList());
      types.add(type);
      readers.add(
          RowDataDebeziumDeserializeSchema.newBuilder()
              .setPhysicalRowType(rowType)
              .setResultTypeInfo(InternalTypeInfo.of(rowType))
              .setServerTimeZone(zone)
              .setUserDefinedConverterFactory(converters(source.type()))
              // PostgreSQL sends an update's old row only under REPLICA IDENTITY FULL: a table
              // with a key is read as upserts by that key, whatever its replica identity.
              .setChangelogMode(
                  "postgres".equals(source.type()) && !table.primaryKey().isEmpty()
                      ? DebeziumChangelogMode.UPSERT
                      : DebeziumChangelogMode.ALL)
              .build());
      all.add(DataTypes.FIELD("t" + i, type));
    }
    RowType allType = (RowType) DataTypes.ROW(all).getLogicalType();
    TableChanges changes =
        new TableChanges(
            ids,
            columns,
            types.stream().map(t -> ((RowType) t.getLogicalType()).getChildren()).toList(),
            readers,
            InternalTypeInfo.of(allType),
            System.currentTimeMillis());

    DataStream<RowData> read =
        env.fromSource(
                source(source, ids, changes),
                WatermarkStrategy.noWatermarks(),
                "CDC " + source.type() + " " + source.name(),
                InternalTypeInfo.of(allType))
            .uid("sync-source:" + source.name());
    List<OutputTag<Row>> outputs = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      @SuppressWarnings({"unchecked", "rawtypes"})
      OutputTag<Row> tag =
          new OutputTag<>(
              "t" + i,
              (org.apache.flink.api.common.typeinfo.TypeInformation)
                  org.apache.flink.table.runtime.typeutils.ExternalTypeInfo.of(types.get(i)));
      outputs.add(tag);
    }
    SingleOutputStreamOperator<Row> routed =
        read.process(new TableRouter(types, outputs), Types.ROW())
            .uid("sync-router")
            .name("Split by table");

    Map<String, StableUids.Owner> owners = new LinkedHashMap<>();
    String sourceKey = "source:" + source.name();
    owners.put(
        "sync-source:" + source.name(),
        new StableUids.Owner(
            "sync-source:" + source.name(), sourceKey, 0, "source " + source.name()));
    owners.put("sync-router", new StableUids.Owner("sync-router", sourceKey, 0, "split by table"));
    Set<String> identifiers = new TreeSet<>();
    StringBuilder text =
        new StringBuilder("Sync job: ")
            .append(source.type())
            .append(" source ")
            .append(source.name())
            .append(" (database ")
            .append(source.database())
            .append("), read once for ")
            .append(program.tables().size())
            .append(" table(s)\n");
    for (int i = 0; i < program.tables().size(); i++) {
      SyncProgram.Table table = program.tables().get(i);
      String connector = table.sink().get("connector");
      identifiers.add(connector);
      for (String option : List.of("format", "key.format", "value.format")) {
        if (table.sink().containsKey(option)) {
          identifiers.add(table.sink().get(option));
        }
      }
      DataStream<Row> rows = routed.getSideOutput(outputs.get(i));
      if (!table.primaryKey().isEmpty()) {
        rows = rows.keyBy(new RowKey(positions(table)));
      }
      Schema.Builder schema = Schema.newBuilder().fromRowDataType(types.get(i));
      if (!table.primaryKey().isEmpty()) {
        schema.primaryKey(table.primaryKey());
      }
      Table view = tableEnv.fromChangelogStream(rows, schema.build(), ChangelogMode.all());
      boolean paimon = "paimon".equals(connector);
      DataType sinkType = paimon ? nullableExceptKey(types.get(i), table) : types.get(i);
      Schema.Builder sinkSchema = Schema.newBuilder().fromRowDataType(sinkType);
      // A plain Kafka topic has no key constraint: the changes are records, keyed in Kafka by
      // the key fields its options name.
      if (!table.primaryKey().isEmpty() && !"kafka".equals(connector)) {
        sinkSchema.primaryKey(table.primaryKey());
      }
      TableDescriptor.Builder sink =
          TableDescriptor.forConnector(connector).schema(sinkSchema.build());
      Map<String, String> sinkOptions = new LinkedHashMap<>(table.sink());
      if (paimon && scratch != null) {
        sinkOptions.put("path", scratch.resolve("t" + i).toUri().toString().replaceAll("/$", ""));
      } else if (paimon) {
        try {
          PaimonColumns.addMissing(
              tableEnv, sinkOptions.get("path"), (RowType) sinkType.getLogicalType());
        } catch (RuntimeException e) {
          throw new dev.sluice.engine.api.ScriptException(
              List.of(
                  new dev.sluice.engine.api.Problem(
                      0,
                      1,
                      1,
                      "Table "
                          + table.id()
                          + ": its Paimon table "
                          + table.target()
                          + " could not be given its source's new columns: "
                          + reasons(e))));
        }
      }
      sinkOptions.forEach(
          (k, v) -> {
            if (!k.equals("connector")) {
              sink.option(k, v);
            }
          });
      String sinkName = "sync_sink_" + i;
      tableEnv.createTemporaryTable(sinkName, sink.build());
      int before = transformations(env).size();
      StreamStatementSet set = tableEnv.createStatementSet();
      try {
        set.add(view.insertInto(sinkName));
        set.attachAsDataStream();
      } catch (org.apache.flink.table.api.ValidationException | IllegalArgumentException e) {
        // The sink's options are the definition's target: a mistake there is the user's.
        throw new dev.sluice.engine.api.ScriptException(
            List.of(
                new dev.sluice.engine.api.Problem(
                    0,
                    1,
                    1,
                    "Table "
                        + table.id()
                        + ": its "
                        + connector
                        + " sink "
                        + table.target()
                        + " cannot be built: "
                        + reasons(e))));
      }
      List<Transformation<?>> added =
          new ArrayList<>(transformations(env).subList(before, transformations(env).size()));
      String key = "table:" + table.id();
      for (Transformation<?> t : added) {
        assignUids(t, "sync:" + table.id(), 0, new IdentityHashMap<>(), key, i + 1, table, owners);
      }
      text.append("  ")
          .append(table.id())
          .append(" -> ")
          .append(connector)
          .append(' ')
          .append(table.target())
          .append(table.primaryKey().isEmpty() ? "" : " by " + table.primaryKey())
          .append('\n');
    }
    StreamGraph streamGraph = env.getStreamGraph(false);
    streamGraph.setJobName(program.jobName());
    JobGraph jobGraph = streamGraph.getJobGraph(classLoader, jobId);
    Set<String> needed = new TreeSet<>(bundles.bundlesFor(identifiers));
    needed.add(RUNTIME_BUNDLE);
    needed.add(sourceBundle(source.type()));
    return new Built(streamGraph, jobGraph, owners, needed, text.toString());
  }

  /**
   * Refuses, as the SQL jobs' sandbox does, a source or sink connector the platform does not allow
   * and a Paimon table outside the file system roots.
   */
  private void refuseOutsideTheSandbox(SyncProgram program, SandboxPolicy policy) {
    List<dev.sluice.engine.api.Problem> problems = new ArrayList<>();
    String sourceConnector = sourceBundle(program.source().type());
    if (!policy.allowsConnector(sourceConnector)) {
      problems.add(
          new dev.sluice.engine.api.Problem(
              0,
              1,
              1,
              "Connector '"
                  + sourceConnector
                  + "' of the sync's source is not allowed. Allowed connectors: "
                  + allowed(policy)));
    }
    for (SyncProgram.Table table : program.tables()) {
      String connector = table.sink().get("connector");
      if (!policy.allowsConnector(connector)) {
        problems.add(
            new dev.sluice.engine.api.Problem(
                0,
                1,
                1,
                "Table "
                    + table.id()
                    + ": connector '"
                    + connector
                    + "' of its sink is not allowed. Allowed connectors: "
                    + allowed(policy)));
      }
      String path = table.sink().get("path");
      if (path != null) {
        policy
            .refusePath(path)
            .ifPresent(
                why ->
                    problems.add(
                        new dev.sluice.engine.api.Problem(
                            0,
                            1,
                            1,
                            "Table "
                                + table.id()
                                + ": the path of its "
                                + connector
                                + " table is not allowed: "
                                + why)));
      }
    }
    if (!problems.isEmpty()) {
      throw new dev.sluice.engine.api.ScriptException(problems);
    }
  }

  private String allowed(SandboxPolicy policy) {
    return String.join(
        ", ", bundles.connectorIdentifiers().stream().filter(policy::allowsConnector).toList());
  }

  /** A row type whose columns are nullable but for the table's key. */
  private static DataType nullableExceptKey(DataType type, SyncProgram.Table table) {
    List<DataTypes.Field> fields = new ArrayList<>();
    RowType row = (RowType) type.getLogicalType();
    for (RowType.RowField f : row.getFields()) {
      LogicalType t =
          table.primaryKey().contains(f.getName()) ? f.getType() : f.getType().copy(true);
      fields.add(DataTypes.FIELD(f.getName(), TypeConversions.fromLogicalToDataType(t)));
    }
    return DataTypes.ROW(fields);
  }

  private static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A scratch directory left behind under the temporary directory holds no data.
    }
  }

  /**
   * The messages of a failure and its causes on one line each, without repeats: Flink's own wrapper
   * ("Unable to create a sink ...") says little, its causes say what to fix.
   */
  static String reasons(Throwable e) {
    List<String> out = new ArrayList<>();
    for (Throwable t = e; t != null && out.size() < 5; t = t.getCause()) {
      String m = t.getMessage();
      if (m == null || m.isBlank() || m.startsWith("Unable to create a sink")) {
        continue;
      }
      String first = m.strip().replaceAll("\\s*\\R\\s*", " ");
      if (first.length() > 400) {
        first = first.substring(0, 397) + "...";
      }
      if (!out.contains(first)) {
        out.add(first);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return out.isEmpty() ? e.getClass().getSimpleName() : String.join("; ", out);
  }

  /** The bundle of a source type's CDC connector. */
  public static String sourceBundle(String type) {
    return switch (type) {
      case "mysql" -> "mysql-cdc";
      case "postgres" -> "postgres-cdc";
      case "oracle" -> "oracle-cdc";
      default -> throw new IllegalArgumentException("no CDC source for '" + type + "'");
    };
  }

  private static Source<RowData, ?, ?> source(
      SyncProgram.Source source, List<String> ids, TableChanges changes) {
    Map<String, String> options = source.options();
    return switch (source.type()) {
      case "mysql" ->
          MySqlSource.<RowData>builder()
              .hostname(source.host())
              .port(source.port())
              .databaseList(source.database())
              .tableList(ids.toArray(String[]::new))
              .username(source.username())
              .password(source.password())
              .serverId(options.getOrDefault("server-id", "5400-5407"))
              .serverTimeZone(options.getOrDefault("server-time-zone", "UTC"))
              .startupOptions(StartupOptions.initial())
              .scanNewlyAddedTableEnabled(true)
              .includeSchemaChanges(false)
              .deserializer(changes)
              .build();
      case "postgres" -> {
        Properties debezium = new Properties();
        debezium.setProperty(
            "publication.name", options.getOrDefault("publication.name", "dbz_publication"));
        yield PostgresSourceBuilder.PostgresIncrementalSource.<RowData>builder()
            .hostname(source.host())
            .port(source.port())
            .database(source.database())
            .schemaList(schemas(ids))
            .tableList(ids.toArray(String[]::new))
            .username(source.username())
            .password(source.password())
            .slotName(options.getOrDefault("slot.name", "sluice_sync"))
            .decodingPluginName("pgoutput")
            .serverTimeZone(options.getOrDefault("server-time-zone", "UTC"))
            .startupOptions(org.apache.flink.cdc.connectors.base.options.StartupOptions.initial())
            .scanNewlyAddedTableEnabled(true)
            .debeziumProperties(debezium)
            .deserializer(changes)
            .build();
      }
      case "oracle" ->
          OracleSourceBuilder.OracleIncrementalSource.<RowData>builder()
              .hostname(source.host())
              .port(source.port())
              // A service name is reached through a URL: the builder's own would name a SID.
              .url(
                  options.getOrDefault(
                      "url",
                      "jdbc:oracle:thin:@//"
                          + source.host()
                          + ":"
                          + source.port()
                          + "/"
                          + source.database()))
              .databaseList(source.database())
              .schemaList(schemas(ids))
              .tableList(ids.toArray(String[]::new))
              .username(source.username())
              .password(source.password())
              .serverTimeZone(options.getOrDefault("server-time-zone", "UTC"))
              .startupOptions(org.apache.flink.cdc.connectors.base.options.StartupOptions.initial())
              .scanNewlyAddedTableEnabled(true)
              .includeSchemaChanges(false)
              .deserializer(changes)
              .build();
      default -> throw new IllegalArgumentException("no CDC source for '" + source.type() + "'");
    };
  }

  /** The schemas of {@code schema.table} ids, each once. */
  private static String[] schemas(List<String> ids) {
    return ids.stream()
        .map(id -> id.substring(0, id.indexOf('.')))
        .distinct()
        .toArray(String[]::new);
  }

  private static DeserializationRuntimeConverterFactory converters(String type) {
    return switch (type) {
      case "mysql" -> MySqlDeserializationConverterFactory.instance();
      case "oracle" -> OracleDeserializationConverterFactory.instance();
      default -> PostgreSQLDeserializationConverterFactory.instance();
    };
  }

  /** The table's row type; key columns are NOT NULL, as a key requires. */
  private DataType rowType(SyncProgram.Table table) {
    List<DataTypes.Field> fields = new ArrayList<>();
    for (SyncProgram.Column c : table.columns()) {
      LogicalType type = LogicalTypeParser.parse(c.type(), classLoader);
      if (table.primaryKey().contains(c.name())) {
        type = type.copy(false);
      }
      fields.add(DataTypes.FIELD(c.name(), TypeConversions.fromLogicalToDataType(type)));
    }
    return DataTypes.ROW(fields);
  }

  private static int[] positions(SyncProgram.Table table) {
    List<String> names = table.columns().stream().map(SyncProgram.Column::name).toList();
    return table.primaryKey().stream().mapToInt(names::indexOf).toArray();
  }

  @SuppressWarnings("deprecation")
  private static List<Transformation<?>> transformations(StreamExecutionEnvironment env) {
    return env.getTransformations();
  }

  /** Gives a table's operators, from its sink up to its side output, the table's uids. */
  private static void assignUids(
      Transformation<?> t,
      String prefix,
      int depth,
      Map<Transformation<?>, Boolean> seen,
      String key,
      int number,
      SyncProgram.Table table,
      Map<String, StableUids.Owner> owners) {
    if (t instanceof SideOutputTransformation<?> || seen.put(t, true) != null) {
      return;
    }
    int next = depth;
    if (!(t instanceof PartitionTransformation<?>)) {
      String uid = t.getUid();
      if (uid == null) {
        uid = prefix + ":" + depth;
        t.setUid(uid);
      }
      owners.put(uid, new StableUids.Owner(uid, key, number, table.id()));
      next = depth + 1;
    }
    for (Transformation<?> input : t.getInputs()) {
      assignUids(input, prefix, next, seen, key, number, table, owners);
    }
  }
}
