package dev.sluice.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/** The throwaway PostgreSQL that dev/test starts for the suite. */
final class TestPostgres {
  private TestPostgres() {}

  /** Its JDBC URL; the test is skipped (not failed) when the suite runs without it. */
  static String url() {
    String url = System.getenv("SLUICE_TEST_PG_URL");
    Assumptions.assumeTrue(
        url != null,
        "SLUICE_TEST_PG_URL not set: run the suite with dev/test, which starts PostgreSQL");
    return url;
  }

  static String user() {
    return System.getenv().getOrDefault("SLUICE_TEST_PG_USER", "postgres");
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), "");
  }

  static void exec(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(sql);
    }
  }
}
