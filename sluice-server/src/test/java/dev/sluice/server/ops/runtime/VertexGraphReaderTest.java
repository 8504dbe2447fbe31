package dev.sluice.server.ops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.api.JobGraphView.Operator;
import dev.sluice.engine.api.JobGraphView.Vertex;
import dev.sluice.server.ops.metrics.FlinkRestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vertices of the recorded {@code orders} job (source and calc, an aggregate, a sink writer and
 * committer); every value below is the recorded one, by hand.
 */
class VertexGraphReaderTest {
  static final String ORDERS = "4ad756ed0ff94b43a37ccfd1123cc1c9";
  static final String SOURCE = "5039292525804657a88624bcd026a442";
  static final String AGGREGATE = "e0c7745b52e4a901674387ed3604b8d3";
  static final String SINK = "666079dcf410e83224b55e0999717179";
  static final String TOTALS = "default_catalog.default_database.totals#1a2b3c4d5e6f";

  private final RecordedFlinkRest flink =
      new RecordedFlinkRest()
          .on("/jobs/" + ORDERS, "job-orders.json")
          .vertex(ORDERS, SOURCE, "vertex-" + SOURCE + ".json")
          .vertex(ORDERS, AGGREGATE, "vertex-" + AGGREGATE + ".json")
          .vertex(ORDERS, SINK, "vertex-" + SINK + ".json");
  private final VertexGraphReader reader =
      new VertexGraphReader(
          new FlinkRestClient(JsonMapper.builder().build(), Duration.ofSeconds(5)));

  @AfterEach
  void stop() {
    flink.close();
  }

  private static VertexOwners owners() {
    JobGraphView graph =
        new JobGraphView(
            List.of(
                new Vertex(
                    SOURCE,
                    "Source: orders[3] -> Calc[4]",
                    2,
                    128,
                    List.of(
                        new Operator(SOURCE, "Source: orders[3]", "source:orders", "source:orders"),
                        new Operator("c1", "Calc[4]", "u-calc", TOTALS))),
                new Vertex(
                    AGGREGATE,
                    "GroupAggregate[6]",
                    2,
                    128,
                    List.of(new Operator(AGGREGATE, "GroupAggregate[6]", "u-agg", TOTALS)))),
            List.of());
    return VertexOwners.of(Optional.of(graph), Map.of());
  }

  @Test
  void readsEachVertexWithItsInputsStatementAndLiveValues() {
    JsonNode details = reader.details(flink.url(), ORDERS);

    List<JobVertices.Vertex> vertices = reader.vertices(flink.url(), ORDERS, details, owners());

    assertThat(vertices)
        .containsExactly(
            new JobVertices.Vertex(
                SOURCE,
                "Source: orders[67] -> Calc[68]",
                2,
                128,
                "RUNNING",
                List.of("Source: orders[67]", "Calc[68]"),
                TOTALS,
                "source:orders",
                List.of(),
                // A source's input is what its source operator emits (sum over subtasks).
                110.0,
                80.0,
                // Flink reports NaN busy time for a source whose thread it does not measure.
                null,
                25.0,
                0.0),
            new JobVertices.Vertex(
                AGGREGATE,
                "GroupAggregate[70]",
                2,
                128,
                "RUNNING",
                List.of("GroupAggregate[70]"),
                TOTALS,
                "u-agg",
                List.of(new JobVertices.Input(SOURCE, "HASH")),
                80.0,
                5.0,
                90.0,
                10.0,
                5.0),
            new JobVertices.Vertex(
                SINK,
                "totals[71]: Writer -> totals[71]: Committer",
                1,
                128,
                "RUNNING",
                List.of("totals[71]: Writer", "totals[71]: Committer"),
                null,
                null,
                List.of(new JobVertices.Input(AGGREGATE, "FORWARD")),
                5.0,
                0.0,
                2.0,
                0.0,
                97.0));
  }

  @Test
  void asksOnlyForNamesTheVertexListed() {
    reader.vertices(flink.url(), ORDERS, reader.details(flink.url(), ORDERS), owners());

    assertThat(flink.requests())
        .contains(
            "/jobs/" + ORDERS + "/vertices/" + SOURCE + "/subtasks/metrics",
            "/jobs/"
                + ORDERS
                + "/vertices/"
                + SOURCE
                + "/subtasks/metrics?get=numRecordsInPerSecond,numRecordsOutPerSecond,"
                + "busyTimeMsPerSecond,idleTimeMsPerSecond,backPressuredTimeMsPerSecond,"
                + "Source__orders[67].numRecordsOutPerSecond&agg=max,sum",
            "/jobs/"
                + ORDERS
                + "/vertices/"
                + SINK
                + "/subtasks/metrics?get=numRecordsInPerSecond,numRecordsOutPerSecond,"
                + "busyTimeMsPerSecond,idleTimeMsPerSecond,backPressuredTimeMsPerSecond&agg=max,sum");
  }

  @Test
  void aVertexThatDoesNotRunHasNoValuesAndIsNotAsked() {
    ObjectNode details = (ObjectNode) reader.details(flink.url(), ORDERS);
    ArrayNode vertices = (ArrayNode) details.get("vertices");
    ((ObjectNode) vertices.get(1)).put("status", "INITIALIZING");

    JobVertices.Vertex aggregate =
        reader.vertices(flink.url(), ORDERS, details, VertexOwners.none()).get(1);

    assertThat(aggregate.status()).isEqualTo("INITIALIZING");
    assertThat(aggregate.statement()).isNull();
    assertThat(aggregate.recordsInPerSecond()).isNull();
    assertThat(aggregate.recordsOutPerSecond()).isNull();
    assertThat(aggregate.busyPercent()).isNull();
    assertThat(aggregate.backpressuredPercent()).isNull();
    assertThat(aggregate.idlePercent()).isNull();
    assertThat(flink.requests()).noneMatch(r -> r.contains("/vertices/" + AGGREGATE));
  }
}
