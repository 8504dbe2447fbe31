package dev.sluice.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The throwaway PostgreSQL that dev/test starts for the suite (SLUICE_TEST_PG_URL). Where it is
 * required (CI=true, or dev/test, which sets SLUICE_TEST_PG_REQUIRED=true) a missing one fails the
 * test; elsewhere, a developer's plain {@code mvn verify}, the test is skipped with the reason.
 */
final class TestPostgres {
  private TestPostgres() {}

  static String url() {
    return url(System.getenv());
  }

  static String url(Map<String, String> env) {
    String url = env.get("SLUICE_TEST_PG_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (Boolean.parseBoolean(env.get("CI"))
        || Boolean.parseBoolean(env.get("SLUICE_TEST_PG_REQUIRED"))) {
      Assertions.fail(
          "PostgreSQL is required here ("
              + (Boolean.parseBoolean(env.get("CI")) ? "CI=true" : "SLUICE_TEST_PG_REQUIRED=true")
              + ") but SLUICE_TEST_PG_URL is not set: run the suite with dev/test, which starts"
              + " PostgreSQL and sets it");
    }
    Assumptions.abort(
        "SLUICE_TEST_PG_URL is not set: the PostgreSQL test is skipped (dev/test starts PostgreSQL"
            + " and runs it; CI=true makes it required)");
    throw new AssertionError("unreachable");
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
