package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DefinitionValidatorTest {
  private static ResolvedGroup resolve(String yaml) {
    return DefinitionValidator.resolve(Definitions.parse(yaml));
  }

  @Test
  void aGroupResolvesToTypedWindowsColumnsAndInlinedDerivedMetrics() throws IOException {
    ResolvedGroup g = resolve(MetricCompilerTest.payments());
    assertThat(g.zone()).isEqualTo("Asia/Shanghai");
    assertThat(g.layout()).isEqualTo(Layout.FUSED);
    assertThat(g.windows())
        .extracting(ResolvedGroup.Window::spec)
        .containsExactly(
            new WindowSpec.Tumble(60),
            new WindowSpec.Hop(600, 60),
            new WindowSpec.Cumulate(86400, 60),
            new WindowSpec.Session(1800),
            new WindowSpec.Unbounded());
    assertThat(g.windows().get(1).metricNames()).containsExactly("tx_count");
    assertThat(g.columns())
        .containsEntry("amount", new FieldType("DOUBLE"))
        .containsEntry("event_ms", FieldType.BIGINT)
        .containsEntry("amount_yuan", FieldType.INFERRED);
    assertThat(g.eventTime())
        .isEqualTo(new ResolvedGroup.EventTime("event_ms", FieldType.BIGINT, 5));
    ResolvedGroup.Metric p99 = g.windows().get(0).metrics().get(4);
    assertThat(p99.aggregation()).isEqualTo(Aggregation.PERCENTILE);
    assertThat(p99.inputType()).isEqualTo(new FieldType("DOUBLE"));
    assertThat(p99.path()).isEqualTo("metrics[5]");
    assertThat(g.windows().get(0).metrics().get(2).filter().sql()).isEqualTo("amount >= 1000");
    ResolvedGroup.DerivedMetric share = g.derivedMetrics().get(0);
    assertThat(share.expr().sql())
        .isEqualTo("CAST(`big_tx` AS DOUBLE) / CAST(`tx_count` AS DOUBLE)");
    assertThat(share.uses()).containsExactlyInAnyOrder("big_tx", "tx_count");
    assertThat(g.sinks()).extracting(ResolvedGroup.Sink::name).containsExactly("print");
  }

  @Test
  void derivedMetricsInlineEachOtherInParentheses() throws IOException {
    ResolvedGroup g =
        resolve(
            MetricCompilerTest.payments()
                .replace(
                    "{name: big_share, expr: \"big_tx / tx_count\"}",
                    "{name: big_share, expr: \"big_tx / tx_count\"}\n"
                        + "  - {name: big_pct, expr: \"big_share * 100 -- percent\"}"));
    assertThat(g.derivedMetrics().get(1).expr().sql())
        .isEqualTo("(CAST(`big_tx` AS DOUBLE) / CAST(`tx_count` AS DOUBLE)) * 100");
  }

  @Test
  void unitsBelongToTimestampFieldsOfSources() throws IOException {
    ResolvedGroup g =
        resolve(
            MetricCompilerTest.payments()
                .replace("type: BIGINT}", "type: TIMESTAMP_LTZ, unit: seconds}"));
    assertThat(g.sources().get(0).fields().get(5))
        .isEqualTo(
            new ResolvedGroup.Column(
                "event_ms", "$.ts", FieldType.TIMESTAMP_LTZ, TimeUnit.SECONDS));
    assertThatThrownBy(
            () ->
                resolve(
                    MetricCompilerTest.payments()
                        .replace(
                            "type: STRING}\n      - {name: merchant_id",
                            "type: STRING, unit: seconds}\n      - {name: merchant_id")))
        .isInstanceOf(DefinitionException.class)
        .hasMessage(
            "sources[0].fields[1].unit: only a TIMESTAMP or TIMESTAMP_LTZ field has one: it says"
                + " what its epoch numbers count");
  }

  @Test
  void sinkNamesAreWhatAStatementNameCanCarry() throws IOException {
    assertThatThrownBy(
            () ->
                resolve(
                    MetricCompilerTest.payments()
                        .replace(
                            "  - {type: print}", "  - {name: \"my sink\\nDROP\", type: print}")))
        .hasMessage(
            "sinks[0].name: letters, digits, '_', '.' and '-' (at most 64): it names the sink's"
                + " statements");
    assertThat(
            resolve(
                    MetricCompilerTest.payments()
                        .replace("  - {type: print}", "  - {name: dw-eu.1, type: print}"))
                .sinks())
        .extracting(ResolvedGroup.Sink::name)
        .containsExactly("dw-eu.1");
  }
}
