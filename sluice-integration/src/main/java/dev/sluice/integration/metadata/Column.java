package dev.sluice.integration.metadata;

/**
 * A column of a source table.
 *
 * @param type the database's own type, as it declares it ({@code INT8}, {@code int(10) unsigned},
 *     {@code NUMBER(12,2)})
 * @param flinkType the Flink SQL type the CDC connector reads it as, null when it cannot read it
 * @param defaultValue the column's default as the database writes it, null when it has none
 */
public record Column(
    String name,
    int position,
    String type,
    String flinkType,
    boolean nullable,
    String defaultValue,
    boolean primaryKey,
    String comment) {}
