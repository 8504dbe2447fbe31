package dev.sluice.engine.flink.lineage;

import dev.sluice.engine.api.lineage.ColumnLineage;
import dev.sluice.engine.api.lineage.ColumnOrigin;
import dev.sluice.engine.api.lineage.Dataset;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.api.lineage.StatementLineage;
import dev.sluice.engine.flink.script.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.planner.plan.nodes.calcite.Sink;

/** Builds the lineage of a script from the logical plans of its INSERT statements. */
public final class LineageExtractor {
  /** Longest expression text kept per column. */
  static final int MAX_EXPRESSION = 300;

  private LineageExtractor() {}

  /** One INSERT and the logical plan the planner made of it (a sink over its query). */
  public record Planned(Statement statement, RelNode plan) {}

  /**
   * @param catalogs options of the catalogs the script created, by catalog name
   */
  public static Lineage extract(
      String jobName, List<Planned> inserts, Map<String, Map<String, String>> catalogs) {
    Map<String, Dataset> datasets = new LinkedHashMap<>();
    List<StatementLineage> statements = new ArrayList<>();
    for (Planned insert : inserts) {
      if (!(insert.plan() instanceof Sink sink)) {
        throw new IllegalStateException(
            "Statement " + insert.statement().number() + " did not plan to a sink");
      }
      ColumnOrigins origins = new ColumnOrigins();
      ColumnOrigins.Rows rows = origins.visit(sink.getInput());
      Map<String, String> datasetOf = new LinkedHashMap<>();
      for (var source : origins.sources().entrySet()) {
        Dataset dataset = Datasets.of(source.getValue(), catalogs, jobName);
        datasets.putIfAbsent(dataset.id(), dataset);
        datasetOf.put(source.getKey(), dataset.id());
      }
      Dataset target = Datasets.of(sink.contextResolvedTable(), catalogs, jobName);
      datasets.putIfAbsent(target.id(), target);
      List<String> names = sinkColumns(sink.contextResolvedTable(), sink.getInput());
      List<ColumnLineage> columns = new ArrayList<>();
      for (int i = 0; i < rows.cols.size(); i++) {
        columns.add(column(names.get(i), rows.cols.get(i), datasetOf));
      }
      List<ColumnOrigin> conditions = new ArrayList<>();
      for (ColumnOrigins.Origin o : rows.conditions) {
        ColumnOrigin origin = origin(o.source(), o.subtype(), datasetOf);
        if (!conditions.contains(origin)) {
          conditions.add(origin);
        }
      }
      statements.add(
          new StatementLineage(
              insert.statement().number(),
              insert.statement().name().orElse(null),
              target.id(),
              new ArrayList<>(datasetOf.values()).stream().distinct().toList(),
              columns,
              conditions,
              origins.functions()));
    }
    return new Lineage(new ArrayList<>(datasets.values()), statements);
  }

  private static ColumnLineage column(
      String name, ColumnOrigins.Col col, Map<String, String> datasetOf) {
    List<ColumnOrigin> origins = new ArrayList<>();
    col.origins.forEach((source, subtype) -> origins.add(origin(source, subtype, datasetOf)));
    ColumnLineage.Status status =
        col.unknown != null
            ? ColumnLineage.Status.UNKNOWN
            : origins.isEmpty() && !col.fromRows
                ? ColumnLineage.Status.CONSTANT
                : ColumnLineage.Status.DERIVED;
    String expression = col.expr;
    if (expression != null && expression.length() > MAX_EXPRESSION) {
      expression = expression.substring(0, MAX_EXPRESSION - 3) + "...";
    }
    return new ColumnLineage(name, status, expression, origins, col.unknown);
  }

  private static ColumnOrigin origin(
      ColumnOrigins.SourceColumn source,
      ColumnOrigin.Subtype subtype,
      Map<String, String> datasetOf) {
    return new ColumnOrigin(
        datasetOf.getOrDefault(source.table(), source.table()),
        source.column(),
        subtype.type(),
        subtype);
  }

  /** The sink's written columns (physical and persisted metadata), as the planner lays them out. */
  private static List<String> sinkColumns(ContextResolvedTable table, RelNode input) {
    List<String> persisted =
        table.getResolvedSchema().getColumns().stream()
            .filter(Column::isPersisted)
            .map(Column::getName)
            .toList();
    return persisted.size() == input.getRowType().getFieldCount()
        ? persisted
        : input.getRowType().getFieldNames();
  }
}
