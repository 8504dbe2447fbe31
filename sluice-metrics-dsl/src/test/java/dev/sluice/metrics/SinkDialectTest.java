package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SinkDialectTest {
  private static MetricGroup.Sink sink(String type) {
    return new MetricGroup.Sink(
        "s",
        type,
        "k1:9092",
        "risk'o",
        "jdbc:postgresql://db/dw",
        "risk",
        "u",
        null,
        "file:///lake//");
  }

  private static SinkDialect.Target target(String type, String metric) {
    return new SinkDialect.Target("payments", sink(type), "tumble_1m", metric);
  }

  @Test
  void kafkaWritesATopicPerWindowAndUpsertsUpdatingResults() {
    SinkDialect kafka = SinkDialect.of(SinkType.KAFKA);
    assertThat(kafka.keyed(false)).isFalse();
    assertThat(kafka.keyed(true)).isTrue();
    assertThat(kafka.options(target("kafka", null), false))
        .containsExactly(
            "'connector' = 'kafka'",
            "'topic' = 'risk''o.tumble_1m'",
            "'properties.bootstrap.servers' = 'k1:9092'",
            "'format' = 'json'");
    assertThat(kafka.options(target("kafka", "p99"), true))
        .containsExactly(
            "'connector' = 'upsert-kafka'",
            "'topic' = 'risk''o.tumble_1m.p99'",
            "'properties.bootstrap.servers' = 'k1:9092'",
            "'key.format' = 'json'",
            "'value.format' = 'json'");
  }

  @Test
  void jdbcSharesATablePerWindowEvenPerMetric() {
    SinkDialect jdbc = SinkDialect.of(SinkType.JDBC);
    assertThat(jdbc.keyed(false)).isTrue();
    assertThat(jdbc.options(target("jdbc", "p99"), false))
        .containsExactly(
            "'connector' = 'jdbc'",
            "'url' = 'jdbc:postgresql://db/dw'",
            "'table-name' = 'risk_tumble_1m'",
            "'username' = 'u'",
            "'password' = ''");
  }

  @Test
  void paimonPrintAndBlackhole() {
    assertThat(SinkDialect.of(SinkType.PAIMON).options(target("paimon", "p99"), false))
        .containsExactly(
            "'connector' = 'paimon'",
            "'path' = 'file:///lake/default.db/risk_tumble_1m_p99'",
            "'auto-create' = 'true'");
    assertThat(SinkDialect.of(SinkType.PAIMON).keyed(false)).isTrue();
    assertThat(SinkDialect.of(SinkType.PRINT).options(target("print", "p99"), false))
        .containsExactly("'connector' = 'print'", "'print-identifier' = 'payments.tumble_1m.p99'");
    assertThat(SinkDialect.of(SinkType.PRINT).keyed(true)).isFalse();
    assertThat(SinkDialect.of(SinkType.BLACKHOLE).options(target("blackhole", null), true))
        .containsExactly("'connector' = 'blackhole'");
  }
}
