package dev.sluice.engine.api.lineage;

/**
 * A source column a sink column depends on, and how; the types are OpenLineage's column lineage
 * transformation types.
 *
 * @param dataset the source dataset id
 * @param column the source column
 * @param type DIRECT (the value flows from it) or INDIRECT (it decides which rows or which branch)
 * @param subtype how the value is made or decided
 */
public record ColumnOrigin(String dataset, String column, Type type, Subtype subtype) {

  /** Whether the value flows from the source column or is only decided by it. */
  public enum Type {
    DIRECT,
    INDIRECT
  }

  /** OpenLineage's transformation subtypes; DIRECT ones in order of strength. */
  public enum Subtype {
    IDENTITY,
    TRANSFORMATION,
    AGGREGATION,
    FILTER,
    JOIN,
    GROUP_BY,
    WINDOW,
    SORT,
    CONDITIONAL;

    /** The type a subtype belongs to. */
    public Type type() {
      return ordinal() <= AGGREGATION.ordinal() ? Type.DIRECT : Type.INDIRECT;
    }
  }
}
