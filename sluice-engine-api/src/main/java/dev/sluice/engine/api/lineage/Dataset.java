package dev.sluice.engine.api.lineage;

import java.util.List;

/**
 * A table a job reads or writes, named by where its data lives so that a job writing a Kafka topic
 * and another reading it meet at the same dataset. Names follow the OpenLineage dataset naming
 * convention: Kafka {@code kafka://host:port} + topic, PostgreSQL {@code postgres://host:port} +
 * {@code database.schema.table}, MySQL {@code mysql://host:port} + {@code database.table}, files
 * {@code file} (or the file system's scheme and authority) + path. Tables that exist only inside
 * one job (datagen, print, blackhole) are namespaced by the job.
 *
 * @param id {@code namespace/name} (one slash), the dataset's key in the lineage graph
 * @param namespace where the dataset lives: the system and its address
 * @param name the dataset within its namespace
 * @param connector the Flink connector (or catalog type) the script reaches it with
 * @param table the table's name in the script ({@code catalog.database.table})
 * @param fields the table's physical and metadata columns
 */
public record Dataset(
    String id, String namespace, String name, String connector, String table, List<Field> fields) {
  public Dataset {
    fields = List.copyOf(fields);
  }

  /** The dataset key made from namespace and name. */
  public static String id(String namespace, String name) {
    return namespace + "/" + (name.startsWith("/") ? name.substring(1) : name);
  }

  /** One column of a dataset. */
  public record Field(String name, String type) {}
}
