package dev.sluice.integration.sync;

import dev.sluice.integration.metadata.Column;
import dev.sluice.integration.metadata.Schema;
import dev.sluice.integration.metadata.SourceCatalog;
import dev.sluice.integration.metadata.Table;
import dev.sluice.integration.metadata.TableDetail;
import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Works out a {@link SyncPlan} from a definition and the source's catalog. */
public final class SyncPlanner {
  /** Tables planned at most: a definition matching more is refused as too wide. */
  public static final int MAX_TABLES = 1000;

  private SyncPlanner() {}

  public static SyncPlan plan(SyncDefinition def, String sourceName, SourceSpec source, Probe probe)
      throws SQLException {
    List<TableSelector> include = new ArrayList<>();
    for (int i = 0; i < def.tables().size(); i++) {
      include.add(TableSelector.compile(def.tables().get(i), "tables[" + i + "]"));
    }
    List<TableSelector> exclude = new ArrayList<>();
    for (int i = 0; i < def.exclude().size(); i++) {
      exclude.add(TableSelector.compile(def.exclude().get(i), "exclude[" + i + "]"));
    }
    SourceCatalog catalog = SourceCatalog.of(source.type());
    List<Table> candidates = new ArrayList<>();
    for (Schema s : catalog.schemas(probe)) {
      if (include.stream().anyMatch(sel -> sel.schema().matcher(s.name()).matches())) {
        candidates.addAll(catalog.tables(probe, source, s.name()));
      }
    }
    List<Table> matched = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    List<String> unmatched = new ArrayList<>();
    for (TableSelector sel : include) {
      if (candidates.stream().noneMatch(sel::matches)) {
        unmatched.add(sel.text());
      }
    }
    for (Table t : candidates) {
      if (t.type() != null && t.type().contains("VIEW")) {
        continue;
      }
      if (include.stream().noneMatch(sel -> sel.matches(t))) {
        continue;
      }
      if (exclude.stream().anyMatch(sel -> sel.matches(t))) {
        excluded.add(t.qualifiedName());
      } else {
        matched.add(t);
      }
    }
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String u : unmatched) {
      warnings.add("'" + u + "' matches no table " + source.username() + " can see");
    }
    if (matched.size() > MAX_TABLES) {
      problems.add(
          matched.size()
              + " tables match; a sync reads at most "
              + MAX_TABLES
              + ": narrow the patterns or split the sync");
      matched = matched.subList(0, MAX_TABLES);
    }
    if (matched.isEmpty()) {
      problems.add("No table matches " + String.join(", ", def.tables()));
    }
    List<SyncPlan.PlannedTable> planned = new ArrayList<>();
    Map<String, List<String>> byTarget = new LinkedHashMap<>();
    for (Table t : matched) {
      TableDetail detail = catalog.table(probe, t.schema(), t.name()).orElse(null);
      if (detail == null) {
        continue; // dropped between the two reads
      }
      SyncPlan.PlannedTable p = table(def.target(), source, detail);
      planned.add(p);
      byTarget.computeIfAbsent(p.target(), k -> new ArrayList<>()).add(p.source());
    }
    byTarget.forEach(
        (target, sources) -> {
          if (sources.size() > 1) {
            problems.add(
                "Tables "
                    + String.join(", ", sources)
                    + " would all write to "
                    + target
                    + ": put {schema} in the name, or rename them apart");
          }
        });
    boolean ready = problems.isEmpty() && planned.stream().allMatch(p -> p.problems().isEmpty());
    return new SyncPlan(
        sourceName,
        def.target().kind().id(),
        ready,
        planned,
        excluded,
        unmatched,
        problems,
        warnings);
  }

  /** The target name of a table: its name renamed, put in the template, its case set. */
  static String targetName(SyncTarget target, SourceSpec source, String schema, String table) {
    String name = table;
    if (target.rename() != null) {
      name =
          Pattern.compile(target.rename().match())
              .matcher(name)
              .replaceAll(target.rename().replace());
    }
    String out =
        target
            .name()
            .replace("{database}", source.database())
            .replace("{schema}", schema == null ? "" : schema)
            .replace("{table}", name);
    return switch (target.letterCase()) {
      case "lower" -> out.toLowerCase(Locale.ROOT);
      case "upper" -> out.toUpperCase(Locale.ROOT);
      default -> out;
    };
  }

  private static SyncPlan.PlannedTable table(SyncTarget target, SourceSpec source, TableDetail t) {
    String qualified = t.schema() + "." + t.name();
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (t.primaryKey().isEmpty() && target.keyed()) {
      problems.add(
          "No primary key: "
              + (target.kind() == SyncTarget.Kind.KAFKA
                  ? "upsert records are keyed by it"
                  : "the " + target.kind().id() + " table is written by key")
              + "; add one, or sync it to Kafka as debezium-json or canal-json");
    }
    List<SyncPlan.ColumnPlan> columns = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Column c : t.columns()) {
      if (c.flinkType() == null) {
        unreadable.add(c.name() + " (" + c.type() + ")");
        columns.add(new SyncPlan.ColumnPlan(c.name(), c.type(), null, null, false, "not readable"));
        continue;
      }
      TargetTypes.Mapped read = TargetTypes.read(source.type(), c.type(), c.flinkType());
      TargetTypes.Mapped written = TargetTypes.write(target, c.flinkType(), c.primaryKey());
      boolean lossy = read.lossy() || written.lossy();
      String note = join(read.note(), written.note());
      if (written.type() == null) {
        problems.add("Column " + c.name() + ": " + written.note());
      } else if (lossy) {
        warnings.add("Column " + c.name() + " (" + c.type() + "): " + note);
      }
      columns.add(
          new SyncPlan.ColumnPlan(c.name(), c.type(), c.flinkType(), written.type(), lossy, note));
    }
    if (!unreadable.isEmpty()) {
      problems.add(
          "Columns the CDC connector cannot read: "
              + String.join(", ", unreadable)
              + "; exclude the table");
    }
    for (String p : target.partitionBy()) {
      if (t.columns().stream().noneMatch(c -> c.name().equals(p))) {
        problems.add("Partition column " + p + " is not a column of the table");
      } else if (!t.primaryKey().contains(p)) {
        problems.add("Partition column " + p + " is not in the primary key: Paimon needs it there");
      }
    }
    String name = targetName(target, source, t.schema(), t.name());
    return new SyncPlan.PlannedTable(
        qualified,
        name,
        t.primaryKey(),
        t.rowEstimate(),
        columns,
        problems.isEmpty() ? TargetDdl.of(target, name, t, columns) : null,
        problems,
        warnings);
  }

  private static String join(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + "; " + b;
  }
}
