package dev.sluice.engine.flink.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.sync.SyncProgram;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncCompilerTest {
  @TempDir Path engineHome;

  private SyncProgram.Table table(String name, Map<String, String> sink) {
    return new SyncProgram.Table(
        "shop",
        name,
        List.of(
            new SyncProgram.Column("id", "INT"),
            new SyncProgram.Column("amount", "DECIMAL(10, 2)"),
            new SyncProgram.Column("note", "STRING")),
        List.of("id"),
        "cdc.shop." + name,
        sink);
  }

  private static Map<String, String> kafka(String topic) {
    return Map.of(
        "connector", "upsert-kafka",
        "topic", topic,
        "properties.bootstrap.servers", "localhost:9092",
        "key.format", "json",
        "value.format", "json");
  }

  private SyncCompiler.Built build(List<SyncProgram.Table> tables) {
    return build(tables, Map.of(), false);
  }

  private SyncCompiler.Built build(
      List<SyncProgram.Table> tables, Map<String, String> configuration, boolean forCluster) {
    return build(
        new SyncProgram.Source("mysql", "shopdb", "localhost", 3306, "shop", "u", "pw", Map.of()),
        tables,
        configuration,
        forCluster);
  }

  private SyncCompiler.Built build(
      SyncProgram.Source source,
      List<SyncProgram.Table> tables,
      Map<String, String> configuration,
      boolean forCluster) {
    ClassLoader loader = getClass().getClassLoader();
    SyncCompiler compiler = new SyncCompiler(loader, new ConnectorBundles(engineHome, loader));
    SyncProgram program = new SyncProgram("orders-sync", source, tables, 2, configuration);
    return compiler.build(program, new JobID(), forCluster);
  }

  private static TreeSet<String> uids(SyncCompiler.Built built) {
    return built.streamGraph().getStreamNodes().stream()
        .map(StreamNode::getTransformationUID)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void oneSourceFeedsASinkPerTableWithUidsOfTheTable() {
    SyncCompiler.Built built =
        build(
            List.of(
                table("orders", kafka("cdc.shop.orders")),
                table("refunds", kafka("cdc.shop.refunds"))));

    long sources =
        built.streamGraph().getStreamNodes().stream().filter(n -> n.getInEdges().isEmpty()).count();
    assertThat(sources).isEqualTo(1);
    TreeSet<String> uids = uids(built);
    assertThat(uids).contains("sync-source:shopdb", "sync-router");
    assertThat(uids.stream().filter(u -> u.startsWith("sync:shop.orders:")).count())
        .isGreaterThanOrEqualTo(2);
    assertThat(uids.stream().filter(u -> u.startsWith("sync:shop.refunds:")).count())
        .isEqualTo(uids.stream().filter(u -> u.startsWith("sync:shop.orders:")).count());
    assertThat(built.owners().get("sync:shop.orders:0").statementKey())
        .isEqualTo("table:shop.orders");
    assertThat(built.planText())
        .contains("read once for 2 table(s)")
        .contains("shop.orders -> upsert-kafka cdc.shop.orders by [id]");
    assertThat(built.bundles()).contains("sluice-sync", "mysql-cdc");
  }

  @Test
  void addingATableKeepsTheUidsOfTheOthers() {
    TreeSet<String> one = uids(build(List.of(table("orders", kafka("cdc.shop.orders")))));
    TreeSet<String> two =
        uids(
            build(
                List.of(
                    table("orders", kafka("cdc.shop.orders")),
                    table("refunds", kafka("cdc.shop.refunds")))));

    assertThat(two).containsAll(one);
    assertThat(two.size()).isGreaterThan(one.size());
  }

  @Test
  void thePasswordIsNotInTheDescriptionOfTheProgram() {
    SyncProgram.Source source =
        new SyncProgram.Source("mysql", "shopdb", "h", 3306, "shop", "u", "s3cret", Map.of());
    assertThat(source.toString()).doesNotContain("s3cret");
  }

  @Test
  void aSinkThatCannotBeBuiltIsAProblemOfItsTable() {
    Map<String, String> upsertWithoutKeyFormat =
        Map.of(
            "connector", "upsert-kafka",
            "topic", "cdc.shop.refunds",
            "properties.bootstrap.servers", "localhost:9092",
            "value.format", "json");
    assertThatThrownBy(
            () ->
                build(
                    List.of(
                        table("orders", kafka("cdc.shop.orders")),
                        table("refunds", upsertWithoutKeyFormat))))
        .isInstanceOfSatisfying(
            ScriptException.class,
            e -> {
              assertThat(e.problems()).hasSize(1);
              assertThat(e.problems().get(0).message())
                  .startsWith(
                      "Table shop.refunds: its upsert-kafka sink cdc.shop.refunds cannot be built: ")
                  .contains("key.format");
            });
  }

  @Test
  void anOracleSourceReadsItsTablesThroughTheServiceName() throws Exception {
    SyncProgram.Source oracle =
        new SyncProgram.Source(
            "oracle", "erp", "ora.example", 1521, "ORCLPDB1", "CDC", "pw", Map.of());
    SyncProgram.Table orders =
        new SyncProgram.Table(
            "INVENTORY",
            "ORDERS",
            List.of(
                new SyncProgram.Column("ID", "DECIMAL(10, 0)"),
                new SyncProgram.Column("NOTE", "STRING")),
            List.of("ID"),
            "cdc.inventory.orders",
            kafka("cdc.inventory.orders"));
    SyncCompiler.Built built = build(oracle, List.of(orders), Map.of(), false);

    assertThat(built.bundles()).contains("sluice-sync", "oracle-cdc");
    assertThat(built.planText())
        .startsWith("Sync job: oracle source erp (database ORCLPDB1), read once for 1 table(s)")
        .contains("INVENTORY.ORDERS -> upsert-kafka cdc.inventory.orders by [ID]");
    StreamNode source =
        built.streamGraph().getStreamNodes().stream()
            .filter(n -> n.getInEdges().isEmpty())
            .findFirst()
            .orElseThrow();
    assertThat(source.getTransformationUID()).isEqualTo("sync-source:erp");
    // The source's own configuration, as its readers will connect.
    Object factory = field(source.getOperatorFactory(), "source");
    Object config =
        ((org.apache.flink.cdc.connectors.base.config.JdbcSourceConfigFactory)
                field(factory, "configFactory"))
            .create(0);
    org.apache.flink.cdc.connectors.oracle.source.config.OracleSourceConfig oracleConfig =
        (org.apache.flink.cdc.connectors.oracle.source.config.OracleSourceConfig) config;
    assertThat(oracleConfig.getUrl()).isEqualTo("jdbc:oracle:thin:@//ora.example:1521/ORCLPDB1");
    assertThat(oracleConfig.getDatabaseList()).containsExactly("ORCLPDB1");
    assertThat(oracleConfig.getTableList()).containsExactly("INVENTORY.ORDERS");
    assertThat(oracleConfig.isScanNewlyAddedTableEnabled()).isTrue();
  }

  private static Object field(Object of, String name) throws ReflectiveOperationException {
    for (Class<?> c = of.getClass(); c != null; c = c.getSuperclass()) {
      try {
        java.lang.reflect.Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(of);
      } catch (NoSuchFieldException e) {
        // up the hierarchy
      }
    }
    throw new NoSuchFieldException(name + " in " + of.getClass());
  }

  @Test
  void theSandboxRefusesASinkConnectorAndAPaimonPathItDoesNotAllow() {
    Map<String, String> sandbox =
        Map.of(
            "sluice.sandbox.connectors",
            "mysql-cdc,upsert-kafka,paimon",
            "sluice.sandbox.filesystem-roots",
            engineHome.resolve("lakes").toUri().toString());
    Map<String, String> jdbc =
        Map.of("connector", "jdbc", "url", "jdbc:postgresql://h/db", "table-name", "refunds");
    assertThatThrownBy(
            () ->
                build(
                    List.of(
                        table("orders", paimon(Path.of("/etc/lake"), "orders")),
                        table("refunds", jdbc)),
                    sandbox,
                    false))
        .isInstanceOfSatisfying(
            ScriptException.class,
            e ->
                assertThat(e.problems().stream().map(p -> p.message()).toList())
                    .containsExactly(
                        "Table shop.orders: the path of its paimon table is not allowed: '"
                            + "file:///etc/lake/ods.db/orders' is outside the allowed filesystem"
                            + " roots ("
                            + engineHome.resolve("lakes").toUri().toString().replaceAll("/$", "")
                            + ")",
                        "Table shop.refunds: connector 'jdbc' of its sink is not allowed. Allowed"
                            + " connectors: mysql-cdc, paimon, upsert-kafka"));
  }

  private static Map<String, String> paimon(Path warehouse, String table) {
    return Map.of(
        "connector",
        "paimon",
        "path",
        warehouse.toUri().toString().replaceAll("/$", "") + "/ods.db/" + table,
        "auto-create",
        "true");
  }

  @Test
  void aPaimonTableIsCreatedAtDeployAndGivenTheColumnsItsSourceGained() throws Exception {
    Path lake = engineHome.resolve("lake");
    java.nio.file.Files.createDirectories(lake);
    Path orders = lake.resolve("ods.db").resolve("orders");

    // A plan builds its Paimon sinks against a scratch warehouse: nothing is created.
    build(List.of(table("orders", paimon(lake, "orders"))), Map.of(), false);
    assertThat(orders).doesNotExist();

    build(List.of(table("orders", paimon(lake, "orders"))), Map.of(), true);
    assertThat(paimonColumns(orders))
        .containsExactly("id INT NOT NULL", "amount DECIMAL(10, 2)", "note STRING");
    assertThat(paimonKey(orders)).containsExactly("id");

    // The source gained two columns, one between others: the plan still builds, and the deploy
    // adds both, nullable, at their places.
    SyncProgram.Table wider =
        new SyncProgram.Table(
            "shop",
            "orders",
            List.of(
                new SyncProgram.Column("id", "INT"),
                new SyncProgram.Column("channel", "STRING NOT NULL"),
                new SyncProgram.Column("amount", "DECIMAL(10, 2)"),
                new SyncProgram.Column("note", "STRING"),
                new SyncProgram.Column("seen", "TIMESTAMP(3)")),
            List.of("id"),
            "orders",
            paimon(lake, "orders"));
    build(List.of(wider), Map.of(), false);
    assertThat(paimonColumns(orders)).hasSize(3);
    SyncCompiler.Built built = build(List.of(wider), Map.of(), true);
    assertThat(paimonColumns(orders))
        .containsExactly(
            "id INT NOT NULL",
            "channel STRING",
            "amount DECIMAL(10, 2)",
            "note STRING",
            "seen TIMESTAMP(3)");
    assertThat(built.planText()).contains("shop.orders -> paimon orders by [id]");
  }

  private static List<String> paimonColumns(Path table) {
    return paimonTable(table).rowType().getFields().stream()
        .map(f -> f.name() + " " + f.type().asSQLString())
        .toList();
  }

  private static List<String> paimonKey(Path table) {
    return paimonTable(table).primaryKeys();
  }

  private static org.apache.paimon.table.FileStoreTable paimonTable(Path table) {
    return org.apache.paimon.table.FileStoreTableFactory.create(
        org.apache.paimon.fs.local.LocalFileIO.create(),
        new org.apache.paimon.fs.Path(table.toString()));
  }
}
