package dev.sluice.integration.readiness;

import static dev.sluice.integration.source.Rows.flag;
import static dev.sluice.integration.source.Rows.number;
import static dev.sluice.integration.source.Rows.text;

import dev.sluice.integration.metadata.Table;
import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the PostgreSQL CDC connector (logical decoding with pgoutput) needs: {@code
 * wal_level=logical}, a login with the replication attribute, a free replication slot and WAL
 * sender, a publication holding the tables, and a replica identity that puts the old row in each
 * update and delete.
 */
final class PostgresReadiness extends ReadinessCheck {
  /** The publication the connector reads through (Debezium's default name). */
  static final String PUBLICATION = "dbz_publication";

  private boolean superuser;

  @Override
  void server(Probe probe, SourceSpec source, List<Check> checks, List<String> notes)
      throws SQLException {
    String wal = probe.value("SHOW wal_level");
    checks.add(
        Check.of(
            "logical".equals(wal),
            "wal_level",
            wal,
            "logical",
            "Changes are read by logical decoding of the write-ahead log.",
            "ALTER SYSTEM SET wal_level = logical;\n-- then restart PostgreSQL"));
    Map<String, Object> role =
        probe
            .rows(
                "SELECT rolreplication AS replication, rolsuper AS superuser FROM pg_roles"
                    + " WHERE rolname = current_user")
            .get(0);
    superuser = flag(role, "superuser");
    boolean replication = flag(role, "replication") || superuser;
    checks.add(
        Check.of(
            replication,
            "replication_role",
            superuser ? "superuser" : replication ? "REPLICATION" : "NOREPLICATION",
            "REPLICATION",
            "A replication slot is opened by a role with the REPLICATION attribute.",
            "ALTER ROLE " + identifier(source.username()) + " REPLICATION;"));
    Map<String, Object> slots =
        probe
            .rows(
                "SELECT current_setting('max_replication_slots')::int AS max_slots,"
                    + " (SELECT count(*) FROM pg_replication_slots) AS used_slots,"
                    + " current_setting('max_wal_senders')::int AS max_senders,"
                    + " (SELECT count(*) FROM pg_stat_replication) AS used_senders")
            .get(0);
    checks.add(
        capacity(
            "replication_slots",
            number(slots, "used_slots"),
            number(slots, "max_slots"),
            "Each sync keeps one replication slot.",
            "ALTER SYSTEM SET max_replication_slots = "));
    checks.add(
        capacity(
            "wal_senders",
            number(slots, "used_senders"),
            number(slots, "max_senders"),
            "Each running sync holds one WAL sender.",
            "ALTER SYSTEM SET max_wal_senders = "));
  }

  private static Check capacity(
      String name, Long used, Long max, String message, String fixPrefix) {
    long u = used == null ? 0 : used;
    long m = max == null ? 0 : max;
    return Check.of(
        u < m,
        name,
        u + " of " + m + " in use",
        "one free",
        message,
        fixPrefix + Math.max(10, m + 4) + ";\n-- then restart PostgreSQL");
  }

  @Override
  void tables(Probe probe, SourceSpec source, List<Table> tables, List<Check> checks)
      throws SQLException {
    Map<String, Map<String, Object>> state = new HashMap<>();
    for (Map<String, Object> row :
        probe.rows(
            "SELECT n.nspname || '.' || c.relname AS qualified, c.relreplident AS identity,"
                + " has_table_privilege(c.oid, 'SELECT') AS readable"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p')")) {
      state.put(text(row, "qualified"), row);
    }
    List<Table> captured =
        tables.stream().filter(t -> state.containsKey(t.qualifiedName())).toList();
    checks.add(publication(probe, captured));
    List<String> noIdentity = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Table t : captured) {
      Map<String, Object> s = state.get(t.qualifiedName());
      String identity = text(s, "identity");
      if ("n".equals(identity) || ("d".equals(identity) && t.primaryKey().isEmpty())) {
        noIdentity.add(t.qualifiedName());
      }
      if (!flag(s, "readable")) {
        unreadable.add(t.qualifiedName());
      }
    }
    checks.add(
        noIdentity.isEmpty()
            ? Check.pass(
                "replica_identity",
                "every table's old rows are logged",
                "a primary key or REPLICA IDENTITY FULL",
                "Updates and deletes carry the key of the row they change.")
            : Check.fail(
                "replica_identity",
                noIdentity.size() + " without: " + named(noIdentity),
                "a primary key or REPLICA IDENTITY FULL",
                "An update or delete of a table without a primary key logs no old row unless"
                    + " its replica identity is FULL: its changes could not be applied.",
                statements(noIdentity, "ALTER TABLE %s REPLICA IDENTITY FULL;")));
    checks.add(
        unreadable.isEmpty()
            ? Check.pass(
                "select_privilege",
                "all readable",
                "SELECT on every table",
                "The snapshot reads each table with SELECT.")
            : Check.fail(
                "select_privilege",
                unreadable.size() + " not readable: " + named(unreadable),
                "SELECT on every table",
                source.username() + " may not read tables to capture.",
                statements(
                    unreadable, "GRANT SELECT ON %s TO " + identifier(source.username()) + ";")));
  }

  /** The publication exists and holds the tables, or the login may create it. */
  private Check publication(Probe probe, List<Table> tables) throws SQLException {
    List<Map<String, Object>> pubs =
        probe.rows(
            "SELECT puballtables AS all_tables, pubupdate AS updates, pubdelete AS deletes"
                + " FROM pg_publication WHERE pubname = ?",
            PUBLICATION);
    List<String> names = tables.stream().map(Table::qualifiedName).toList();
    if (pubs.isEmpty()) {
      return superuser
          ? Check.pass(
              "publication",
              "absent",
              PUBLICATION,
              "The connector creates the publication "
                  + PUBLICATION
                  + " for all tables at its first start (the login is a superuser).")
          : Check.fail(
              "publication",
              "absent",
              PUBLICATION,
              "The connector reads through the publication "
                  + PUBLICATION
                  + "; only a superuser may have it created for all tables.",
              names.isEmpty()
                  ? "CREATE PUBLICATION " + PUBLICATION + " FOR ALL TABLES;  -- as a superuser"
                  : "CREATE PUBLICATION "
                      + PUBLICATION
                      + " FOR TABLE "
                      + String.join(", ", names.stream().map(PostgresReadiness::qualified).toList())
                      + ";  -- as the tables' owner");
    }
    Map<String, Object> pub = pubs.get(0);
    if (!flag(pub, "updates") || !flag(pub, "deletes")) {
      return Check.fail(
          "publication",
          "does not publish updates and deletes",
          "insert, update, delete",
          "The publication " + PUBLICATION + " leaves out updates or deletes.",
          "ALTER PUBLICATION " + PUBLICATION + " SET (publish = 'insert, update, delete');");
    }
    if (flag(pub, "all_tables")) {
      return Check.pass(
          "publication", "all tables", PUBLICATION, PUBLICATION + " publishes every table.");
    }
    Set<String> published = new HashSet<>();
    for (Map<String, Object> row :
        probe.rows(
            "SELECT schemaname || '.' || tablename AS qualified FROM pg_publication_tables"
                + " WHERE pubname = ?",
            PUBLICATION)) {
      published.add(text(row, "qualified"));
    }
    List<String> outside = names.stream().filter(n -> !published.contains(n)).toList();
    return outside.isEmpty()
        ? Check.pass(
            "publication",
            published.size() + " tables",
            "every table to capture",
            PUBLICATION + " holds every table to capture.")
        : Check.fail(
            "publication",
            outside.size() + " not in it: " + named(outside),
            "every table to capture",
            "Changes of a table outside the publication " + PUBLICATION + " are never read.",
            "ALTER PUBLICATION "
                + PUBLICATION
                + " ADD TABLE "
                + String.join(", ", outside.stream().map(PostgresReadiness::qualified).toList())
                + ";");
  }

  private static String statements(List<String> tables, String format) {
    return String.join(
        "\n", tables.stream().map(t -> String.format(format, qualified(t))).toList());
  }

  /** {@code schema.table} with each part quoted as an identifier. */
  static String qualified(String name) {
    int dot = name.indexOf('.');
    return identifier(name.substring(0, dot)) + "." + identifier(name.substring(dot + 1));
  }

  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
