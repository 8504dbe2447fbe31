package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementPlannerTest {
  private static StatementPlan plan(String yaml) {
    return StatementPlanner.plan(DefinitionValidator.resolve(Definitions.parse(yaml)));
  }

  private static List<String> names(StatementPlan plan) {
    return plan.inserts().stream().map(StatementPlan.Insert::statement).toList();
  }

  @Test
  void fusedWindowsAreOneUnitEach() throws IOException {
    StatementPlan plan = plan(MetricCompilerTest.payments());
    assertThat(names(plan))
        .containsExactly(
            "tumble_1m__print",
            "hop_10m_1m__print",
            "cumulate_1d_1m__print",
            "session_30m__print",
            "unbounded__print");
    StatementPlan.Unit tumble = plan.inserts().get(0).unit();
    assertThat(tumble.name()).isNull();
    assertThat(tumble.metrics().stream().map(ResolvedGroup.Metric::name))
        .containsExactly("tx_count", "amount_sum", "big_tx", "payers", "p99");
    assertThat(tumble.derived().stream().map(ResolvedGroup.DerivedMetric::name))
        .containsExactly("big_share");
    assertThat(tumble.path()).isEqualTo("metrics[0]");
    assertThat(plan.inserts().get(0).table()).isEqualTo("out_tumble_1m_print");
    // big_share needs tx_count and big_tx: only the 1-minute window has both.
    assertThat(plan.inserts().get(1).unit().derived()).isEmpty();
    assertThat(plan.malformed())
        .extracting(StatementPlan.Malformed::statement)
        .containsExactly("malformed__print");
    assertThat(plan.windows().get("hop_10m_1m")).containsExactly("tx_count");
  }

  /** Deployed jobs restore each statement's state by these names: they must never change. */
  @Test
  void perMetricUnitsAreNamedAfterTheirMetricWindowAndSink() throws IOException {
    StatementPlan plan =
        plan(
            MetricCompilerTest.payments()
                .replace("timeZone: Asia/Shanghai", "timeZone: Asia/Shanghai\nlayout: per_metric")
                .replace(
                    "  - {type: print}", "  - {type: print}\n  - {name: dw, type: blackhole}"));
    assertThat(names(plan).subList(0, 12))
        .containsExactly(
            "tx_count__tumble_1m__print",
            "tx_count__tumble_1m__dw",
            "amount_sum__tumble_1m__print",
            "amount_sum__tumble_1m__dw",
            "big_tx__tumble_1m__print",
            "big_tx__tumble_1m__dw",
            "payers__tumble_1m__print",
            "payers__tumble_1m__dw",
            "p99__tumble_1m__print",
            "p99__tumble_1m__dw",
            "big_share__tumble_1m__print",
            "big_share__tumble_1m__dw");
    assertThat(names(plan))
        .contains("tx_count__hop_10m_1m__dw", "running_total__unbounded__print")
        .hasSize(2 * 10);
    StatementPlan.Unit share = plan.inserts().get(10).unit();
    assertThat(share.emitsMetrics()).isFalse();
    assertThat(share.metrics().stream().map(ResolvedGroup.Metric::name))
        .containsExactly("tx_count", "big_tx");
    assertThat(share.path()).isEqualTo("derived[0]");
    assertThat(plan.inserts().get(10).table()).isEqualTo("out_tumble_1m_big_share_print");
  }
}
