package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlExpressionTest {
  private static SqlExpression parse(String text) {
    return SqlExpression.parse(text, "metrics[2].filter");
  }

  @Test
  void commentsAreStrippedAsTheParserWouldReadThem() {
    assertThat(parse("amount >= 1000 -- big ones").sql()).isEqualTo("amount >= 1000");
    assertThat(parse("amount >= 1000 -- big\n  AND channel = 'app'").sql())
        .isEqualTo("amount >= 1000    AND channel = 'app'");
    assertThat(parse("amount /* yuan */ >= 1000").sql()).isEqualTo("amount   >= 1000");
    // `--` and `/*` inside literals and quoted names are text, not comments.
    assertThat(parse("note = '-- not a comment' AND `a--b` = '/* x */'").sql())
        .isEqualTo("note = '-- not a comment' AND `a--b` = '/* x */'");
    assertThat(parse("amount - -1").sql()).isEqualTo("amount - -1");
  }

  @Test
  void referencesAreNamesNotLiteralsFunctionsOrFieldsOfSomething() {
    assertThat(
            parse(
                    "CAST(big AS DOUBLE) / tx + `odd``name` - e.tx + COUNT(tx) + 1e3"
                        + " + LENGTH('big') + \"quoted\"")
                .references())
        .containsExactly("big", "AS", "DOUBLE", "tx", "odd`name", "e", "tx", "quoted");
  }

  @Test
  void replacingANameLeavesLiteralsAlone() {
    SqlExpression e = parse("CASE WHEN 'big' = label THEN big ELSE `big` END / tx -- big");
    assertThat(e.replace(n -> n.equals("big") ? "CAST(`big` AS DOUBLE)" : null).sql())
        .isEqualTo(
            "CASE WHEN 'big' = label THEN CAST(`big` AS DOUBLE) ELSE CAST(`big` AS DOUBLE) END / tx");
  }

  @Test
  void unterminatedQuotesAndCommentsAreNamedByPath() {
    assertThatThrownBy(() -> parse("channel = 'app"))
        .isInstanceOf(DefinitionException.class)
        .hasMessage(
            "metrics[2].filter: a string literal starting at character 11 is not closed: write ''"
                + " for a ' inside it");
    assertThatThrownBy(() -> parse("`amount > 1"))
        .hasMessage(
            "metrics[2].filter: a quoted name starting at character 1 is not closed: write `` for"
                + " a ` inside it");
    assertThatThrownBy(() -> parse("amount > 1 /* open"))
        .hasMessage("metrics[2].filter: a comment starting at character 12 is not closed with */");
  }
}
