package dev.sluice.engine.flink.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.debug.DebugRequest;
import dev.sluice.engine.api.debug.DebugStep;
import dev.sluice.engine.api.debug.SampleRowsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebugCompilerTest {
  static DebugCompiler debug;

  static final String SCRIPT =
      """
      CREATE TABLE orders (id BIGINT, amount DOUBLE, kts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
        ts AS CAST(kts AS TIMESTAMP(3)), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (
        'connector' = 'kafka', 'topic' = 'o', 'properties.bootstrap.servers' = 'k:9092',
        'properties.group.id' = 'g', 'format' = 'json');
      CREATE TABLE out1 (id BIGINT, doubled DOUBLE) WITH ('connector' = 'blackhole');
      CREATE VIEW big AS SELECT id, amount FROM orders WHERE amount > 10;
      INSERT INTO out1
      WITH twice AS (SELECT id, amount * 2 AS doubled FROM big),
           positive (i, d) AS (SELECT id, doubled FROM twice WHERE doubled > 0)
      SELECT i, d FROM positive;
      """;

  @BeforeAll
  static void setUp(@TempDir Path home) {
    ClassLoader cl = DebugCompilerTest.class.getClassLoader();
    debug = new DebugCompiler(new ScriptCompiler(cl, new ConnectorBundles(home, cl)));
  }

  private static DebugRequest request(Map<String, DebugRequest.SampleRows> samples) {
    return new DebugRequest(
        "sluice-debug-test", SCRIPT, Map.of(), samples, Map.of(), "http://localhost:1/ingest", "t");
  }

  @Test
  void everyViewCteAndInsertQueryIsAStepAndNoSinkIsWritten() {
    DebugCompiler.Debug d =
        debug.compile(
            request(
                Map.of(
                    "orders",
                    new DebugRequest.SampleRows(
                        "json",
                        List.of("{\"id\":1,\"amount\":12.5,\"kts\":\"2026-01-01 10:00:00Z\"}")))),
            new JobID());
    assertThat(d.steps())
        .extracting(DebugStep::name)
        .containsExactly("big", "twice", "positive", "out1");
    assertThat(d.steps())
        .extracting(DebugStep::kind)
        .containsExactly("VIEW", "CTE", "CTE", "INSERT");
    assertThat(d.steps().get(2).columns())
        .extracting(DebugStep.Column::name)
        .containsExactly("i", "d");
    // The INSERT's rows carry the sink's column names, as they land there.
    assertThat(d.steps().get(3).columns())
        .extracting(DebugStep.Column::name)
        .containsExactly("id", "doubled");
    List<String> vertices =
        d.compiled().jobGraph().getVerticesSortedTopologicallyFromSources().stream()
            .map(JobVertex::getName)
            .toList();
    assertThat(String.join(" | ", vertices))
        .contains("__sluice_tap_0", "__sluice_tap_3")
        .doesNotContain("out1");
    assertThat(d.compiled().bundles()).doesNotContain("kafka");
  }

  @Test
  void anAggregateInsertStepIsNamedByItsSinkNotByThePlanner() {
    String script =
        """
        CREATE TABLE o (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'datagen');
        CREATE TABLE totals (bucket BIGINT, total DECIMAL(38, 2)) WITH ('connector' = 'blackhole');
        INSERT INTO totals SELECT id % 10, SUM(amount) FROM o GROUP BY id % 10;
        """;
    DebugCompiler.Debug d =
        debug.compile(
            new DebugRequest(
                "sluice-debug-test",
                script,
                Map.of(),
                Map.of("o", new DebugRequest.SampleRows("json", List.of("{\"id\":3}"))),
                Map.of(),
                "http://localhost:1/ingest",
                "t"),
            new JobID());
    assertThat(d.steps()).hasSize(1);
    // Names of the sink, types of the query (id % 10 is an INT; the sink casts it on write).
    assertThat(d.steps().get(0).columns())
        .containsExactly(
            new DebugStep.Column("bucket", "INT"), new DebugStep.Column("total", "DECIMAL(38, 2)"));
  }

  @Test
  void sampleRowsThatDoNotFitAreNamedByTableRowAndColumn() {
    assertThatThrownBy(
            () ->
                debug.compile(
                    request(
                        Map.of(
                            "orders",
                            new DebugRequest.SampleRows(
                                "json",
                                List.of("{\"id\":1}", "{\"id\":\"x\"}", "{\"nope\":1}", "[1]")))),
                    new JobID()))
        .isInstanceOf(SampleRowsException.class)
        .satisfies(
            e -> {
              var problems = ((SampleRowsException) e).problems();
              assertThat(problems)
                  .extracting(SampleRowsException.RowProblem::row)
                  .containsExactly(2, 3, 4);
              assertThat(problems.get(0).column()).isEqualTo("id");
              assertThat(problems.get(1).column()).isEqualTo("nope");
            });
  }

  @Test
  void samplesForTablesTheScriptDoesNotHaveAreRefused() {
    assertThatThrownBy(
            () ->
                debug.compile(
                    request(Map.of("ordres", new DebugRequest.SampleRows("json", List.of()))),
                    new JobID()))
        .isInstanceOf(SampleRowsException.class)
        .hasMessageContaining("ordres")
        .hasMessageContaining("orders");
  }
}
