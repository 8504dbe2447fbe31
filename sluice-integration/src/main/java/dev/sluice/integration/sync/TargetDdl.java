package dev.sluice.integration.sync;

import dev.sluice.integration.metadata.Column;
import dev.sluice.integration.metadata.TableDetail;
import java.util.ArrayList;
import java.util.List;

/**
 * The statement that creates a table's target, as a sync runs it before writing: the JDBC target's
 * own CREATE TABLE in its dialect, or Paimon's in Flink SQL; none for Kafka, whose topics hold
 * records, not columns.
 */
public final class TargetDdl {
  private TargetDdl() {}

  /**
   * A query that returns no row and the JDBC target table's columns, to see which of them exist.
   */
  public static String columnsQuery(SyncTarget target, String targetName) {
    return "SELECT * FROM " + qualified(targetName, quote(target)) + " WHERE 1 = 0";
  }

  /**
   * The JDBC target's statement that adds a column, nullable: the rows already written have no
   * value for it.
   */
  public static String addColumn(SyncTarget target, String targetName, SyncPlan.ColumnPlan c) {
    String quote = quote(target);
    return "ALTER TABLE "
        + qualified(targetName, quote)
        + " ADD COLUMN "
        + quoted(c.name(), quote)
        + " "
        + c.targetType();
  }

  private static String quote(SyncTarget target) {
    return target.kind() == SyncTarget.Kind.JDBC && "postgresql".equals(target.dialect())
        ? "\""
        : "`";
  }

  /**
   * @param columns the plan of each column of {@code t}, in order, each with its target type
   * @return the statement, or null for a Kafka target
   */
  static String of(
      SyncTarget target, String targetName, TableDetail t, List<SyncPlan.ColumnPlan> columns) {
    if (target.kind() == SyncTarget.Kind.KAFKA) {
      return null;
    }
    String quote = quote(target);
    String name =
        target.kind() == SyncTarget.Kind.PAIMON
            ? quoted(target.database(), quote) + "." + quoted(targetName, quote)
            : qualified(targetName, quote);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      SyncPlan.ColumnPlan c = columns.get(i);
      Column source = t.columns().get(i);
      StringBuilder line =
          new StringBuilder("  ")
              .append(quoted(c.name(), quote))
              .append(' ')
              .append(c.targetType());
      // Paimon adds a column only as nullable: its other columns are nullable from the start, so
      // that a table given a column later has the same shape as one created with it.
      if (!source.nullable()
          && (target.kind() != SyncTarget.Kind.PAIMON || t.primaryKey().contains(c.name()))) {
        line.append(" NOT NULL");
      }
      if (target.kind() == SyncTarget.Kind.PAIMON && source.comment() != null) {
        line.append(" COMMENT '").append(source.comment().replace("'", "''")).append('\'');
      }
      lines.add(line.toString());
    }
    if (!t.primaryKey().isEmpty()) {
      lines.add(
          "  PRIMARY KEY ("
              + String.join(", ", t.primaryKey().stream().map(k -> quoted(k, quote)).toList())
              + ")"
              + (target.kind() == SyncTarget.Kind.PAIMON ? " NOT ENFORCED" : ""));
    }
    String ddl = "CREATE TABLE IF NOT EXISTS " + name + " (\n" + String.join(",\n", lines) + "\n)";
    if (!target.partitionBy().isEmpty()) {
      ddl +=
          " PARTITIONED BY ("
              + String.join(", ", target.partitionBy().stream().map(p -> quoted(p, quote)).toList())
              + ")";
    }
    return ddl;
  }

  /** A JDBC table name, {@code schema.table} quoted part by part. */
  private static String qualified(String name, String quote) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("\\.", -1)) {
      parts.add(quoted(part, quote));
    }
    return String.join(".", parts);
  }

  private static String quoted(String identifier, String quote) {
    return quote + identifier.replace(quote, quote + quote) + quote;
  }
}
