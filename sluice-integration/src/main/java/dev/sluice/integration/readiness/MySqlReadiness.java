package dev.sluice.integration.readiness;

import static dev.sluice.integration.source.Rows.text;

import dev.sluice.integration.metadata.Table;
import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import dev.sluice.integration.source.SourceType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the MySQL CDC connector needs of a MySQL or MariaDB server: the binary log on, in row format
 * with full row images, a server id, and a login that may read the binlog as a replica does.
 */
final class MySqlReadiness extends ReadinessCheck {
  private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (\\S+) TO .*$");
  private static final long ONE_DAY = 86_400;

  private final SourceType type;

  MySqlReadiness(SourceType type) {
    this.type = type;
  }

  @Override
  void server(Probe probe, SourceSpec source, List<Check> checks, List<String> notes)
      throws SQLException {
    Map<String, String> vars = new HashMap<>();
    for (Map<String, Object> row :
        probe.rows(
            "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin', 'binlog_format',"
                + " 'binlog_row_image', 'server_id', 'binlog_expire_logs_seconds',"
                + " 'expire_logs_days')")) {
      vars.put(text(row, "variable_name").toLowerCase(Locale.ROOT), text(row, "value"));
    }
    String logBin = vars.get("log_bin");
    checks.add(
        Check.of(
            "ON".equalsIgnoreCase(logBin) || "1".equals(logBin),
            "log_bin",
            logBin,
            "ON",
            "Changes are read from the binary log.",
            "Start the server with the binary log on (log_bin = binlog under [mysqld] in the"
                + " server's configuration file) and restart it: it cannot be turned on while the"
                + " server runs."));
    String format = vars.get("binlog_format");
    checks.add(
        Check.of(
            "ROW".equalsIgnoreCase(format),
            "binlog_format",
            format,
            "ROW",
            "Only row events carry the changed rows; statement events cannot be captured.",
            "SET GLOBAL binlog_format = 'ROW';\n-- and binlog_format = ROW in the configuration"
                + " file, so that a restart keeps it; open sessions keep their format until they"
                + " reconnect."));
    String image = vars.get("binlog_row_image");
    checks.add(
        Check.of(
            image == null || "FULL".equalsIgnoreCase(image),
            "binlog_row_image",
            image,
            "FULL",
            "An update's event must carry every column of the row before and after it.",
            "SET GLOBAL binlog_row_image = 'FULL';\n-- and binlog_row_image = FULL in the"
                + " configuration file."));
    String serverId = vars.get("server_id");
    checks.add(
        Check.of(
            serverId != null && !"0".equals(serverId),
            "server_id",
            serverId,
            "not 0",
            "A server with id 0 does not serve its binlog to replicas; each sync reads with ids"
                + " of its own, different from the server's.",
            "SET GLOBAL server_id = 1;\n-- and server_id = 1 in the configuration file."));
    checks.add(retention(vars));
    checks.add(privileges(probe, source));
  }

  /** Binlogs kept less than a day: a sync stopped longer than that cannot resume. */
  private static Check retention(Map<String, String> vars) {
    long seconds = parse(vars.get("binlog_expire_logs_seconds"));
    if (seconds <= 0) {
      seconds = parse(vars.get("expire_logs_days")) * ONE_DAY;
    }
    String actual = seconds <= 0 ? "never expire" : seconds + " s";
    if (seconds <= 0 || seconds >= ONE_DAY) {
      return Check.pass(
          "binlog_retention",
          actual,
          "at least 1 day",
          "A stopped sync resumes from its position while the binlog still holds it.");
    }
    return Check.warn(
        "binlog_retention",
        actual,
        "at least 1 day",
        "Binlogs are removed after "
            + seconds
            + " s: a sync stopped for longer cannot resume and must snapshot again.",
        "SET GLOBAL binlog_expire_logs_seconds = 604800;");
  }

  private static long parse(String v) {
    try {
      return v == null ? 0 : (long) Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The global privileges of replication and SELECT on the database, from SHOW GRANTS (only the
   * privilege list of each line is read: a line may carry a password hash).
   */
  private Check privileges(Probe probe, SourceSpec source) throws SQLException {
    Set<String> global = new LinkedHashSet<>();
    Set<String> onDatabase = new LinkedHashSet<>();
    for (Map<String, Object> row : probe.rows("SHOW GRANTS")) {
      String line = row.values().iterator().next().toString();
      Matcher m = GRANT.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String on = m.group(2).replace("`", "");
      Set<String> into =
          on.equals("*.*") ? global : on.equals(source.database() + ".*") ? onDatabase : null;
      if (into == null) {
        continue;
      }
      for (String p : m.group(1).replaceAll("\\([^)]*\\)", "").split(",")) {
        into.add(p.trim().toUpperCase(Locale.ROOT));
      }
    }
    boolean all = global.contains("ALL PRIVILEGES") || global.contains("ALL");
    List<String> missing = new ArrayList<>();
    if (!all
        && !global.contains("SELECT")
        && !onDatabase.contains("SELECT")
        && !onDatabase.contains("ALL PRIVILEGES")) {
      missing.add("SELECT");
    }
    if (!all && !global.contains("REPLICATION SLAVE") && !global.contains("REPLICATION REPLICA")) {
      missing.add("REPLICATION SLAVE");
    }
    if (!all
        && !global.contains("REPLICATION CLIENT")
        && !global.contains("BINLOG MONITOR")
        && !global.contains("SUPER")) {
      missing.add("REPLICATION CLIENT");
    }
    String held = all ? "ALL PRIVILEGES" : String.join(", ", heldOf(global, onDatabase));
    if (missing.isEmpty()) {
      return Check.pass(
          "privileges",
          held,
          "SELECT, REPLICATION SLAVE, REPLICATION CLIENT",
          source.username() + " may read the tables and the binlog.");
    }
    return Check.fail(
        "privileges",
        held.isEmpty() ? "none" : held,
        "SELECT, REPLICATION SLAVE, REPLICATION CLIENT",
        source.username()
            + " lacks "
            + String.join(", ", missing)
            + (type == SourceType.MARIADB
                ? " (MariaDB names REPLICATION CLIENT as BINLOG MONITOR)"
                : "")
            + ": the snapshot reads the tables with SELECT, the binlog is read as a replica.",
        "GRANT " + String.join(", ", missing) + " ON *.* TO " + account(probe, source) + ";");
  }

  private static List<String> heldOf(Set<String> global, Set<String> onDatabase) {
    List<String> held = new ArrayList<>();
    for (String p : global) {
      if (!p.equals("USAGE")) {
        held.add(p);
      }
    }
    for (String p : onDatabase) {
      held.add(p + " on the database");
    }
    return held;
  }

  /** The login as a GRANT names it: {@code 'user'@'host'}. */
  private static String account(Probe probe, SourceSpec source) throws SQLException {
    String current = probe.value("SELECT CURRENT_USER()");
    String user = source.username();
    String host = "%";
    if (current != null && current.lastIndexOf('@') > 0) {
      user = current.substring(0, current.lastIndexOf('@'));
      host = current.substring(current.lastIndexOf('@') + 1);
    }
    return quote(user) + "@" + quote(host);
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  @Override
  void tables(Probe probe, SourceSpec source, List<Table> tables, List<Check> checks) {
    // Row events carry every table's changes: nothing to set per table.
  }

  @Override
  void notes(SourceSpec source, List<String> notes) {
    super.notes(source, notes);
    notes.add(
        "The snapshot is read without locks (incremental snapshot): RELOAD and LOCK TABLES are"
            + " not needed.");
  }
}
