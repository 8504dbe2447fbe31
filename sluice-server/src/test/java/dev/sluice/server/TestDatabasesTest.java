package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class TestDatabasesTest {

  @Test
  void aMissingPostgresqlFailsUnderCi() {
    assertThatThrownBy(() -> TestDatabases.postgresUrl(Map.of("CI", "true")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(
            "PostgreSQL is required here (CI=true) but SLUICE_TEST_PG_URL is not set: run the"
                + " suite with dev/test, which starts PostgreSQL and sets it");
  }

  @Test
  void aMissingPostgresqlFailsUnderDevTest() {
    assertThatThrownBy(() -> TestDatabases.postgresUrl(Map.of("SLUICE_TEST_PG_REQUIRED", "true")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageStartingWith(
            "PostgreSQL is required here (SLUICE_TEST_PG_REQUIRED=true) but SLUICE_TEST_PG_URL");
  }

  @Test
  void aMissingPostgresqlIsSkippedWithTheReasonElsewhere() {
    assertThatThrownBy(() -> TestDatabases.postgresUrl(Map.of("CI", "false")))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("SLUICE_TEST_PG_URL is not set");
  }

  @Test
  void aConfiguredPostgresqlIsUsed() {
    assertThat(
            TestDatabases.postgresUrl(
                Map.of("CI", "true", "SLUICE_TEST_PG_URL", "jdbc:postgresql://localhost:5/x")))
        .isEqualTo("jdbc:postgresql://localhost:5/x");
  }
}
