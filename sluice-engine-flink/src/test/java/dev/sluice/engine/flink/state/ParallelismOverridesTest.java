package dev.sluice.engine.flink.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import dev.sluice.engine.flink.compile.JobGraphViews;
import dev.sluice.engine.flink.compile.ScriptCompiler;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelismOverridesTest {
  static ScriptCompiler compiler;

  static final String SCRIPT =
      """
      SET 'pipeline.max-parallelism' = '16';
      CREATE TABLE payments (merchant STRING, channel STRING, amount BIGINT) WITH ('connector' = 'datagen');
      CREATE TABLE per_merchant (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'blackhole');
      CREATE TABLE everything (v BIGINT) WITH ('connector' = 'blackhole');
      INSERT INTO per_merchant SELECT merchant, COUNT(*) FROM payments WHERE amount > 0 GROUP BY merchant;
      INSERT INTO everything SELECT COUNT(*) FROM payments;
      """;

  @BeforeAll
  static void setUp(@TempDir Path home) {
    ClassLoader cl = ParallelismOverridesTest.class.getClassLoader();
    compiler = new ScriptCompiler(cl, new ConnectorBundles(home, cl));
  }

  static JobGraphView compile(Map<String, Integer> overrides) {
    ScriptCompiler.Compiled c =
        compiler.compile(
            new CompileRequest("job", SCRIPT, Map.of(), Set.of(), overrides), new JobID());
    return JobGraphViews.describe(c.streamGraph(), c.jobGraph(), c.owners());
  }

  static String uidOf(JobGraphView view, String namePart) {
    return view.vertices().stream()
        .flatMap(v -> v.operators().stream())
        .filter(o -> o.name().startsWith(namePart))
        .map(JobGraphView.Operator::uid)
        .findFirst()
        .orElseThrow();
  }

  static JobGraphView.Vertex vertexOf(JobGraphView view, String uid) {
    return view.vertices().stream()
        .filter(v -> v.operators().stream().anyMatch(o -> uid.equals(o.uid())))
        .findFirst()
        .orElseThrow();
  }

  static void assertNoForwardEdgeChangesParallelism(JobGraphView view) {
    Map<String, Integer> parallelism = new HashMap<>();
    view.vertices().forEach(v -> parallelism.put(v.id(), v.parallelism()));
    for (JobGraphView.Edge e : view.edges()) {
      if (e.shipStrategy().equals("FORWARD")) {
        assertThat(parallelism.get(e.source()))
            .as(e.toString())
            .isEqualTo(parallelism.get(e.target()));
      }
    }
  }

  @Test
  void setsAnAggregateAndItsChainAndKeepsTheKeyedExchange() {
    JobGraphView plain = compile(Map.of());
    String aggregate = uidOf(plain, "GroupAggregate");
    JobGraphView set = compile(Map.of(aggregate, 4));
    JobGraphView.Vertex v = vertexOf(set, aggregate);
    assertThat(v.parallelism()).isEqualTo(4);
    assertThat(v.operators()).anySatisfy(o -> assertThat(o.name()).contains("per_merchant"));
    assertThat(set.edges())
        .filteredOn(e -> e.target().equals(v.id()))
        .extracting(JobGraphView.Edge::shipStrategy)
        .containsOnly("HASH");
    assertNoForwardEdgeChangesParallelism(set);
  }

  @Test
  void settingAChainedOperatorSetsItsWholeChain() {
    JobGraphView plain = compile(Map.of());
    String calc = uidOf(plain, "Calc");
    JobGraphView set = compile(Map.of(calc, 3));
    JobGraphView.Vertex v = vertexOf(set, calc);
    assertThat(v.parallelism()).isEqualTo(3);
    assertThat(v.operators()).anySatisfy(o -> assertThat(o.name()).startsWith("Source: payments"));
    assertNoForwardEdgeChangesParallelism(set);
  }

  @Test
  void refusesBadValuesAndSingletonsAndIgnoresUnknownOperators() {
    JobGraphView plain = compile(Map.of());
    String aggregate = uidOf(plain, "GroupAggregate");
    String global =
        plain.vertices().stream()
            .filter(v -> v.operators().stream().anyMatch(o -> o.name().startsWith("everything")))
            .flatMap(v -> v.operators().stream())
            .filter(o -> o.name().contains("Aggregate"))
            .map(JobGraphView.Operator::uid)
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> compile(Map.of(aggregate, 0))).hasMessageContaining("positive");
    assertThatThrownBy(() -> compile(Map.of(aggregate, 17)))
        .hasMessageContaining("max parallelism 16");
    assertThatThrownBy(() -> compile(Map.of(global, 2))).hasMessageContaining("single instance");
    assertThat(compile(Map.of("stmt:gone:123", 5)).vertices())
        .allSatisfy(v -> assertThat(v.parallelism()).isEqualTo(1));
  }
}
