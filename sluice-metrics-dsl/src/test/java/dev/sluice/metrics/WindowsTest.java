package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.metrics.DefinitionException.Problem;
import org.junit.jupiter.api.Test;

class WindowsTest {
  private static WindowSpec resolve(
      String type, String size, String slide, String step, String gap) {
    Problems problems = new Problems();
    WindowSpec spec =
        Windows.resolve(new MetricGroup.Window(type, size, slide, step, gap), "w", problems);
    try {
      problems.throwIfAny();
    } catch (DefinitionException e) {
      throw new AssertionError(e.problems().stream().map(Problem::toString).toList().toString());
    }
    return spec;
  }

  private static String problem(String type, String size, String slide, String step, String gap) {
    Problems problems = new Problems();
    Windows.resolve(new MetricGroup.Window(type, size, slide, step, gap), "w", problems);
    try {
      problems.throwIfAny();
      return "";
    } catch (DefinitionException e) {
      return e.getMessage();
    }
  }

  /** Window ids name statements and tables of deployed jobs: they must not change. */
  @Test
  void windowsAreTypedAndKeepTheirIds() {
    assertThat(resolve("tumble", "60s", null, null, null)).isEqualTo(new WindowSpec.Tumble(60));
    assertThat(resolve("tumble", "90s", null, null, null).id()).isEqualTo("tumble_90s");
    assertThat(resolve("hop", "10min", "1min", null, null))
        .isEqualTo(new WindowSpec.Hop(600, 60))
        .extracting(WindowSpec::id)
        .isEqualTo("hop_10m_1m");
    assertThat(resolve("cumulate", "1d", null, "1h", null).id()).isEqualTo("cumulate_1d_1h");
    assertThat(resolve("session", null, null, null, "30min").id()).isEqualTo("session_30m");
    WindowSpec unbounded = resolve("unbounded", null, null, null, null);
    assertThat(unbounded.id()).isEqualTo("unbounded");
    assertThat(unbounded.updating()).isTrue();
    assertThat(resolve("tumble", "1h", null, null, null).updating()).isFalse();
  }

  @Test
  void durationsAreCheckedWithTheirPath() {
    assertThat(problem("hop", "10min", "3min", null, null))
        .isEqualTo("w.slide: must divide the size (10m)");
    assertThat(problem("cumulate", "1d", null, null, null))
        .isEqualTo("w.step: a duration such as 1min");
    assertThat(problem("tumble", "1min", null, null, "5min"))
        .isEqualTo("w.gap: not used by a tumble window");
    assertThat(problem("sliding", null, null, null, null))
        .isEqualTo("w.type: tumble, hop, cumulate, session or unbounded");
  }
}
