package dev.sluice.server.datasources;

import dev.sluice.integration.source.SourceSpec;
import dev.sluice.server.jdbc.JdbcConnectionException;
import dev.sluice.server.jdbc.PasswordScrubber;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;

/**
 * Opens a read-only connection to a data source with the driver of its type (asked directly, not
 * through DriverManager, so no other driver on the class path sees the URL), with short timeouts
 * and the driver features that read local files or deserialize server data turned off.
 */
final class SourceConnector {
  static final int TIMEOUT_SECONDS = 5;

  private SourceConnector() {}

  static Connection open(SourceSpec spec, String password) {
    Driver driver =
        switch (spec.type()) {
          case MYSQL, MARIADB, OCEANBASE -> mysql();
          case POSTGRESQL -> new org.postgresql.Driver();
          case ORACLE -> new oracle.jdbc.OracleDriver();
        };
    try {
      Connection c =
          driver.connect(
              spec.jdbcUrl(),
              spec.type().connectionProperties(spec.username(), password, TIMEOUT_SECONDS));
      if (c == null) {
        throw new SQLException("the driver does not take the URL " + spec.jdbcUrl());
      }
      c.setReadOnly(true);
      return c;
    } catch (SQLException e) {
      throw failed(spec, password, "did not accept the connection", e);
    }
  }

  private static Driver mysql() {
    try {
      return new com.mysql.cj.jdbc.Driver();
    } catch (SQLException e) {
      throw new IllegalStateException("MySQL's driver cannot be loaded", e);
    }
  }

  /** A 422 naming the source and the database's own words, without the password. */
  static JdbcConnectionException failed(
      SourceSpec spec, String password, String what, SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // The drivers' first line says it; the rest is their own diagnostics.
    int newline = message.indexOf('\n');
    if (newline > 0) {
      message = message.substring(0, newline);
    }
    return new JdbcConnectionException(
        "The "
            + spec.type().label()
            + " database at "
            + spec.address()
            + " "
            + what
            + ": "
            + PasswordScrubber.scrub(message, password));
  }
}
