package dev.sluice.engine.api.lineage;

import java.util.List;

/**
 * Where one sink column comes from.
 *
 * @param column the sink column
 * @param status whether its origins are known
 * @param expression the column's value written over source columns ({@code SUM(orders.amount)}),
 *     shortened when long
 * @param origins the source columns it depends on: DIRECT ones carry the value, INDIRECT ones (CASE
 *     conditions, an aggregate's FILTER, an OVER window's keys) decide it for this column only
 * @param reason why the origins are unknown, or null
 */
public record ColumnLineage(
    String column, Status status, String expression, List<ColumnOrigin> origins, String reason) {
  public ColumnLineage {
    origins = List.copyOf(origins);
  }

  /** How much is known about a column's origins. */
  public enum Status {
    /** Computed from source columns (or from the rows of sources, like COUNT(*)). */
    DERIVED,
    /** A literal or a value made without reading any source column (PROCTIME(), NOW()). */
    CONSTANT,
    /** Lineage could not be followed through some step; {@code reason} says which. */
    UNKNOWN
  }
}
