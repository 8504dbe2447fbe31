package dev.sluice.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.errors.InvalidFieldException;
import org.junit.jupiter.api.Test;

class SampleLimitTest {
  @Test
  void defaultsToTwentyAndAcceptsOneToTwoHundred() {
    assertThat(SampleLimit.parse(null)).isEqualTo(20);
    assertThat(SampleLimit.parse(" ")).isEqualTo(20);
    assertThat(SampleLimit.parse("1")).isEqualTo(1);
    assertThat(SampleLimit.parse("200")).isEqualTo(200);
  }

  @Test
  void refusesOtherValuesNamingTheLimitField() {
    for (String bad : new String[] {"0", "-1", "201", "ten", "2.5", "99999999999"}) {
      assertThatThrownBy(() -> SampleLimit.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidFieldException.class,
              e -> {
                assertThat(e.field()).isEqualTo("limit");
                assertThat(e.getMessage())
                    .isEqualTo("limit: '" + bad + "' is not a whole number from 1 to 200");
              });
    }
  }
}
