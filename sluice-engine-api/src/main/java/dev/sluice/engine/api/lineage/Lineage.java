package dev.sluice.engine.api.lineage;

import java.util.List;

/**
 * Column-level lineage of one script: the datasets it reads and writes, and for each INSERT where
 * every sink column comes from.
 *
 * @param datasets every table the script reads or writes, identified by connector and address
 * @param statements one entry per INSERT, in script order
 */
public record Lineage(List<Dataset> datasets, List<StatementLineage> statements) {
  public Lineage {
    datasets = List.copyOf(datasets);
    statements = List.copyOf(statements);
  }
}
