package dev.sluice.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {
  @Test
  void theFourArgumentProblemIsOneCharacterLongWithoutSuggestions() {
    Problem p = new Problem(2, 4, 60, "Object 'x' not found");
    assertThat(p.endLine()).isEqualTo(4);
    assertThat(p.endColumn()).isEqualTo(60);
    assertThat(p.suggestions()).isEmpty();
  }

  @Test
  void aStoredProblemWithoutRangeOrSuggestionsIsReadBackAsOne() {
    Problem p = new Problem(2, 4, 60, "m", 0, 0, null);
    assertThat(p).isEqualTo(new Problem(2, 4, 60, "m"));
  }

  @Test
  void anEndBeforeTheStartIsTakenAsUnknown() {
    assertThat(new Problem(1, 3, 10, "m", 3, 2, List.of()).endColumn()).isEqualTo(10);
    assertThat(new Problem(1, 3, 10, "m", 3, 14, List.of("a")).endColumn()).isEqualTo(14);
  }

  @Test
  void keepsMessageRangeAndSuggestionsWhenTheMessageChanges() {
    Problem p = new Problem(1, 3, 10, "secret", 3, 14, List.of("a"));
    assertThat(p.withMessage("redacted"))
        .isEqualTo(new Problem(1, 3, 10, "redacted", 3, 14, List.of("a")));
  }
}
