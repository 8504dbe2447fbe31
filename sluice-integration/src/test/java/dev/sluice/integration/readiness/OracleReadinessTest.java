package dev.sluice.integration.readiness;

import static dev.sluice.integration.readiness.RecordedProbe.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.integration.source.SourceSpec;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Oracle's readiness against recorded answers of its catalog views: no Oracle server can run in
 * this project's tests, so these answers stand in for one (the queries are those LogMiner's
 * documentation names: V$DATABASE, SESSION_PRIVS, SESSION_ROLES, ALL_LOG_GROUPS).
 */
class OracleReadinessTest {
  private final SourceSpec source = SourceSpec.of("oracle", "ora", null, "ORCLPDB1", "flinkuser");

  private static RecordedProbe catalog(RecordedProbe probe) {
    return probe
        .answer(
            "FROM ALL_TABLES",
            List.of(
                row("table_schema", "SHOP", "table_name", "ORDERS", "estimate", 1200),
                row("table_schema", "SHOP", "table_name", "AUDIT_LOG", "estimate", null)))
        .answer(
            "FROM ALL_CONSTRAINTS", List.of(row("qualified", "SHOP.ORDERS", "column_name", "ID")));
  }

  private static List<Map<String, Object>> names(String... names) {
    return java.util.Arrays.stream(names).map(n -> row("name", n)).toList();
  }

  @Test
  void aDatabaseInNoArchiveLogModeWithoutLogMinerPrivilegesIsToldEachFix() throws Exception {
    RecordedProbe probe =
        catalog(new RecordedProbe())
            .answer(
                "FROM V$DATABASE",
                List.of(row("log_mode", "NOARCHIVELOG", "min_logging", "NO", "all_logging", "NO")))
            .answer("FROM SESSION_PRIVS", names("CREATE SESSION", "SELECT ANY TABLE"))
            .answer("FROM SESSION_ROLES", names("SELECT_CATALOG_ROLE"))
            .answer("FROM ALL_LOG_GROUPS", List.of(row("qualified", "SHOP.ORDERS")));

    Readiness r =
        ReadinessCheck.of(source.type())
            .check(probe, source, List.of("SHOP.ORDERS", "SHOP.AUDIT_LOG"));

    assertThat(r.ready()).isFalse();
    assertThat(r.type()).isEqualTo("oracle");
    Check archive = check(r, "archivelog");
    assertThat(archive.ok()).isFalse();
    assertThat(archive.actual()).isEqualTo("NOARCHIVELOG");
    assertThat(archive.fix())
        .isEqualTo(
            "-- as SYSDBA:\nSHUTDOWN IMMEDIATE;\nSTARTUP MOUNT;\nALTER DATABASE ARCHIVELOG;\n"
                + "ALTER DATABASE OPEN;");
    assertThat(check(r, "supplemental_logging").fix())
        .isEqualTo("ALTER DATABASE ADD SUPPLEMENTAL LOG DATA;");
    Check privileges = check(r, "privileges");
    assertThat(privileges.actual())
        .isEqualTo(
            "missing FLASHBACK ANY TABLE, SELECT ANY TRANSACTION, LOGMINING, CREATE TABLE,"
                + " LOCK ANY TABLE, ALTER ANY TABLE, CREATE SEQUENCE, ANALYZE ANY,"
                + " EXECUTE_CATALOG_ROLE");
    assertThat(privileges.fix())
        .isEqualTo(
            "GRANT FLASHBACK ANY TABLE, SELECT ANY TRANSACTION, LOGMINING, CREATE TABLE,"
                + " LOCK ANY TABLE, ALTER ANY TABLE, CREATE SEQUENCE, ANALYZE ANY,"
                + " EXECUTE_CATALOG_ROLE TO FLINKUSER;");
    Check tables = check(r, "table_supplemental_logging");
    assertThat(tables.actual()).isEqualTo("1 without: SHOP.AUDIT_LOG");
    assertThat(tables.fix())
        .isEqualTo("ALTER TABLE \"SHOP\".\"AUDIT_LOG\" ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS;");
    Check keys = check(r, "primary_keys");
    assertThat(keys.severity()).isEqualTo(Check.WARNING);
    assertThat(keys.actual()).isEqualTo("1 without: SHOP.AUDIT_LOG");
    assertThat(check(r, "tables").ok()).isTrue();
  }

  @Test
  void aPreparedDatabaseIsReadyAndAllColumnLoggingOnTheDatabaseCoversEveryTable() throws Exception {
    RecordedProbe probe =
        catalog(new RecordedProbe())
            .answer(
                "FROM V$DATABASE",
                List.of(
                    row("log_mode", "ARCHIVELOG", "min_logging", "IMPLICIT", "all_logging", "YES")))
            .answer("FROM SESSION_PRIVS", names(OracleReadiness.PRIVILEGES.toArray(String[]::new)))
            .answer("FROM SESSION_ROLES", names("DBA"));

    Readiness r = ReadinessCheck.of(source.type()).check(probe, source, List.of("SHOP.ORDERS"));

    assertThat(r.checks()).filteredOn(c -> !c.ok()).isEmpty();
    assertThat(r.ready()).isTrue();
    assertThat(check(r, "table_supplemental_logging").actual())
        .isEqualTo("ALL COLUMNS on the database");
    assertThat(probe.asked).noneMatch(q -> q.contains("ALL_LOG_GROUPS"));
  }

  @Test
  void aLoginThatCannotReadTheCatalogIsToldTheRoleItNeeds() throws Exception {
    RecordedProbe probe =
        catalog(new RecordedProbe())
            .fail(
                "FROM V$DATABASE",
                new SQLException("ORA-00942: table or view does not exist", "42000", 942))
            .answer("FROM SESSION_PRIVS", names("CREATE SESSION"))
            .answer("FROM SESSION_ROLES", List.of())
            .answer("FROM ALL_LOG_GROUPS", List.of());

    Readiness r = ReadinessCheck.of(source.type()).check(probe, source, List.of());

    Check access = check(r, "catalog_access");
    assertThat(access.actual()).isEqualTo("V$DATABASE not readable (ORA-00942)");
    assertThat(access.fix()).isEqualTo("GRANT SELECT_CATALOG_ROLE TO FLINKUSER;");
    assertThat(r.ready()).isFalse();
    // Every table of the user schemas is checked when none is named.
    assertThat(check(r, "table_supplemental_logging").actual())
        .isEqualTo("2 without: SHOP.ORDERS, SHOP.AUDIT_LOG");
  }

  static Check check(Readiness r, String name) {
    return r.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.checks()));
  }
}
