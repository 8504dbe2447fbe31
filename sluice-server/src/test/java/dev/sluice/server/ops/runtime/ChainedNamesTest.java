package dev.sluice.server.ops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChainedNamesTest {
  @Test
  void splitsAChainHeadFirst() {
    assertThat(ChainedNames.of("Source: orders[67] -> Calc[68]"))
        .containsExactly("Source: orders[67]", "Calc[68]");
    assertThat(ChainedNames.of("totals[71]: Writer -> totals[71]: Committer"))
        .containsExactly("totals[71]: Writer", "totals[71]: Committer");
  }

  @Test
  void aSingleOperatorIsItsOwnName() {
    assertThat(ChainedNames.of("GroupAggregate[70]")).containsExactly("GroupAggregate[70]");
  }

  @Test
  void flattensAForkInTheOrderFlinkWroteIt() {
    assertThat(
            ChainedNames.of(
                "Source: ticks[1] -> (Calc[2] -> Sink: a[3], Calc[4] -> ConstraintEnforcer[5] -> Sink: b[5])"))
        .containsExactly(
            "Source: ticks[1]",
            "Calc[2]",
            "Sink: a[3]",
            "Calc[4]",
            "ConstraintEnforcer[5]",
            "Sink: b[5]");
  }

  @Test
  void skipsArrowsAndCommasInsideAnOperatorsOwnName() {
    assertThat(
            ChainedNames.of(
                "Source: TableSourceScan(table=[[default_catalog, default_database, t]], fields=[a, b])"
                    + " -> Calc(select=[(a -> b) AS c, b])"))
        .containsExactly(
            "Source: TableSourceScan(table=[[default_catalog, default_database, t]], fields=[a, b])",
            "Calc(select=[(a -> b) AS c, b])");
  }

  @Test
  void anEmptyNameHasNoOperators() {
    assertThat(ChainedNames.of("")).isEmpty();
    assertThat(ChainedNames.of(null)).isEmpty();
  }
}
