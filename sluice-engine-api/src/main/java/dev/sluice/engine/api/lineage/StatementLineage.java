package dev.sluice.engine.api.lineage;

import java.util.List;

/**
 * Lineage of one INSERT.
 *
 * @param statement the statement's number in the script (1-based)
 * @param name the statement's name ({@code -- @name:}) or null
 * @param sink the dataset id written
 * @param sources the dataset ids read, in first-use order
 * @param columns one entry per sink column, in the sink's column order
 * @param conditions columns that decide which rows reach the sink or how they are grouped (filters,
 *     join conditions, group-by keys, windows, sort keys): indirect dependencies of every sink
 *     column
 * @param functions the functions the statement calls (built-in, Sluice's and users'), each once
 */
public record StatementLineage(
    int statement,
    String name,
    String sink,
    List<String> sources,
    List<ColumnLineage> columns,
    List<ColumnOrigin> conditions,
    List<FunctionUse> functions) {
  public StatementLineage {
    sources = List.copyOf(sources);
    columns = List.copyOf(columns);
    conditions = List.copyOf(conditions);
    functions = List.copyOf(functions);
  }
}
