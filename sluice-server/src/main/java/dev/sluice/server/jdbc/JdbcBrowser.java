package dev.sluice.server.jdbc;

import dev.sluice.integration.metadata.FlinkTypes;
import dev.sluice.server.errors.NotFoundException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The tables of a database and the columns of one, read through {@link DatabaseMetaData}, for the
 * metric builder's enrichment step (and later CDC). Each call opens one connection with short
 * timeouts and closes it; nothing of the target is kept.
 */
@Service
public class JdbcBrowser {
  static final int TIMEOUT_SECONDS = 5;
  private static final String[] TABLE_TYPES = {
    "TABLE", "PARTITIONED TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE"
  };
  private static final Set<String> SYSTEM_SCHEMAS =
      Set.of("pg_catalog", "information_schema", "pg_toast");

  public record Table(String schema, String name, String type) {}

  /**
   * @param type the database's own type name, upper-cased (VARCHAR, INT4, TIMESTAMPTZ...)
   * @param flinkType the Flink SQL type to declare the column with, null if Flink cannot read it
   */
  public record Column(
      String name, String type, String flinkType, boolean nullable, boolean primaryKey) {}

  /** The tables and views, by schema and name; system schemas only when asked for by name. */
  public List<Table> tables(JdbcTarget target) {
    try (Connection c = connect(target)) {
      DatabaseMetaData meta = c.getMetaData();
      List<Table> tables = new ArrayList<>();
      try (ResultSet rs =
          meta.getTables(
              null,
              target.schema() == null ? null : pattern(meta, target.schema()),
              "%",
              TABLE_TYPES)) {
        while (rs.next()) {
          String schema = rs.getString("TABLE_SCHEM");
          if (target.schema() == null && schema != null && system(schema)) {
            continue;
          }
          tables.add(new Table(schema, rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE")));
        }
      }
      tables.sort(
          Comparator.comparing(Table::schema, Comparator.nullsFirst(Comparator.naturalOrder()))
              .thenComparing(Table::name));
      return tables;
    } catch (SQLException e) {
      throw failed(target, e);
    }
  }

  /** A table's columns in their ordinal order; 404 if the schema has no such table. */
  public List<Column> columns(JdbcTarget target, String table) {
    try (Connection c = connect(target)) {
      DatabaseMetaData meta = c.getMetaData();
      String schema = target.schema() != null ? target.schema() : c.getSchema();
      Set<String> keys = new HashSet<>();
      try (ResultSet rs = meta.getPrimaryKeys(null, schema, table)) {
        while (rs.next()) {
          keys.add(rs.getString("COLUMN_NAME"));
        }
      }
      record Ordered(int position, Column column) {}
      List<Ordered> columns = new ArrayList<>();
      try (ResultSet rs = meta.getColumns(null, pattern(meta, schema), pattern(meta, table), "%")) {
        while (rs.next()) {
          String name = rs.getString("COLUMN_NAME");
          String typeName = rs.getString("TYPE_NAME");
          columns.add(
              new Ordered(
                  rs.getInt("ORDINAL_POSITION"),
                  new Column(
                      name,
                      typeName == null ? null : typeName.toUpperCase(Locale.ROOT),
                      FlinkTypes.of(
                          typeName,
                          rs.getInt("DATA_TYPE"),
                          rs.getInt("COLUMN_SIZE"),
                          rs.getInt("DECIMAL_DIGITS")),
                      "YES".equals(rs.getString("IS_NULLABLE")),
                      keys.contains(name))));
        }
      }
      if (columns.isEmpty()) {
        throw new NotFoundException("Table '" + (schema == null ? "" : schema + ".") + table + "'");
      }
      columns.sort(Comparator.comparingInt(Ordered::position));
      return columns.stream().map(Ordered::column).toList();
    } catch (SQLException e) {
      throw failed(target, e);
    }
  }

  private static boolean system(String schema) {
    return SYSTEM_SCHEMAS.contains(schema)
        || schema.startsWith("pg_temp_")
        || schema.startsWith("pg_toast_temp_");
  }

  /**
   * A name as a metadata search pattern that matches only itself ({@code _} and {@code %} escaped).
   */
  private static String pattern(DatabaseMetaData meta, String name) throws SQLException {
    String escape = meta.getSearchStringEscape();
    return name.replace(escape, escape + escape)
        .replace("_", escape + "_")
        .replace("%", escape + "%");
  }

  private static Connection connect(JdbcTarget target) throws SQLException {
    Properties p = new Properties();
    if (target.username() != null) {
      p.setProperty("user", target.username());
    }
    if (target.password() != null) {
      p.setProperty("password", target.password());
    }
    p.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
    p.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
    p.setProperty("socketTimeout", Integer.toString(3 * TIMEOUT_SECONDS));
    p.setProperty("ApplicationName", "sluice-browse");
    // PostgreSQL's driver itself, not DriverManager: no other driver on the class path is asked.
    Driver driver = new org.postgresql.Driver();
    Connection c = driver.connect(target.url(), p);
    if (c == null) {
      throw new SQLException("The URL is not a PostgreSQL URL");
    }
    c.setReadOnly(true);
    return c;
  }

  private static JdbcConnectionException failed(JdbcTarget target, SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new JdbcConnectionException(
        "The database at "
            + PasswordScrubber.scrub(target.url(), target.password())
            + " did not answer the metadata request: "
            + PasswordScrubber.scrub(message, target.password()));
  }
}
