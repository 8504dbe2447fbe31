package dev.sluice.engine.flink.compile;

import dev.sluice.engine.flink.script.SqlTrees;
import dev.sluice.engine.flink.script.Statement;
import dev.sluice.engine.flink.state.StatementIdentity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.UnresolvedIdentifier;

/** The names of a compile's table environment, as they are when a problem is found. */
final class SessionScope implements Scope {
  private final TableEnvironmentImpl tableEnv;
  private final ConnectorBundles bundles;

  SessionScope(TableEnvironmentImpl tableEnv, ConnectorBundles bundles) {
    this.tableEnv = tableEnv;
    this.bundles = bundles;
  }

  @Override
  public Collection<String> tables() {
    CatalogManager catalogs = tableEnv.getCatalogManager();
    try {
      return catalogs.listTables(catalogs.getCurrentCatalog(), catalogs.getCurrentDatabase());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public Collection<String> columns(Statement statement, String qualifier) {
    Optional<SqlNode> parsed = StatementIdentity.parse(statement);
    if (parsed.isEmpty()) {
      return List.of();
    }
    List<SqlIdentifier> tables = new ArrayList<>();
    Map<String, SqlIdentifier> aliases = new HashMap<>();
    walk(parsed.get(), tables, aliases);
    if (qualifier != null && aliases.containsKey(qualifier)) {
      return columnsOf(aliases.get(qualifier));
    }
    Set<String> columns = new LinkedHashSet<>();
    tables.forEach(t -> columns.addAll(columnsOf(t)));
    return columns;
  }

  @Override
  public Collection<String> functions() {
    Set<String> names = SqlFunctionNames.builtIn();
    names.addAll(Arrays.asList(tableEnv.listUserDefinedFunctions()));
    for (String name : tableEnv.listFunctions()) {
      if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))
          && name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  @Override
  public Collection<String> connectors() {
    return bundles.connectorIdentifiers();
  }

  @Override
  public Collection<String> formats() {
    return new TreeSet<>(bundles.formatFactories().keySet());
  }

  /** Every table a FROM clause names, and the alias each is given. */
  private static void walk(
      SqlNode node, List<SqlIdentifier> tables, Map<String, SqlIdentifier> aliases) {
    if (node instanceof SqlSelect select && select.getFrom() != null) {
      from(select.getFrom(), tables, aliases);
    }
    for (SqlNode child : SqlTrees.children(node)) {
      walk(child, tables, aliases);
    }
  }

  private static void from(
      SqlNode node, List<SqlIdentifier> tables, Map<String, SqlIdentifier> aliases) {
    if (node instanceof SqlIdentifier id) {
      tables.add(id);
      aliases.put(id.names.get(id.names.size() - 1), id);
    } else if (node instanceof SqlJoin join) {
      from(join.getLeft(), tables, aliases);
      from(join.getRight(), tables, aliases);
    } else if (node instanceof SqlBasicCall call
        && call.getKind() == SqlKind.AS
        && call.operand(0) instanceof SqlIdentifier id
        && call.operand(1) instanceof SqlIdentifier alias) {
      tables.add(id);
      aliases.put(alias.getSimple(), id);
    } else if (!(node instanceof SqlSelect)) {
      // Window functions over tables (TUMBLE(TABLE orders, ...)), hints, snapshots.
      for (SqlNode child : SqlTrees.children(node)) {
        from(child, tables, aliases);
      }
    }
  }

  private List<String> columnsOf(SqlIdentifier table) {
    try {
      CatalogManager catalogs = tableEnv.getCatalogManager();
      ObjectIdentifier id = catalogs.qualifyIdentifier(UnresolvedIdentifier.of(table.names));
      return catalogs
          .getTable(id)
          .map(t -> t.getResolvedSchema().getColumnNames())
          .orElse(List.of());
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
