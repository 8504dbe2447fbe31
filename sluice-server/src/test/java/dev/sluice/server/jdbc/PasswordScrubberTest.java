package dev.sluice.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordScrubberTest {
  @Test
  void masksEveryOccurrenceOfThePassword() {
    assertThat(
            PasswordScrubber.scrub(
                "FATAL: password authentication failed (got 's3cr3t', expected not s3cr3t)",
                "s3cr3t"))
        .isEqualTo("FATAL: password authentication failed (got '***', expected not ***)");
  }

  @Test
  void masksTheUrlEncodedFormToo() {
    assertThat(PasswordScrubber.scrub("jdbc:postgresql://h/db?x=p%40ss+w", "p@ss w"))
        .isEqualTo("jdbc:postgresql://h/db?x=***");
  }

  @Test
  void leavesTextAloneWithoutAPassword() {
    assertThat(PasswordScrubber.scrub("Connection refused", null)).isEqualTo("Connection refused");
    assertThat(PasswordScrubber.scrub("Connection refused", "")).isEqualTo("Connection refused");
    assertThat(PasswordScrubber.scrub(null, "pw")).isNull();
  }
}
