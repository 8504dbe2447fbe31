package dev.sluice.integration.readiness;

import dev.sluice.integration.metadata.SourceCatalog;
import dev.sluice.integration.metadata.Table;
import dev.sluice.integration.source.InvalidSourceException;
import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import dev.sluice.integration.source.SourceType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CDC readiness check of a source type: the server's settings and the login's privileges, then
 * the tables to capture (each one named, or every table the source's catalog lists).
 */
public abstract class ReadinessCheck {
  /** Tables named in one message at most; the fix still covers every one. */
  static final int NAMED = 10;

  public static ReadinessCheck of(SourceType type) {
    return switch (type) {
      case MYSQL, MARIADB, OCEANBASE -> new MySqlReadiness(type);
      case POSTGRESQL -> new PostgresReadiness();
      case ORACLE -> new OracleReadiness();
    };
  }

  /**
   * @param tables the tables to capture as {@code schema.table}; empty for every table of the
   *     source's own schemas
   */
  public Readiness check(Probe probe, SourceSpec source, List<String> tables) throws SQLException {
    List<Check> checks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    server(probe, source, checks, notes);
    SourceCatalog catalog = SourceCatalog.of(source.type());
    List<Table> found = new ArrayList<>();
    if (tables.isEmpty()) {
      found.addAll(catalog.tables(probe, source, null).stream().filter(t -> !view(t)).toList());
    } else {
      Map<String, List<String>> bySchema = new LinkedHashMap<>();
      for (String name : tables) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
          throw new InvalidSourceException(
              "tables", "'" + name + "' is not a table as schema.table (e.g. public.orders)");
        }
        bySchema
            .computeIfAbsent(name.substring(0, dot), s -> new ArrayList<>())
            .add(name.substring(dot + 1));
      }
      List<String> missing = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : bySchema.entrySet()) {
        Map<String, Table> listed =
            catalog.tables(probe, source, e.getKey()).stream()
                .collect(Collectors.toMap(Table::name, t -> t, (a, b) -> a, LinkedHashMap::new));
        for (String name : e.getValue()) {
          Table t = listed.get(name);
          if (t == null) {
            missing.add(e.getKey() + "." + name);
          } else {
            found.add(t);
          }
        }
      }
      checks.add(
          missing.isEmpty()
              ? Check.pass(
                  "tables",
                  found.size() + " found",
                  tables.size() + " tables",
                  "Every table to capture exists and is visible to " + source.username() + ".")
              : Check.fail(
                  "tables",
                  missing.size() + " missing: " + named(missing),
                  "every table visible to " + source.username(),
                  "Tables that do not exist, or that the login may not see, cannot be captured.",
                  "Check the names (case matters) or grant the login access to "
                      + named(missing)
                      + "."));
    }
    List<String> keyless =
        found.stream().filter(t -> t.primaryKey().isEmpty()).map(Table::qualifiedName).toList();
    checks.add(
        keyless.isEmpty()
            ? Check.pass(
                "primary_keys",
                "every table has one",
                "a primary key per table",
                "Snapshots are split by key and upsert targets keyed by it.")
            : Check.warn(
                "primary_keys",
                keyless.size() + " without: " + named(keyless),
                "a primary key per table",
                "A table without a primary key is read in one piece at the snapshot and written"
                    + " to append-only targets only; an upsert target needs a key.",
                "Add a primary key to " + named(keyless) + ", or sync them to an append target."));
    tables(probe, source, found, checks);
    notes(source, notes);
    return Readiness.of(source.type().id(), checks, notes);
  }

  /** The server's settings and the login's privileges. */
  abstract void server(Probe probe, SourceSpec source, List<Check> checks, List<String> notes)
      throws SQLException;

  /** What each table to capture needs of its own. */
  abstract void tables(Probe probe, SourceSpec source, List<Table> tables, List<Check> checks)
      throws SQLException;

  void notes(SourceSpec source, List<String> notes) {
    if (source.type().note() != null) {
      notes.add(source.type().note());
    }
  }

  static boolean view(Table t) {
    return t.type() != null && t.type().contains("VIEW");
  }

  /** Names for a message: the first {@link #NAMED} and how many more. */
  static String named(List<String> names) {
    if (names.size() <= NAMED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, NAMED)) + " and " + (names.size() - NAMED) + " more";
  }
}
