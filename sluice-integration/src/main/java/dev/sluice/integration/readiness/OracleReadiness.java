package dev.sluice.integration.readiness;

import static dev.sluice.integration.source.Rows.text;

import dev.sluice.integration.metadata.Table;
import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the Oracle CDC connector (LogMiner) needs: ARCHIVELOG mode, minimal supplemental logging on
 * the database and all-column logging on each table (or on the whole database), and the LogMiner
 * privileges Flink CDC documents for its user.
 */
final class OracleReadiness extends ReadinessCheck {
  static final List<String> PRIVILEGES =
      List.of(
          "CREATE SESSION",
          "SELECT ANY TABLE",
          "FLASHBACK ANY TABLE",
          "SELECT ANY TRANSACTION",
          "LOGMINING",
          "CREATE TABLE",
          "LOCK ANY TABLE",
          "ALTER ANY TABLE",
          "CREATE SEQUENCE",
          "ANALYZE ANY");
  static final List<String> ROLES = List.of("SELECT_CATALOG_ROLE", "EXECUTE_CATALOG_ROLE");

  private boolean allColumnsLogged;

  @Override
  void server(Probe probe, SourceSpec source, List<Check> checks, List<String> notes)
      throws SQLException {
    Map<String, Object> db;
    try {
      db =
          probe
              .rows(
                  "SELECT LOG_MODE AS log_mode, SUPPLEMENTAL_LOG_DATA_MIN AS min_logging,"
                      + " SUPPLEMENTAL_LOG_DATA_ALL AS all_logging FROM V$DATABASE")
              .get(0);
    } catch (SQLException e) {
      checks.add(
          Check.fail(
              "catalog_access",
              "V$DATABASE not readable (ORA-" + String.format("%05d", e.getErrorCode()) + ")",
              "SELECT_CATALOG_ROLE",
              "The log mode and supplemental logging are read from V$DATABASE.",
              "GRANT SELECT_CATALOG_ROLE TO " + user(source) + ";"));
      checks.add(privileges(probe, source));
      return;
    }
    String mode = text(db, "log_mode");
    checks.add(
        Check.of(
            "ARCHIVELOG".equals(mode),
            "archivelog",
            mode,
            "ARCHIVELOG",
            "LogMiner reads the archived redo logs.",
            "-- as SYSDBA:\nSHUTDOWN IMMEDIATE;\nSTARTUP MOUNT;\nALTER DATABASE ARCHIVELOG;\n"
                + "ALTER DATABASE OPEN;"));
    String min = text(db, "min_logging");
    checks.add(
        Check.of(
            "YES".equals(min) || "IMPLICIT".equals(min),
            "supplemental_logging",
            min,
            "YES",
            "Minimal supplemental logging puts what LogMiner needs in the redo log.",
            "ALTER DATABASE ADD SUPPLEMENTAL LOG DATA;"));
    allColumnsLogged = "YES".equals(text(db, "all_logging"));
    checks.add(privileges(probe, source));
  }

  private Check privileges(Probe probe, SourceSpec source) throws SQLException {
    Set<String> held = new HashSet<>();
    for (Map<String, Object> row : probe.rows("SELECT PRIVILEGE AS name FROM SESSION_PRIVS")) {
      held.add(text(row, "name").toUpperCase(Locale.ROOT));
    }
    for (Map<String, Object> row : probe.rows("SELECT ROLE AS name FROM SESSION_ROLES")) {
      held.add(text(row, "name").toUpperCase(Locale.ROOT));
    }
    List<String> missing = new ArrayList<>();
    for (String p : PRIVILEGES) {
      if (!held.contains(p)) {
        missing.add(p);
      }
    }
    for (String r : ROLES) {
      if (!held.contains(r) && !held.contains("DBA")) {
        missing.add(r);
      }
    }
    String expected = String.join(", ", PRIVILEGES) + ", " + String.join(", ", ROLES);
    if (missing.isEmpty()) {
      return Check.pass(
          "privileges", "all held", expected, source.username() + " may run LogMiner.");
    }
    return Check.fail(
        "privileges",
        "missing " + String.join(", ", missing),
        expected,
        source.username() + " lacks what LogMiner sessions and the snapshot need.",
        "GRANT " + String.join(", ", missing) + " TO " + user(source) + ";");
  }

  @Override
  void tables(Probe probe, SourceSpec source, List<Table> tables, List<Check> checks)
      throws SQLException {
    if (allColumnsLogged) {
      checks.add(
          Check.pass(
              "table_supplemental_logging",
              "ALL COLUMNS on the database",
              "ALL COLUMNS for every table",
              "Every column of every change is logged."));
      return;
    }
    Set<String> logged = new HashSet<>();
    for (Map<String, Object> row :
        probe.rows(
            "SELECT OWNER || '.' || TABLE_NAME AS qualified FROM ALL_LOG_GROUPS"
                + " WHERE LOG_GROUP_TYPE = 'ALL COLUMN LOGGING'")) {
      logged.add(text(row, "qualified"));
    }
    List<String> missing =
        tables.stream().map(Table::qualifiedName).filter(n -> !logged.contains(n)).toList();
    checks.add(
        missing.isEmpty()
            ? Check.pass(
                "table_supplemental_logging",
                "every table",
                "ALL COLUMNS for every table",
                "Every column of every change is logged.")
            : Check.fail(
                "table_supplemental_logging",
                missing.size() + " without: " + named(missing),
                "ALL COLUMNS for every table",
                "Without all-column logging an update logs only the changed columns: the rest"
                    + " of the row would be lost.",
                String.join(
                    "\n",
                    missing.stream()
                        .map(
                            n ->
                                "ALTER TABLE "
                                    + quoted(n)
                                    + " ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS;")
                        .toList())));
  }

  private static String quoted(String qualified) {
    int dot = qualified.indexOf('.');
    return "\""
        + qualified.substring(0, dot)
        + "\".\""
        + qualified.substring(dot + 1).replace("\"", "\"\"")
        + "\"";
  }

  /** The user as a GRANT names it: upper-case unless it was created quoted. */
  private static String user(SourceSpec source) {
    String u = source.username();
    return u.matches("[A-Za-z][A-Za-z0-9_$#]*") ? u.toUpperCase(Locale.ROOT) : "\"" + u + "\"";
  }
}
