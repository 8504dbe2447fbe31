package dev.sluice.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.metrics.Definitions;
import dev.sluice.server.TestDatabases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Listings name each saved version's windows and their metrics, without the engine. */
class MetricGroupListingTest {
  private static final String PAY =
      """
      name: pay
      sources:
        - name: payments
          kafka: {topic: payments, bootstrapServers: "localhost:9092"}
          fields:
            - {name: merchant_id, path: $.merchant.id, type: STRING}
            - {name: amount, path: $.amount, type: DOUBLE}
            - {name: ts, path: $.ts, type: BIGINT}
      eventTime: {field: ts}
      keys: [merchant_id]
      metrics:
        - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}, {type: hop, size: 10min, slide: 1min}]}
        - {name: top, aggregation: max, input: amount, windows: [{type: tumble, size: 1min}]}
      derived:
        - {name: share, expr: "top / tx"}
      sinks:
        - {type: print}
      """;

  @Test
  void theListingNamesEveryWindowWithItsMetrics() {
    MetricGroupRepository repository =
        new MetricGroupRepository(TestDatabases.migratedClient("h2"));
    repository.add("demo", "pay", Definitions.toJson(Definitions.parse(PAY)), "--", "ana", null);
    // A version reusing a metric of a version that is not there any more: its windows are unknown.
    String reusing =
        PAY.replace("name: pay", "name: reuse")
            .replace("derived:", "references: [gone.tx@1]\nderived:");
    repository.add(
        "demo", "reuse", Definitions.toJson(Definitions.parse(reusing)), "--", "bo", null);
    MetricGroupService service =
        new MetricGroupService(null, null, repository, null, null, null, null, null, null);

    Map<String, Map<String, List<String>>> windows = new java.util.TreeMap<>();
    Map<String, List<String>> metrics = new java.util.TreeMap<>();
    for (MetricGroupService.VersionView v : service.list()) {
      windows.put(v.name(), v.windows());
      metrics.put(v.name(), v.metrics());
    }
    assertThat(windows).containsOnlyKeys("pay", "reuse");
    assertThat(windows.get("pay"))
        .containsExactly(
            Map.entry("tumble_1m", List.of("tx", "top", "share")),
            Map.entry("hop_10m_1m", List.of("tx")));
    assertThat(windows.get("reuse")).isNull();
    // What a reference may name: the group's own metrics, not its derived ones.
    assertThat(metrics)
        .containsEntry("pay", List.of("tx", "top"))
        .containsEntry("reuse", List.of("tx", "top"));
    assertThat(service.versions("pay").get(0).windows()).isEqualTo(windows.get("pay"));
  }
}
