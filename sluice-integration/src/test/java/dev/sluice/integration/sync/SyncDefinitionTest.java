package dev.sluice.integration.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.integration.source.InvalidSourceException;
import dev.sluice.integration.source.SourceSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncDefinitionTest {
  private static Map<String, Object> kafka(Object... more) {
    Map<String, Object> target = new java.util.LinkedHashMap<>();
    target.put("type", "kafka");
    target.put("bootstrapServers", "localhost:9092");
    for (int i = 0; i < more.length; i += 2) {
      target.put((String) more[i], more[i + 1]);
    }
    return Map.of("tables", List.of("public.orders"), "target", target);
  }

  @Test
  void theIssuesExampleParsesWithItsDefaults() {
    SyncDefinition def =
        SyncDefinition.parse(
            Map.of(
                "source",
                "crm",
                "tables",
                List.of("public.orders", "public.custom.*"),
                "target",
                Map.of(
                    "type",
                    "kafka",
                    "bootstrapServers",
                    "localhost:9092",
                    "topic",
                    "cdc.{schema}.{table}",
                    "format",
                    "debezium-json"),
                "schemaChanges",
                "evolve"));

    assertThat(def.tables()).containsExactly("public.orders", "public.custom.*");
    assertThat(def.target().kind()).isEqualTo(SyncTarget.Kind.KAFKA);
    assertThat(def.target().keyed()).isFalse();
    assertThat(SyncDefinition.parse(kafka()).schemaChanges()).isEqualTo("evolve");
    assertThat(SyncDefinition.parse(kafka("format", "upsert")).target().keyed()).isTrue();
  }

  @Test
  void eachMistakeIsReportedAtItsField() {
    assertField(Map.of("target", Map.of("type", "kafka")), "tables");
    assertField(Map.of("tables", List.of("orders"), "target", Map.of()), "tables[0]");
    assertField(Map.of("tables", List.of("public.(x"), "target", Map.of()), "tables[0]");
    assertField(
        Map.of("tables", List.of("public.a"), "target", Map.of("type", "clickhouse")),
        "target.type");
    assertField(kafka("format", "avro"), "target.format");
    assertField(kafka("topic", "cdc.fixed"), "target.topic");
    assertField(kafka("topic", "cdc.{tabel}"), "target.topic");
    assertField(kafka("rename", Map.of("match", "(")), "target.rename.match");
    assertField(kafka("partitionBy", List.of("x")), "target.partitionBy");
    assertField(
        Map.of(
            "tables",
            List.of("public.a"),
            "target",
            Map.of("type", "jdbc", "url", "jdbc:oracle:thin:@//h/x")),
        "target.url");
    assertField(
        Map.of(
            "tables",
            List.of("public.a"),
            "target",
            Map.of("type", "jdbc", "url", "jdbc:postgresql://h/x", "password", "hunter2")),
        "target.password");
    assertField(
        Map.of(
            "tables",
            List.of("public.a"),
            "target",
            Map.of("type", "paimon", "warehouse", "file:///lake"),
            "schemaChanges",
            "ignore"),
        "schemaChanges");
  }

  @Test
  void targetNamesAreRenamedTemplatedAndCased() {
    SourceSpec source = SourceSpec.of("mysql", "db", null, "shop", "u");
    SyncTarget target =
        SyncDefinition.parse(
                Map.of(
                    "tables",
                    List.of("shop.t_.*"),
                    "target",
                    Map.of(
                        "type",
                        "paimon",
                        "warehouse",
                        "file:///lake",
                        "table",
                        "ods_{database}_{table}",
                        "rename",
                        Map.of("match", "^t_", "replace", ""),
                        "case",
                        "lower")))
            .target();

    assertThat(SyncPlanner.targetName(target, source, "shop", "t_Orders"))
        .isEqualTo("ods_shop_orders");
    assertThat(target.database()).isEqualTo("ods");
  }

  @Test
  void aPatternSplitsAtItsFirstUnescapedDot() {
    TableSelector s = TableSelector.compile("shop_[0-9]+.order\\.s.*", "tables[0]");
    assertThat(s.schema().pattern()).isEqualTo("shop_[0-9]+");
    assertThat(s.table().pattern()).isEqualTo("order\\.s.*");
    assertThat(TableSelector.compile("public.orders", "t").literalSchema()).isEqualTo("public");
    assertThat(TableSelector.compile("public.*", "t").table().pattern()).isEqualTo(".*");
    assertThat(TableSelector.compile("*.orders", "t").schema().pattern()).isEqualTo(".*");
  }

  private static void assertField(Map<String, Object> json, String field) {
    assertThatThrownBy(() -> SyncDefinition.parse(json))
        .isInstanceOfSatisfying(
            InvalidSourceException.class,
            e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
  }
}
