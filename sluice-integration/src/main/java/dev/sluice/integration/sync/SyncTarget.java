package dev.sluice.integration.sync;

import java.util.List;

/**
 * Where a sync writes each table, and under which name.
 *
 * @param name the name template of each table's target (topic or table): {@code {database}}, {@code
 *     {schema}} and {@code {table}} are the source table's, after {@code rename}
 * @param format Kafka only: {@code debezium-json}, {@code canal-json} or {@code upsert}
 * @param address Kafka's bootstrap servers, Paimon's warehouse, or the JDBC URL
 * @param database Paimon only: the database the tables are created in
 * @param partitionBy Paimon only: partition columns, each in every table's primary key
 * @param rename a regular expression on the table name and its replacement, null for none
 * @param letterCase {@code keep}, {@code lower} or {@code upper}, applied to the whole name
 * @param username JDBC only: the login writing the tables, null for the URL's own
 * @param password JDBC only: the login's password as a {@code ${secret:name}} reference, never a
 *     value; null for none
 */
public record SyncTarget(
    Kind kind,
    String name,
    String format,
    String address,
    String database,
    List<String> partitionBy,
    Rename rename,
    String letterCase,
    String username,
    String password) {

  /** A target with no login of its own (Kafka, Paimon). */
  public SyncTarget(
      Kind kind,
      String name,
      String format,
      String address,
      String database,
      List<String> partitionBy,
      Rename rename,
      String letterCase) {
    this(kind, name, format, address, database, partitionBy, rename, letterCase, null, null);
  }

  public enum Kind {
    KAFKA("kafka"),
    PAIMON("paimon"),
    JDBC("jdbc");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public record Rename(String match, String replace) {}

  /** The JDBC target's database kind, from its URL: postgresql or mysql; null for other targets. */
  public String dialect() {
    if (kind != Kind.JDBC) {
      return null;
    }
    return address.startsWith("jdbc:postgresql:") ? "postgresql" : "mysql";
  }

  /** Whether each row is written by its key, so that a table needs a primary key. */
  public boolean keyed() {
    return kind != Kind.KAFKA || "upsert".equals(format);
  }
}
