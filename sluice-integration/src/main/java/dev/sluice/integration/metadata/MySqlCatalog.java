package dev.sluice.integration.metadata;

import static dev.sluice.integration.source.Rows.grouped;
import static dev.sluice.integration.source.Rows.integer;
import static dev.sluice.integration.source.Rows.number;
import static dev.sluice.integration.source.Rows.text;

import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import dev.sluice.integration.source.SourceType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A MySQL or MariaDB server's databases (its schemas), read from information_schema. */
final class MySqlCatalog implements SourceCatalog {
  private static final String SYSTEM =
      "('mysql', 'information_schema', 'performance_schema', 'sys')";
  private static final String TABLES =
      "SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, TABLE_TYPE AS table_type,"
          + " TABLE_ROWS AS table_rows FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?";
  private static final String KEYS =
      "SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name"
          + " FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ?"
          + " AND CONSTRAINT_NAME = 'PRIMARY'";

  private final SourceType type;

  MySqlCatalog(SourceType type) {
    this.type = type;
  }

  @Override
  public List<Schema> schemas(Probe probe) throws SQLException {
    List<Schema> out = new ArrayList<>();
    for (Map<String, Object> row :
        probe.rows(
            "SELECT s.SCHEMA_NAME AS name, COUNT(t.TABLE_NAME) AS tables"
                + " FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t"
                + " ON t.TABLE_SCHEMA = s.SCHEMA_NAME WHERE s.SCHEMA_NAME NOT IN "
                + SYSTEM
                + " GROUP BY s.SCHEMA_NAME ORDER BY s.SCHEMA_NAME")) {
      out.add(new Schema(text(row, "name"), integer(row, "tables")));
    }
    return out;
  }

  @Override
  public List<Table> tables(Probe probe, SourceSpec source, String schema) throws SQLException {
    String in = schema == null ? source.database() : schema;
    Map<String, List<String>> keys =
        grouped(
            probe.rows(KEYS + " ORDER BY TABLE_NAME, ORDINAL_POSITION", in),
            "table_name",
            "column_name");
    List<Table> out = new ArrayList<>();
    for (Map<String, Object> row : probe.rows(TABLES + " ORDER BY TABLE_NAME", in)) {
      out.add(table(row, keys));
    }
    return out;
  }

  @Override
  public Optional<TableDetail> table(Probe probe, String schema, String name) throws SQLException {
    List<Map<String, Object>> rows = probe.rows(TABLES + " AND TABLE_NAME = ?", schema, name);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Table t =
        table(
            rows.get(0),
            grouped(
                probe.rows(KEYS + " AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", schema, name),
                "table_name",
                "column_name"));
    List<Column> columns = new ArrayList<>();
    for (Map<String, Object> c :
        probe.rows(
            "SELECT COLUMN_NAME AS column_name, COLUMN_TYPE AS column_type,"
                + " IS_NULLABLE AS is_nullable, COLUMN_DEFAULT AS column_default,"
                + " COLUMN_COMMENT AS column_comment FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
            schema,
            name)) {
      String column = text(c, "column_name");
      String columnType = text(c, "column_type");
      String comment = text(c, "column_comment");
      columns.add(
          new Column(
              column,
              columns.size() + 1,
              columnType,
              FlinkTypes.mysql(columnType),
              "YES".equals(text(c, "is_nullable")),
              defaultValue(text(c, "column_default")),
              t.primaryKey().contains(column),
              comment == null || comment.isEmpty() ? null : comment));
    }
    return Optional.of(SourceCatalog.detail(t, columns));
  }

  private static Table table(Map<String, Object> row, Map<String, List<String>> keys) {
    String name = text(row, "table_name");
    String kind = text(row, "table_type");
    boolean view = kind != null && kind.contains("VIEW");
    return new Table(
        text(row, "table_schema"),
        name,
        "BASE TABLE".equals(kind) || "SYSTEM VERSIONED".equals(kind) ? "TABLE" : kind,
        view ? null : number(row, "table_rows"),
        List.copyOf(keys.getOrDefault(name, List.of())));
  }

  /**
   * A column's default as MySQL writes it: MariaDB writes a string default quoted and a missing one
   * as the word NULL, which read here as MySQL's unquoted value and null.
   */
  private String defaultValue(String given) {
    if (given == null || type == SourceType.MYSQL) {
      return given;
    }
    if (given.equals("NULL")) {
      return null;
    }
    if (given.length() >= 2 && given.startsWith("'") && given.endsWith("'")) {
      return given.substring(1, given.length() - 1).replace("''", "'").replace("\\\\", "\\");
    }
    return given;
  }
}
