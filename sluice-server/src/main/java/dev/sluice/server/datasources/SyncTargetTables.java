package dev.sluice.server.datasources;

import dev.sluice.integration.source.SourceType;
import dev.sluice.integration.sync.SyncPlan;
import dev.sluice.integration.sync.SyncTarget;
import dev.sluice.integration.sync.TargetDdl;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jdbc.JdbcConnectionException;
import dev.sluice.server.jdbc.PasswordScrubber;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A JDBC target's tables, made ready before a sync job is deployed: each created if it does not
 * exist, with the source table's primary key, and given the columns its source table has gained
 * since. The server connects with the driver of the URL's database itself, with none of the
 * drivers' parameters that load classes or read files.
 */
@Component
public class SyncTargetTables {
  private static final Logger LOG = LoggerFactory.getLogger(SyncTargetTables.class);
  private static final int TIMEOUT_SECONDS = 10;
  private static final Set<String> POSTGRES_PARAMETERS =
      Set.of("ssl", "sslmode", "currentschema", "applicationname");
  private static final Set<String> MYSQL_PARAMETERS =
      Set.of("usessl", "sslmode", "servertimezone", "connectiontimezone", "characterencoding");

  /** What was done to the target's tables. */
  public record Prepared(List<String> created, List<String> columnsAdded) {}

  public Prepared prepare(SyncTarget target, String password, SyncPlan plan) {
    checkParameters(target);
    SourceType type =
        "postgresql".equals(target.dialect()) ? SourceType.POSTGRESQL : SourceType.MYSQL;
    List<String> created = new ArrayList<>();
    List<String> added = new ArrayList<>();
    try (Connection c = connect(target, type, password);
        Statement s = c.createStatement()) {
      for (SyncPlan.PlannedTable t : plan.tables()) {
        List<String> existing = columns(s, target, t.target());
        if (existing == null) {
          s.execute(t.ddl());
          created.add(t.target());
          continue;
        }
        for (SyncPlan.ColumnPlan col : t.columns()) {
          boolean present =
              existing.stream()
                  .anyMatch(
                      e ->
                          type == SourceType.POSTGRESQL
                              ? e.equals(col.name())
                              : e.equalsIgnoreCase(col.name()));
          if (!present) {
            s.execute(TargetDdl.addColumn(target, t.target(), col));
            added.add(t.target() + "." + col.name());
          }
        }
      }
    } catch (SQLException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new JdbcConnectionException(
          "The sync's target database at "
              + PasswordScrubber.scrub(target.address(), password)
              + " could not be prepared: "
              + PasswordScrubber.scrub(message, password));
    }
    if (!created.isEmpty() || !added.isEmpty()) {
      LOG.info("Sync target tables created: {}; columns added: {}", created, added);
    }
    return new Prepared(created, added);
  }

  /** The table's column names, or null when it does not exist. */
  private static List<String> columns(Statement s, SyncTarget target, String table)
      throws SQLException {
    Connection c = s.getConnection();
    // A failing query aborts a PostgreSQL transaction; a savepoint keeps the connection usable.
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    java.sql.Savepoint before = c.setSavepoint();
    try (ResultSet rs = s.executeQuery(TargetDdl.columnsQuery(target, table))) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        names.add(meta.getColumnName(i));
      }
      return names;
    } catch (SQLException e) {
      if (!missingTable(e)) {
        throw e;
      }
      c.rollback(before);
      return null;
    } finally {
      c.commit();
      c.setAutoCommit(autoCommit);
    }
  }

  /** PostgreSQL's undefined_table, MySQL's ER_NO_SUCH_TABLE. */
  private static boolean missingTable(SQLException e) {
    return "42P01".equals(e.getSQLState()) || e.getErrorCode() == 1146;
  }

  private static Connection connect(SyncTarget target, SourceType type, String password)
      throws SQLException {
    Driver driver =
        type == SourceType.POSTGRESQL
            ? new org.postgresql.Driver()
            : new com.mysql.cj.jdbc.Driver();
    Connection c =
        driver.connect(
            target.address(),
            type.connectionProperties(target.username(), password, TIMEOUT_SECONDS));
    if (c == null) {
      throw new SQLException("the driver does not take the URL");
    }
    return c;
  }

  /** Refuses URL parameters other than the few that choose TLS, the schema or the time zone. */
  static void checkParameters(SyncTarget target) {
    String url = target.address();
    int query = url.indexOf('?');
    if (query < 0) {
      return;
    }
    Set<String> allowed =
        "postgresql".equals(target.dialect()) ? POSTGRES_PARAMETERS : MYSQL_PARAMETERS;
    for (String pair : url.substring(query + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String name = pair.split("=", 2)[0];
      if (!allowed.contains(name.toLowerCase(Locale.ROOT))) {
        throw new InvalidFieldException(
            "sync.target.url",
            "the parameter '"
                + name
                + "' is not accepted (username and password have their fields); the accepted ones"
                + " are "
                + new TreeSet<>(allowed));
      }
    }
  }
}
