package dev.sluice.integration.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.integration.metadata.Column;
import dev.sluice.integration.metadata.TableDetail;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetDdlTest {
  private static final TableDetail ORDERS =
      new TableDetail(
          "public",
          "orders",
          "TABLE",
          3L,
          List.of("id"),
          List.of(
              new Column("id", 1, "bigint", "BIGINT", false, null, true, null),
              new Column("amount", 2, "numeric(12,2)", "DECIMAL(12, 2)", true, "0", false, null),
              new Column("seen", 3, "timestamptz", "TIMESTAMP_LTZ(6)", true, null, false, "it's")));

  private static String ddl(Map<String, Object> target, String name) {
    SyncTarget t =
        SyncDefinition.parse(Map.of("tables", List.of("public.orders"), "target", target)).target();
    List<SyncPlan.ColumnPlan> columns =
        ORDERS.columns().stream()
            .map(
                c ->
                    new SyncPlan.ColumnPlan(
                        c.name(),
                        c.type(),
                        c.flinkType(),
                        TargetTypes.write(t, c.flinkType(), c.primaryKey()).type(),
                        false,
                        null))
            .toList();
    return TargetDdl.of(t, name, ORDERS, columns);
  }

  @Test
  void postgresTablesAreCreatedInTheirSchemaWithQuotedNames() {
    assertThat(ddl(Map.of("type", "jdbc", "url", "jdbc:postgresql://h/ods"), "ods.Orders"))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS \"ods\".\"Orders\" (\n"
                + "  \"id\" BIGINT NOT NULL,\n"
                + "  \"amount\" NUMERIC(12, 2),\n"
                + "  \"seen\" TIMESTAMPTZ(6),\n"
                + "  PRIMARY KEY (\"id\")\n"
                + ")");
  }

  @Test
  void mysqlTablesUseBackquotesAndUtcDatetimes() {
    assertThat(ddl(Map.of("type", "jdbc", "url", "jdbc:mysql://h/ods"), "ods_orders"))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS `ods_orders` (\n"
                + "  `id` BIGINT NOT NULL,\n"
                + "  `amount` DECIMAL(12, 2),\n"
                + "  `seen` DATETIME(6),\n"
                + "  PRIMARY KEY (`id`)\n"
                + ")");
  }

  @Test
  void kafkaTopicsHaveNoTableToCreate() {
    assertThat(ddl(Map.of("type", "kafka", "bootstrapServers", "k:9092"), "cdc.orders")).isNull();
  }
}
