package dev.sluice.integration.metadata;

/** A schema of a source (a database of a MySQL server), with the number of its tables and views. */
public record Schema(String name, int tables) {}
