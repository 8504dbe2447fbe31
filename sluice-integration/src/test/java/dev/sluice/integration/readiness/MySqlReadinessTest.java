package dev.sluice.integration.readiness;

import static dev.sluice.integration.readiness.OracleReadinessTest.check;
import static dev.sluice.integration.readiness.RecordedProbe.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.integration.source.SourceSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grant lines and variables of MySQL 8, which the suite's MariaDB does not produce (its grants
 * name BINLOG MONITOR, it has no statement-format default): recorded answers.
 */
class MySqlReadinessTest {
  private final SourceSpec source = SourceSpec.of("mysql", "db", null, "shop", "cdc");

  private static RecordedProbe server(
      String format, String expire, List<Map<String, Object>> grants) {
    return new RecordedProbe()
        .answer(
            "SHOW GLOBAL VARIABLES",
            List.of(
                row("variable_name", "log_bin", "value", "ON"),
                row("variable_name", "binlog_format", "value", format),
                row("variable_name", "binlog_row_image", "value", "FULL"),
                row("variable_name", "server_id", "value", "1"),
                row("variable_name", "binlog_expire_logs_seconds", "value", expire)))
        .answer("SHOW GRANTS", grants)
        .answer("CURRENT_USER()", List.of(row("current_user()", "cdc@10.0.%")))
        .answer(
            "information_schema.KEY_COLUMN_USAGE",
            List.of(row("table_name", "orders", "column_name", "id")))
        .answer(
            "information_schema.TABLES",
            List.of(
                row(
                    "table_schema",
                    "shop",
                    "table_name",
                    "orders",
                    "table_type",
                    "BASE TABLE",
                    "table_rows",
                    10)));
  }

  private static Map<String, Object> grant(String line) {
    return row("grants for cdc@10.0.%", line);
  }

  @Test
  void statementFormatShortRetentionAndMissingReplicationGrantsAreEachNamed() throws Exception {
    RecordedProbe probe =
        server(
            "MIXED",
            "3600",
            List.of(
                grant("GRANT USAGE ON *.* TO `cdc`@`10.0.%`"),
                grant("GRANT SELECT, SHOW VIEW ON `shop`.* TO `cdc`@`10.0.%`"),
                grant("GRANT SELECT (`id`) ON `other`.`t` TO `cdc`@`10.0.%`")));

    Readiness r = ReadinessCheck.of(source.type()).check(probe, source, List.of("shop.orders"));

    assertThat(r.ready()).isFalse();
    Check format = check(r, "binlog_format");
    assertThat(format.actual()).isEqualTo("MIXED");
    assertThat(format.fix()).startsWith("SET GLOBAL binlog_format = 'ROW';");
    Check retention = check(r, "binlog_retention");
    assertThat(retention.severity()).isEqualTo(Check.WARNING);
    assertThat(retention.actual()).isEqualTo("3600 s");
    Check privileges = check(r, "privileges");
    assertThat(privileges.actual()).isEqualTo("SELECT on the database, SHOW VIEW on the database");
    assertThat(privileges.fix())
        .isEqualTo("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cdc'@'10.0.%';");
    assertThat(check(r, "primary_keys").ok()).isTrue();
    assertThat(r.notes()).anyMatch(n -> n.contains("RELOAD and LOCK TABLES are not needed"));
  }

  @Test
  void globalReplicationGrantsPassAndAPasswordHashInAGrantLineIsNeverRepeated() throws Exception {
    String hash = "*2B602296A79E0A8784ACC5C88D92E46588CCA3C3";
    RecordedProbe probe =
        server(
            "ROW",
            "0",
            List.of(
                grant(
                    "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `cdc`@`10.0.%`"
                        + " IDENTIFIED BY PASSWORD '"
                        + hash
                        + "'")));

    Readiness r = ReadinessCheck.of(source.type()).check(probe, source, List.of());

    assertThat(r.ready()).isTrue();
    assertThat(check(r, "privileges").actual())
        .isEqualTo("SELECT, REPLICATION SLAVE, REPLICATION CLIENT");
    assertThat(check(r, "binlog_retention").actual()).isEqualTo("never expire");
    assertThat(r.toString()).doesNotContain(hash);
  }
}
