package dev.sluice.engine.api.lineage;

/**
 * A function a statement calls.
 *
 * @param name the name as called in SQL
 * @param kind where the function comes from
 * @param identifier the catalog identifier of a catalog function ({@code cat.db.fn}), else the name
 */
public record FunctionUse(String name, Kind kind, String identifier) {

  /** Where a function comes from. */
  public enum Kind {
    /** Shipped with Flink. */
    BUILTIN,
    /** Sluice's function library, registered in every job. */
    SLUICE,
    /** Created by the script or a catalog (CREATE FUNCTION, CREATE TEMPORARY SYSTEM FUNCTION). */
    USER
  }
}
