package dev.sluice.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which registered functions a saved version is pinned to: those its text calls. */
class FunctionCallsTest {
  @Test
  void aCallIsTheNameFollowedByAParenthesisInAnyCaseOrQuoting() {
    assertThat(FunctionService.calls("SELECT twice(n) FROM t", "twice")).isTrue();
    assertThat(FunctionService.calls("SELECT TWICE (n) FROM t", "twice")).isTrue();
    assertThat(FunctionService.calls("SELECT `twice`(n) FROM t", "twice")).isTrue();
    assertThat(FunctionService.calls("SELECT risk.total(n) FROM t", "risk.total")).isTrue();
    assertThat(FunctionService.calls("SELECT `risk`.`total`(n) FROM t", "risk.total")).isTrue();
  }

  @Test
  void aColumnOrALongerNameIsNoCall() {
    assertThat(FunctionService.calls("SELECT twice FROM t", "twice")).isFalse();
    assertThat(FunctionService.calls("SELECT twice_more(n) FROM t", "twice")).isFalse();
    assertThat(FunctionService.calls("SELECT my_twice(n) FROM t", "twice")).isFalse();
    assertThat(FunctionService.calls("SELECT other.twice(n) FROM t", "twice")).isFalse();
    assertThat(FunctionService.calls("SELECT total(n) FROM t", "risk.total")).isFalse();
  }
}
