package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTest {
  @Test
  void identifiersDoubleTheirBackticks() {
    assertThat(Sql.identifier("merchant_id")).isEqualTo("`merchant_id`");
    assertThat(Sql.identifier("odd`name")).isEqualTo("`odd``name`");
    assertThat(Sql.identifier("`")).isEqualTo("````");
    assertThat(Sql.qualified("dim", "a`b")).isEqualTo("`dim`.`a``b`");
    assertThat(Sql.identifiers(List.of("a", "b`"))).isEqualTo("`a`, `b```");
  }

  @Test
  void literalsDoubleTheirQuotes() {
    assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
    assertThat(Sql.literal("'); DROP TABLE x; --")).isEqualTo("'''); DROP TABLE x; --'");
    assertThat(Sql.option("topic", "a'b")).isEqualTo("'topic' = 'a''b'");
  }
}
