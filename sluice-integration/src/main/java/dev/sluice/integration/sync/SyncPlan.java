package dev.sluice.integration.sync;

import java.util.List;

/**
 * What a sync would do with the source as it is now: each table it would read, the target it would
 * write and each column's types on the way, with what cannot work (problems) and what may change a
 * value (lossy columns, warnings). Nothing is created or read beyond the source's catalog.
 *
 * @param ready tables were matched and nothing is a problem
 * @param excluded tables the patterns matched that {@code exclude} took out
 * @param unmatched patterns of {@code tables} that matched no table
 */
public record SyncPlan(
    String source,
    String target,
    boolean ready,
    List<PlannedTable> tables,
    List<String> excluded,
    List<String> unmatched,
    List<String> problems,
    List<String> warnings) {

  /**
   * @param source {@code schema.table}
   * @param target the topic or table it is written to
   * @param ddl the statement that creates the target table (the JDBC database's own, or Paimon's in
   *     Flink SQL), null for Kafka or while the table has problems
   */
  public record PlannedTable(
      String source,
      String target,
      List<String> primaryKey,
      Long rowEstimate,
      List<ColumnPlan> columns,
      String ddl,
      List<String> problems,
      List<String> warnings) {}

  /**
   * @param targetType the column's type in the target, null when the target has none for it
   * @param lossy whether a value may change on the way (rounded, cut, its zone dropped)
   * @param note why, or what the target makes of the value
   */
  public record ColumnPlan(
      String name,
      String sourceType,
      String flinkType,
      String targetType,
      boolean lossy,
      String note) {}
}
