package dev.sluice.server.ops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.api.JobGraphView.Operator;
import dev.sluice.engine.api.JobGraphView.Vertex;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VertexOwnersTest {
  private static final String ORDERS = "source:default_catalog.default_database.orders";
  private static final String TOTALS = "default_catalog.default_database.totals#1a2b3c4d5e6f";
  private static final String COUNTS = "default_catalog.default_database.counts#6f5e4d3c2b1a";

  @Test
  void aVertexBelongsToTheOneStatementItsOperatorsServe() {
    Vertex v =
        new Vertex(
            "5039292525804657a88624bcd026a442",
            "Source: orders[1] -> Calc[2]",
            2,
            128,
            List.of(
                new Operator(
                    "5039292525804657a88624bcd026a442", "Source: orders[1]", ORDERS, ORDERS),
                new Operator("aa", "Calc[2]", "stmt:" + TOTALS + ":calc", TOTALS)));

    assertThat(VertexOwners.owner(v)).isEqualTo(new VertexOwners.Owner(TOTALS, ORDERS));
  }

  @Test
  void aVertexServingSeveralStatementsIsShared() {
    Vertex v =
        new Vertex(
            "v1",
            "Source: orders[1] -> (Calc[2] -> Sink: totals[3], Calc[4] -> Sink: counts[5])",
            1,
            128,
            List.of(
                new Operator("v1", "Source: orders[1]", ORDERS, ORDERS),
                new Operator("a", "Calc[2]", "u2", TOTALS),
                new Operator("b", "Calc[4]", "u4", COUNTS)));

    assertThat(VertexOwners.owner(v)).isEqualTo(new VertexOwners.Owner("shared", ORDERS));
  }

  @Test
  void aVertexOfOnlyASourceIsTheSources() {
    Vertex v =
        new Vertex(
            "v1",
            "Source: orders[1]",
            1,
            128,
            List.of(new Operator("v1", "Source: orders[1]", ORDERS, ORDERS)));

    assertThat(VertexOwners.owner(v)).isEqualTo(new VertexOwners.Owner(ORDERS, ORDERS));
  }

  @Test
  void theCompiledGraphComesFirstAndTheRecordedOwnersNameTheOtherVerticesHeads() {
    JobGraphView graph =
        new JobGraphView(
            List.of(
                new Vertex(
                    "v1",
                    "GroupAggregate[3]",
                    2,
                    128,
                    List.of(new Operator("v1", "GroupAggregate[3]", "u3", TOTALS)))),
            List.of());
    VertexOwners owners =
        VertexOwners.of(Optional.of(graph), Map.of("v1", COUNTS, "v2", COUNTS, "v3", ORDERS));

    assertThat(owners.owner("v1")).contains(new VertexOwners.Owner(TOTALS, "u3"));
    assertThat(owners.owner("v2")).contains(new VertexOwners.Owner(COUNTS, null));
    assertThat(owners.owner("v3")).contains(new VertexOwners.Owner(ORDERS, null));
    assertThat(owners.owner("v4")).isEmpty();
    assertThat(VertexOwners.of(Optional.empty(), Map.of()).owner("v1")).isEmpty();
  }
}
