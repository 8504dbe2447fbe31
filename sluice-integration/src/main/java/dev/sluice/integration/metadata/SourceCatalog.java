package dev.sluice.integration.metadata;

import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import dev.sluice.integration.source.SourceType;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What a source database holds, read from its own catalog (information_schema, pg_catalog, Oracle's
 * ALL_ views) with the login's privileges: a table the login cannot see is not listed.
 */
public interface SourceCatalog {
  static SourceCatalog of(SourceType type) {
    return switch (type) {
      case MYSQL, MARIADB, OCEANBASE -> new MySqlCatalog(type);
      case POSTGRESQL -> new PostgresCatalog();
      case ORACLE -> new OracleCatalog();
    };
  }

  /** The schemas with tables the login may read, system schemas left out. */
  List<Schema> schemas(Probe probe) throws SQLException;

  /**
   * The tables and views of a schema, with their primary keys and row estimates.
   *
   * @param schema null for the source's own: the database of a MySQL source, every schema of a
   *     PostgreSQL or Oracle one
   */
  List<Table> tables(Probe probe, SourceSpec source, String schema) throws SQLException;

  /** A table with its columns, empty when the schema holds no such table the login can see. */
  Optional<TableDetail> table(Probe probe, String schema, String name) throws SQLException;

  /** The table with its columns, given the table as {@link #tables} listed it. */
  static TableDetail detail(Table t, List<Column> columns) {
    return new TableDetail(
        t.schema(), t.name(), t.type(), t.rowEstimate(), t.primaryKey(), columns);
  }
}
