package dev.sluice.engine.flink.lineage;

import dev.sluice.engine.api.lineage.ColumnLineage;
import dev.sluice.engine.api.lineage.ColumnOrigin;
import dev.sluice.engine.api.lineage.Dataset;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.api.lineage.StatementLineage;
import dev.sluice.engine.api.sync.SyncProgram;
import dev.sluice.engine.flink.sync.SyncCompiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lineage of a sync: each table is one step from its source table to its target, every column
 * copied as it is. The datasets are named as a SQL job's {@code mysql-cdc}, {@code postgres-cdc},
 * {@code kafka}, {@code jdbc} or {@code paimon} tables of the same place are, so that the sync and
 * the jobs reading what it writes meet in the global graph.
 */
public final class SyncLineage {
  private SyncLineage() {}

  public static Lineage of(SyncProgram program) {
    Map<String, Dataset> datasets = new LinkedHashMap<>();
    List<StatementLineage> steps = new ArrayList<>();
    SyncProgram.Source source = program.source();
    boolean mysql = "mysql".equals(source.type());
    for (int i = 0; i < program.tables().size(); i++) {
      SyncProgram.Table table = program.tables().get(i);
      List<Dataset.Field> fields =
          table.columns().stream().map(c -> new Dataset.Field(c.name(), c.type())).toList();
      Map<String, String> read = new HashMap<>();
      read.put("hostname", source.host());
      read.put("port", Integer.toString(source.port()));
      read.put("database-name", mysql ? table.schema() : source.database());
      if (!mysql) {
        read.put("schema-name", table.schema());
      }
      read.put("table-name", table.name());
      String readConnector = SyncCompiler.sourceBundle(source.type());
      Dataset from = dataset(readConnector, read, table.id(), table.id(), fields);
      String connector = table.sink().get("connector");
      Map<String, String> write = new HashMap<>(table.sink());
      if ("jdbc".equals(connector)) {
        // The option may be quoted for the dialect; the lineage names the table as SQL does.
        write.put("table-name", table.target());
      }
      Dataset to = dataset(connector, write, table.target(), table.target(), fields);
      datasets.putIfAbsent(from.id(), from);
      datasets.putIfAbsent(to.id(), to);
      List<ColumnLineage> columns = new ArrayList<>();
      for (SyncProgram.Column c : table.columns()) {
        columns.add(
            new ColumnLineage(
                c.name(),
                ColumnLineage.Status.DERIVED,
                c.name(),
                List.of(
                    new ColumnOrigin(
                        from.id(),
                        c.name(),
                        ColumnOrigin.Type.DIRECT,
                        ColumnOrigin.Subtype.IDENTITY)),
                null));
      }
      steps.add(
          new StatementLineage(
              i + 1,
              "sync " + table.id(),
              to.id(),
              List.of(from.id()),
              columns,
              List.of(),
              List.of()));
    }
    return new Lineage(List.copyOf(datasets.values()), steps);
  }

  private static Dataset dataset(
      String connector,
      Map<String, String> options,
      String name,
      String table,
      List<Dataset.Field> fields) {
    String[] address = Datasets.address(connector, options, name);
    return new Dataset(
        Dataset.id(address[0], address[1]), address[0], address[1], connector, table, fields);
  }
}
