package dev.sluice.integration.metadata;

import static dev.sluice.integration.source.Rows.flag;
import static dev.sluice.integration.source.Rows.grouped;
import static dev.sluice.integration.source.Rows.integer;
import static dev.sluice.integration.source.Rows.number;
import static dev.sluice.integration.source.Rows.text;

import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL database's schemas, read from pg_catalog: declared types as {@code format_type}
 * writes them ({@code numeric(12,2)}, {@code character varying(64)}), row estimates from {@code
 * reltuples} (null until the table is first analyzed).
 */
final class PostgresCatalog implements SourceCatalog {
  /** Schemas left out unless asked for by name. */
  static final String USER_SCHEMA =
      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
          + " AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND has_schema_privilege(n.oid, 'USAGE')";

  private static final String RELATIONS = "('r', 'p', 'v', 'm', 'f')";
  private static final String TABLES =
      "SELECT n.nspname AS table_schema, c.relname AS table_name, c.relkind AS kind,"
          + " CASE WHEN c.relkind IN ('v', 'f') OR c.reltuples < 0 THEN NULL"
          + " ELSE c.reltuples::bigint END AS estimate"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN "
          + RELATIONS;
  private static final String KEYS =
      "SELECT n.nspname || '.' || c.relname AS qualified, a.attname AS column_name"
          + " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
          + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
          + " WHERE i.indisprimary";

  @Override
  public List<Schema> schemas(Probe probe) throws SQLException {
    List<Schema> out = new ArrayList<>();
    for (Map<String, Object> row :
        probe.rows(
            "SELECT n.nspname AS name, COUNT(c.oid) AS tables FROM pg_namespace n"
                + " LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN "
                + RELATIONS
                + " WHERE "
                + USER_SCHEMA
                + " GROUP BY n.nspname ORDER BY n.nspname")) {
      out.add(new Schema(text(row, "name"), integer(row, "tables")));
    }
    return out;
  }

  @Override
  public List<Table> tables(Probe probe, SourceSpec source, String schema) throws SQLException {
    List<Map<String, Object>> rows;
    Map<String, List<String>> keys;
    if (schema == null) {
      rows = probe.rows(TABLES + " AND " + USER_SCHEMA + " ORDER BY 1, 2");
      keys =
          grouped(
              probe.rows(KEYS + " AND " + USER_SCHEMA + " ORDER BY 1, k.ord"),
              "qualified",
              "column_name");
    } else {
      rows = probe.rows(TABLES + " AND n.nspname = ? ORDER BY 2", schema);
      keys =
          grouped(
              probe.rows(KEYS + " AND n.nspname = ? ORDER BY 1, k.ord", schema),
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
        probe.rows(TABLES + " AND n.nspname = ? AND c.relname = ?", schema, name);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Table t =
        table(
            rows.get(0),
            grouped(
                probe.rows(
                    KEYS + " AND n.nspname = ? AND c.relname = ? ORDER BY k.ord", schema, name),
                "qualified",
                "column_name"));
    List<Column> columns = new ArrayList<>();
    for (Map<String, Object> c :
        probe.rows(
            "SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS column_type,"
                + " COALESCE(bt.typname, t.typname) AS udt_name,"
                + " CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod,"
                + " NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS column_default,"
                + " col_description(c.oid, a.attnum) AS column_comment"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum",
            schema,
            name)) {
      String column = text(c, "column_name");
      columns.add(
          new Column(
              column,
              columns.size() + 1,
              text(c, "column_type"),
              flinkType(text(c, "udt_name"), integer(c, "typmod")),
              flag(c, "nullable"),
              text(c, "column_default"),
              t.primaryKey().contains(column),
              text(c, "column_comment")));
    }
    return Optional.of(SourceCatalog.detail(t, columns));
  }

  /**
   * The Flink type of a column from its base type's name and its type modifier: a numeric's
   * precision and scale are packed in the modifier as {@code ((p << 16) | s) + 4}, a time's
   * fractional digits are the modifier itself; -1 is "none declared".
   */
  static String flinkType(String udtName, Integer typmod) {
    int mod = typmod == null ? -1 : typmod;
    if ("numeric".equals(udtName)) {
      return mod < 4
          ? FlinkTypes.of(udtName, Types.NUMERIC, -1, -1)
          : FlinkTypes.of(udtName, Types.NUMERIC, ((mod - 4) >> 16) & 0xffff, (mod - 4) & 0xffff);
    }
    return FlinkTypes.of(udtName, Types.OTHER, -1, mod);
  }

  private static Table table(Map<String, Object> row, Map<String, List<String>> keys) {
    String schema = text(row, "table_schema");
    String name = text(row, "table_name");
    String type =
        switch (text(row, "kind")) {
          case "p" -> "PARTITIONED TABLE";
          case "v" -> "VIEW";
          case "m" -> "MATERIALIZED VIEW";
          case "f" -> "FOREIGN TABLE";
          default -> "TABLE";
        };
    return new Table(
        schema,
        name,
        type,
        number(row, "estimate"),
        List.copyOf(keys.getOrDefault(schema + "." + name, List.of())));
  }
}
