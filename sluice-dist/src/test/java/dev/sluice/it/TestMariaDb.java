package dev.sluice.it;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The throwaway MariaDB that dev/test starts for the suite with the binlog the MySQL CDC connector
 * reads (SLUICE_TEST_MYSQL_URL, root without a password). Required where PostgreSQL is (CI=true or
 * SLUICE_TEST_MYSQL_REQUIRED=true): a missing one fails the test; elsewhere it is skipped.
 */
final class TestMariaDb {
  private TestMariaDb() {}

  static String url() {
    Map<String, String> env = System.getenv();
    String url = env.get("SLUICE_TEST_MYSQL_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (Boolean.parseBoolean(env.get("CI"))
        || Boolean.parseBoolean(env.get("SLUICE_TEST_MYSQL_REQUIRED"))) {
      Assertions.fail(
          "MariaDB is required here but SLUICE_TEST_MYSQL_URL is not set: run the suite with"
              + " dev/test, which starts MariaDB and sets it");
    }
    Assumptions.abort(
        "SLUICE_TEST_MYSQL_URL is not set: the MariaDB test is skipped (dev/test starts MariaDB"
            + " and runs it)");
    throw new AssertionError("unreachable");
  }

  static String user() {
    return System.getenv().getOrDefault("SLUICE_TEST_MYSQL_USER", "root");
  }

  /** The host, port and database of the URL, as a data source names them. */
  static URI address() {
    return URI.create(url().substring("jdbc:".length()));
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
