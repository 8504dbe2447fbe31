package dev.sluice.engine.flink.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  @Test
  void countsInsertionsDeletionsSubstitutionsAndSwapsAsOneEditEach() {
    assertThat(DidYouMean.distance("amout", "amount")).isEqualTo(1);
    assertThat(DidYouMean.distance("summ", "sum")).isEqualTo(1);
    assertThat(DidYouMean.distance("kafak", "kafka")).isEqualTo(1);
    assertThat(DidYouMean.distance("orders", "ordres")).isEqualTo(1);
    assertThat(DidYouMean.distance("topc", "topic")).isEqualTo(1);
    assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
    assertThat(DidYouMean.distance("abc", "abc")).isZero();
  }

  @Test
  void suggestsTheClosestNamesFirstIgnoringCase() {
    assertThat(DidYouMean.suggest("amout", List.of("merchant", "amount", "id", "amounts")))
        .containsExactly("amount", "amounts");
    assertThat(DidYouMean.suggest("Amount", List.of("amount", "id"))).containsExactly("amount");
    assertThat(DidYouMean.suggest("summ", List.of("SUM", "SUBSTR", "COUNT")))
        .containsExactly("SUM");
  }

  @Test
  void suggestsNothingForAFarOffName() {
    assertThat(DidYouMean.suggest("xyzzy", List.of("amount", "merchant", "id"))).isEmpty();
    assertThat(DidYouMean.suggest("ab", List.of("id", "xy"))).isEmpty();
  }

  @Test
  void suggestsAtMostThreeNames() {
    assertThat(DidYouMean.suggest("col", List.of("cola", "colb", "colc", "cold", "cole")))
        .containsExactly("cola", "colb", "colc");
  }

  @Test
  void writesTheQuestion() {
    assertThat(DidYouMean.sentence(List.of("amount"))).isEqualTo("Did you mean 'amount'?");
    assertThat(DidYouMean.sentence(List.of("a", "b", "c")))
        .isEqualTo("Did you mean 'a', 'b' or 'c'?");
    assertThat(DidYouMean.sentence(List.of())).isEmpty();
  }
}
