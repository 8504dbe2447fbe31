package dev.sluice.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordTextTest {
  @Test
  void keepsShortValuesWhole() {
    assertThat(RecordText.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new RecordText("{\"a\":1}", false));
    assertThat(RecordText.of(null)).isEqualTo(new RecordText(null, false));
    assertThat(RecordText.of(new byte[0])).isEqualTo(new RecordText("", false));
  }

  @Test
  void cutsAtTheLimitAndMarksIt() {
    byte[] big = "x".repeat(RecordText.MAX_BYTES + 10).getBytes(StandardCharsets.UTF_8);
    RecordText t = RecordText.of(big);
    assertThat(t.cut()).isTrue();
    assertThat(t.text()).isEqualTo("x".repeat(RecordText.MAX_BYTES));
    assertThat(
            RecordText.of("x".repeat(RecordText.MAX_BYTES).getBytes(StandardCharsets.UTF_8)).cut())
        .isFalse();
  }

  @Test
  void neverEndsInHalfACharacter() {
    // "aé€" is 1 + 2 + 3 bytes; cut at 4 bytes lands inside the euro sign.
    byte[] bytes = "aé€".getBytes(StandardCharsets.UTF_8);
    assertThat(RecordText.of(bytes, 4)).isEqualTo(new RecordText("aé", true));
    assertThat(RecordText.of(bytes, 2)).isEqualTo(new RecordText("a", true));
  }
}
