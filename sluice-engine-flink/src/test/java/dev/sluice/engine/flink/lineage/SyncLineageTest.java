package dev.sluice.engine.flink.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.lineage.ColumnOrigin;
import dev.sluice.engine.api.lineage.Dataset;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.api.lineage.StatementLineage;
import dev.sluice.engine.api.sync.SyncProgram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncLineageTest {
  private static SyncProgram.Table table(String schema, String name, Map<String, String> sink) {
    return new SyncProgram.Table(
        schema,
        name,
        List.of(new SyncProgram.Column("id", "INT"), new SyncProgram.Column("note", "STRING")),
        List.of("id"),
        sink.getOrDefault("topic", sink.getOrDefault("x-target", name)),
        sink);
  }

  @Test
  void aMySqlTableIntoKafkaIsNamedAsSqlJobsNameThem() {
    SyncProgram program =
        new SyncProgram(
            "shop-sync",
            new SyncProgram.Source("mysql", "shop", "DB1", 3306, "shop", "u", "pw", Map.of()),
            List.of(
                table(
                    "shop",
                    "orders",
                    Map.of(
                        "connector", "kafka",
                        "topic", "cdc.shop.orders",
                        "properties.bootstrap.servers", "k1:9092",
                        "value.format", "debezium-json"))),
            null,
            Map.of());

    Lineage lineage = SyncLineage.of(program);

    assertThat(lineage.datasets().stream().map(Dataset::id))
        .containsExactly("mysql://db1:3306/shop.orders", "kafka://k1:9092/cdc.shop.orders");
    StatementLineage step = lineage.statements().get(0);
    assertThat(step.name()).isEqualTo("sync shop.orders");
    assertThat(step.sources()).containsExactly("mysql://db1:3306/shop.orders");
    assertThat(step.sink()).isEqualTo("kafka://k1:9092/cdc.shop.orders");
    assertThat(step.columns())
        .extracting(
            c ->
                c.column()
                    + " <- "
                    + c.origins().get(0).column()
                    + " "
                    + c.origins().get(0).subtype())
        .containsExactly("id <- id IDENTITY", "note <- note IDENTITY");
    assertThat(step.columns().get(0).origins().get(0).type()).isEqualTo(ColumnOrigin.Type.DIRECT);
  }

  @Test
  void aPostgresTableIntoJdbcIsNamedByItsUnquotedTable() {
    SyncProgram program =
        new SyncProgram(
            "crm-sync",
            new SyncProgram.Source("postgres", "crm", "pg", 5432, "crm", "u", "pw", Map.of()),
            List.of(
                table(
                    "public",
                    "accounts",
                    Map.of(
                        "connector", "jdbc",
                        "url", "jdbc:postgresql://ods:5432/ods",
                        "table-name", "\"accounts\"",
                        "password", "s3cret"))),
            null,
            Map.of());

    Lineage lineage = SyncLineage.of(program);

    assertThat(lineage.datasets().stream().map(Dataset::id))
        .containsExactly(
            "postgres://pg:5432/crm.public.accounts", "postgres://ods:5432/ods.public.accounts");
    assertThat(lineage.toString()).doesNotContain("s3cret");
  }

  @Test
  void anOracleTableIsNamedByDatabaseSchemaAndTable() {
    SyncProgram program =
        new SyncProgram(
            "erp-sync",
            new SyncProgram.Source(
                "oracle", "erp", "Ora1", 1521, "ORCLPDB1", "CDC", "pw", Map.of()),
            List.of(
                table(
                    "INVENTORY",
                    "ORDERS",
                    Map.of(
                        "connector", "upsert-kafka",
                        "topic", "cdc.inventory.orders",
                        "properties.bootstrap.servers", "k1:9092",
                        "key.format", "json",
                        "value.format", "json"))),
            null,
            Map.of());

    Lineage lineage = SyncLineage.of(program);

    assertThat(lineage.statements().get(0).sources())
        .containsExactly("oracle://ora1:1521/ORCLPDB1.INVENTORY.ORDERS");
    assertThat(lineage.statements().get(0).sink())
        .isEqualTo("kafka://k1:9092/cdc.inventory.orders");
  }
}
