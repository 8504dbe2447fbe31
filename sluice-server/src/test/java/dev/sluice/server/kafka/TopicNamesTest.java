package dev.sluice.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.errors.InvalidFieldException;
import org.junit.jupiter.api.Test;

class TopicNamesTest {
  @Test
  void acceptsKafkasLegalCharacters() {
    assertThat(TopicNames.require("payments.v2_eu-1")).isEqualTo("payments.v2_eu-1");
    assertThat(TopicNames.require("a".repeat(249))).hasSize(249);
  }

  @Test
  void refusesOtherCharactersAtTheTopicField() {
    for (String bad : new String[] {"", ".", "..", "a b", "a/b", "p%41", "ü", "a".repeat(250)}) {
      assertThatThrownBy(() -> TopicNames.require(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("topic"));
    }
    assertThatThrownBy(() -> TopicNames.require(null)).isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void internalTopicsStartWithTwoUnderscores() {
    assertThat(TopicNames.internal("__consumer_offsets")).isTrue();
    assertThat(TopicNames.internal("_schemas")).isFalse();
    assertThat(TopicNames.internal("payments")).isFalse();
  }
}
