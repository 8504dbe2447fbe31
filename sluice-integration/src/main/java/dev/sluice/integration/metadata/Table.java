package dev.sluice.integration.metadata;

import java.util.List;

/**
 * A table or view of a source.
 *
 * @param type TABLE, VIEW, PARTITIONED TABLE... as the database says
 * @param rowEstimate the database's own estimate of its rows, null when it has none (never counted)
 * @param primaryKey the primary key's columns in key order, empty when it has none
 */
public record Table(
    String schema, String name, String type, Long rowEstimate, List<String> primaryKey) {
  /** The table as a sync definition names it: {@code schema.table}. */
  public String qualifiedName() {
    return schema == null ? name : schema + "." + name;
  }
}
