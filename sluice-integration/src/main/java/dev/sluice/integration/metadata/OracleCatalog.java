package dev.sluice.integration.metadata;

import static dev.sluice.integration.source.Rows.grouped;
import static dev.sluice.integration.source.Rows.integer;
import static dev.sluice.integration.source.Rows.number;
import static dev.sluice.integration.source.Rows.text;

import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Oracle database's schemas (its users), read from the ALL_ views: tables only, since LogMiner
 * captures tables; the schemas Oracle maintains itself are left out. Row estimates are the
 * optimizer statistics' NUM_ROWS.
 */
final class OracleCatalog implements SourceCatalog {
  private static final String USER_OWNER =
      "OWNER IN (SELECT USERNAME FROM ALL_USERS WHERE ORACLE_MAINTAINED = 'N')";
  private static final String TABLES =
      "SELECT OWNER AS table_schema, TABLE_NAME AS table_name, NUM_ROWS AS estimate"
          + " FROM ALL_TABLES WHERE NESTED = 'NO' AND SECONDARY = 'N'";
  private static final String KEYS =
      "SELECT cc.OWNER || '.' || cc.TABLE_NAME AS qualified, cc.COLUMN_NAME AS column_name"
          + " FROM ALL_CONSTRAINTS c JOIN ALL_CONS_COLUMNS cc ON cc.OWNER = c.OWNER"
          + " AND cc.CONSTRAINT_NAME = c.CONSTRAINT_NAME WHERE c.CONSTRAINT_TYPE = 'P'";

  @Override
  public List<Schema> schemas(Probe probe) throws SQLException {
    List<Schema> out = new ArrayList<>();
    for (Map<String, Object> row :
        probe.rows(
            "SELECT OWNER AS name, COUNT(*) AS tables FROM ALL_TABLES WHERE "
                + USER_OWNER
                + " GROUP BY OWNER ORDER BY OWNER")) {
      out.add(new Schema(text(row, "name"), integer(row, "tables")));
    }
    return out;
  }

  @Override
  public List<Table> tables(Probe probe, SourceSpec source, String schema) throws SQLException {
    List<Map<String, Object>> rows;
    Map<String, List<String>> keys;
    if (schema == null) {
      rows = probe.rows(TABLES + " AND " + USER_OWNER + " ORDER BY OWNER, TABLE_NAME");
      keys =
          grouped(
              probe.rows(KEYS + " AND c." + USER_OWNER + " ORDER BY 1, cc.POSITION"),
              "qualified",
              "column_name");
    } else {
      rows = probe.rows(TABLES + " AND OWNER = ? ORDER BY TABLE_NAME", schema);
      keys =
          grouped(
              probe.rows(KEYS + " AND c.OWNER = ? ORDER BY 1, cc.POSITION", schema),
              "qualified",
              "column_name");
    }
    List<Table> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      out.add(table(row, keys));
    }
    return out;
  }

  @Override
  public Optional<TableDetail> table(Probe probe, String schema, String name) throws SQLException {
    List<Map<String, Object>> rows =
        probe.rows(TABLES + " AND OWNER = ? AND TABLE_NAME = ?", schema, name);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Table t =
        table(
            rows.get(0),
            grouped(
                probe.rows(
                    KEYS + " AND c.OWNER = ? AND cc.TABLE_NAME = ? ORDER BY cc.POSITION",
                    schema,
                    name),
                "qualified",
                "column_name"));
    List<Column> columns = new ArrayList<>();
    for (Map<String, Object> c :
        probe.rows(
            "SELECT c.COLUMN_NAME AS column_name, c.DATA_TYPE AS data_type,"
                + " c.CHAR_LENGTH AS char_length, c.DATA_PRECISION AS data_precision,"
                + " c.DATA_SCALE AS data_scale, c.NULLABLE AS nullable,"
                + " c.DATA_DEFAULT AS data_default, m.COMMENTS AS comments"
                + " FROM ALL_TAB_COLUMNS c LEFT JOIN ALL_COL_COMMENTS m ON m.OWNER = c.OWNER"
                + " AND m.TABLE_NAME = c.TABLE_NAME AND m.COLUMN_NAME = c.COLUMN_NAME"
                + " WHERE c.OWNER = ? AND c.TABLE_NAME = ? ORDER BY c.COLUMN_ID",
            schema,
            name)) {
      String column = text(c, "column_name");
      String dataType = text(c, "data_type");
      Integer precision = integer(c, "data_precision");
      Integer scale = integer(c, "data_scale");
      String dflt = text(c, "data_default");
      columns.add(
          new Column(
              column,
              columns.size() + 1,
              declared(dataType, integer(c, "char_length"), precision, scale),
              FlinkTypes.oracle(dataType, precision, scale),
              "Y".equals(text(c, "nullable")),
              dflt == null || dflt.isBlank() ? null : dflt.trim(),
              t.primaryKey().contains(column),
              text(c, "comments")));
    }
    return Optional.of(SourceCatalog.detail(t, columns));
  }

  /** The type as a CREATE TABLE writes it: NUMBER(12,2), VARCHAR2(64), DATE. */
  static String declared(String dataType, Integer charLength, Integer precision, Integer scale) {
    if (dataType == null) {
      return null;
    }
    return switch (dataType) {
      case "NUMBER" ->
          precision == null
              ? (scale != null && scale == 0 ? "NUMBER(*,0)" : "NUMBER")
              : "NUMBER(" + precision + (scale == null || scale == 0 ? "" : "," + scale) + ")";
      case "VARCHAR2", "NVARCHAR2", "CHAR", "NCHAR", "RAW" ->
          charLength == null || charLength == 0 ? dataType : dataType + "(" + charLength + ")";
      default -> dataType;
    };
  }

  private static Table table(Map<String, Object> row, Map<String, List<String>> keys) {
    String schema = text(row, "table_schema");
    String name = text(row, "table_name");
    return new Table(
        schema,
        name,
        "TABLE",
        number(row, "estimate"),
        List.copyOf(keys.getOrDefault(schema + "." + name, List.of())));
  }
}
