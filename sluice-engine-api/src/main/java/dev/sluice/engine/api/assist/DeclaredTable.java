package dev.sluice.engine.api.assist;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A table or view a script can use: declared by one of its statements, or already in a catalog.
 *
 * @param name the object name ({@code orders})
 * @param identifier the full identifier ({@code default_catalog.default_database.orders})
 * @param kind what it is
 * @param statement 1-based number of the declaring statement, 0 for a catalog's table
 * @param line 1-based line of the declaring statement, 0 for a catalog's table
 * @param column 1-based column of the declaring statement, 0 for a catalog's table
 * @param connector the {@code connector} option of a table, or null
 * @param columns its columns in order
 */
public record DeclaredTable(
    String name,
    String identifier,
    Kind kind,
    int statement,
    int line,
    int column,
    String connector,
    List<Column> columns) {
  public DeclaredTable {
    requireNonNull(name, "name is null");
    requireNonNull(identifier, "identifier is null");
    requireNonNull(kind, "kind is null");
    columns = List.copyOf(columns);
  }

  /** What a declared object is. */
  public enum Kind {
    TABLE,
    TEMPORARY_TABLE,
    VIEW,
    TEMPORARY_VIEW
  }

  /**
   * A column.
   *
   * @param name its name
   * @param type its SQL type as Flink prints it ({@code DECIMAL(10, 2)}, {@code TIMESTAMP(3)
   *     *ROWTIME*})
   * @param kind whether a source row carries it ({@code PHYSICAL}), the table computes it ({@code
   *     COMPUTED}, {@code AS expr}) or the connector supplies it ({@code METADATA}); sample rows of
   *     a debug run hold physical columns only
   */
  public record Column(String name, String type, ColumnKind kind) {
    public Column {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      requireNonNull(kind, "kind is null");
    }

    /** A physical column. */
    public Column(String name, String type) {
      this(name, type, ColumnKind.PHYSICAL);
    }
  }

  /** Where a column's values come from. */
  public enum ColumnKind {
    PHYSICAL,
    COMPUTED,
    METADATA
  }
}
