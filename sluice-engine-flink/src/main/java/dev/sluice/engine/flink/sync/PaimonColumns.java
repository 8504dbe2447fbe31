package dev.sluice.engine.flink.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.types.logical.RowType;

/**
 * A Paimon target table brought up to its source table before a sync is deployed: the columns the
 * source has gained are added to the table with Paimon's own schema evolution ({@code ALTER TABLE
 * ... ADD}, through a Paimon catalog on the table's warehouse), each at its place. A table that
 * does not exist yet is left to the sink, which creates it.
 */
final class PaimonColumns {
  private static final String CATALOG = "sluice_sync_paimon";

  private PaimonColumns() {}

  /**
   * @param path the sink's {@code path}: {@code <warehouse>/<database>.db/<table>}
   * @param sinkType the sink's columns, in the source table's order
   * @return the columns added, in order
   */
  static List<String> addMissing(StreamTableEnvironment tableEnv, String path, RowType sinkType) {
    String trimmed = path.replaceAll("/+$", "");
    int slash = trimmed.lastIndexOf('/');
    int before = slash < 0 ? -1 : trimmed.lastIndexOf('/', slash - 1);
    if (before < 0 || !trimmed.substring(before + 1, slash).endsWith(".db")) {
      return List.of(); // not a catalog's table layout: nothing a catalog could alter
    }
    String table = trimmed.substring(slash + 1);
    String database = trimmed.substring(before + 1, slash - ".db".length());
    String warehouse = trimmed.substring(0, before);
    tableEnv.executeSql(
        "CREATE CATALOG "
            + quote(CATALOG)
            + " WITH ('type' = 'paimon', 'warehouse' = '"
            + warehouse.replace("'", "''")
            + "')");
    try {
      Catalog catalog = tableEnv.getCatalog(CATALOG).orElseThrow();
      CatalogBaseTable existing;
      try {
        existing = catalog.getTable(new ObjectPath(database, table));
      } catch (TableNotExistException e) {
        return List.of();
      }
      Set<String> present =
          existing.getUnresolvedSchema().getColumns().stream()
              .map(c -> c.getName())
              .collect(Collectors.toSet());
      List<String> added = new ArrayList<>();
      List<RowType.RowField> fields = sinkType.getFields();
      for (int i = 0; i < fields.size(); i++) {
        RowType.RowField f = fields.get(i);
        if (present.contains(f.getName())) {
          continue;
        }
        String position = i == 0 ? " FIRST" : " AFTER " + quote(fields.get(i - 1).getName());
        tableEnv.executeSql(
            "ALTER TABLE "
                + quote(CATALOG)
                + "."
                + quote(database)
                + "."
                + quote(table)
                + " ADD ("
                + quote(f.getName())
                + " "
                + f.getType().copy(true).asSerializableString()
                + position
                + ")");
        added.add(f.getName());
      }
      return added;
    } finally {
      tableEnv.executeSql("DROP CATALOG IF EXISTS " + quote(CATALOG));
    }
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
