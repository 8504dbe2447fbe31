package dev.sluice.engine.api.sync;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What a sync job runs: one CDC source over the tables of one database, read once, and a sink per
 * table. The engine builds its graph (the server never runs user code for it): the source's uid
 * does not depend on the table list, each table's operators have uids of that table, so that adding
 * a table keeps the source's offsets and the other tables' state, and the added table is read from
 * its snapshot.
 *
 * @param jobName the Flink job name
 * @param source the database read
 * @param tables the tables, each with its columns and its sink
 * @param parallelism the job's default parallelism, or null for the cluster's
 * @param configuration Flink options the job runs with (the platform's defaults included)
 */
public record SyncProgram(
    String jobName,
    Source source,
    List<Table> tables,
    Integer parallelism,
    Map<String, String> configuration) {
  public SyncProgram {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(source, "source is null");
    tables = List.copyOf(tables);
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a sync reads at least one table");
    }
    configuration = Map.copyOf(configuration);
  }

  /** The same program run with these options (the platform's sandbox settings added, say). */
  public SyncProgram withConfiguration(Map<String, String> configuration) {
    return new SyncProgram(jobName, source, tables, parallelism, configuration);
  }

  /**
   * The database a sync reads. The password is the value, resolved for this compile only; it is
   * never printed.
   *
   * @param type {@code mysql} (MySQL and MariaDB), {@code postgres} or {@code oracle}
   * @param name the data source's name, part of the source operator's uid
   * @param options connector settings: {@code server-id} (MySQL, a range such as 5400-5403), {@code
   *     slot.name} and {@code publication.name} (PostgreSQL), {@code url} (Oracle: the JDBC URL,
   *     for a service name), {@code server-time-zone}
   */
  public record Source(
      String type,
      String name,
      String host,
      int port,
      String database,
      String username,
      String password,
      Map<String, String> options) {
    public Source {
      requireNonNull(type, "type is null");
      requireNonNull(name, "name is null");
      options = Map.copyOf(options);
    }

    @Override
    public String toString() {
      return "Source[" + type + " " + name + " " + host + ":" + port + "/" + database + "]";
    }
  }

  /**
   * @param schema the table's schema ({@code database} for MySQL)
   * @param name the table's name
   * @param columns its columns in order, each with the Flink type the CDC connector reads it as
   * @param primaryKey its key columns, empty for none
   * @param target the topic or table written, for people
   * @param sink the options of the Flink sink table ({@code connector} and the rest); values may
   *     hold resolved secrets and are never printed
   */
  public record Table(
      String schema,
      String name,
      List<Column> columns,
      List<String> primaryKey,
      String target,
      Map<String, String> sink) {
    public Table {
      requireNonNull(schema, "schema is null");
      requireNonNull(name, "name is null");
      columns = List.copyOf(columns);
      primaryKey = List.copyOf(primaryKey);
      sink = Map.copyOf(sink);
    }

    /** {@code schema.name}. */
    public String id() {
      return schema + "." + name;
    }

    @Override
    public String toString() {
      return "Table[" + id() + " -> " + target + "]";
    }
  }

  /** A column and the Flink SQL type it is read as, e.g. {@code DECIMAL(10, 2) NOT NULL}. */
  public record Column(String name, String type) {}
}
