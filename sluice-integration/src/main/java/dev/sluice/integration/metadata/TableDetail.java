package dev.sluice.integration.metadata;

import java.util.List;

/** A table with its columns in their ordinal order. */
public record TableDetail(
    String schema,
    String name,
    String type,
    Long rowEstimate,
    List<String> primaryKey,
    List<Column> columns) {}
