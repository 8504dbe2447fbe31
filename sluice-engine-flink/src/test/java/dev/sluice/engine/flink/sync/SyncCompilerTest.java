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
    ClassLoader loader = getClass().getClassLoader();
    SyncCompiler compiler = new SyncCompiler(loader, new ConnectorBundles(engineHome, loader));
    SyncProgram program =
        new SyncProgram(
            "orders-sync",
            new SyncProgram.Source(
                "mysql", "shopdb", "localhost", 3306, "shop", "u", "pw", Map.of()),
            tables,
            2,
            Map.of());
    return compiler.build(program, new JobID());
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
}
