package dev.sluice.integration.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.integration.source.Probe;
import dev.sluice.integration.source.SourceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Oracle's catalog against recorded answers of ALL_TABLES, ALL_CONSTRAINTS and ALL_TAB_COLUMNS: no
 * Oracle server can run in this project's tests.
 */
class OracleCatalogTest {
  private static Map<String, Object> row(Object... pairs) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }

  private final Probe probe =
      (sql, params) -> {
        if (sql.contains("FROM ALL_TAB_COLUMNS")) {
          assertThat(params).containsExactly("SHOP", "ORDERS");
          return List.of(
              row(
                  "column_name",
                  "ID",
                  "data_type",
                  "NUMBER",
                  "char_length",
                  0,
                  "data_precision",
                  12,
                  "data_scale",
                  0,
                  "nullable",
                  "N",
                  "data_default",
                  null,
                  "comments",
                  null),
              row(
                  "column_name",
                  "AMOUNT",
                  "data_type",
                  "NUMBER",
                  "char_length",
                  0,
                  "data_precision",
                  12,
                  "data_scale",
                  2,
                  "nullable",
                  "Y",
                  "data_default",
                  "0 ",
                  "comments",
                  "in euros"),
              row(
                  "column_name",
                  "RATIO",
                  "data_type",
                  "NUMBER",
                  "char_length",
                  0,
                  "data_precision",
                  null,
                  "data_scale",
                  null,
                  "nullable",
                  "Y",
                  "data_default",
                  null,
                  "comments",
                  null),
              row(
                  "column_name",
                  "NOTE",
                  "data_type",
                  "VARCHAR2",
                  "char_length",
                  64,
                  "data_precision",
                  null,
                  "data_scale",
                  null,
                  "nullable",
                  "Y",
                  "data_default",
                  null,
                  "comments",
                  null),
              row(
                  "column_name",
                  "CREATED",
                  "data_type",
                  "TIMESTAMP(3) WITH LOCAL TIME ZONE",
                  "char_length",
                  0,
                  "data_precision",
                  null,
                  "data_scale",
                  3,
                  "nullable",
                  "Y",
                  "data_default",
                  "SYSTIMESTAMP",
                  "comments",
                  null),
              row(
                  "column_name",
                  "DOC",
                  "data_type",
                  "SDO_GEOMETRY",
                  "char_length",
                  0,
                  "data_precision",
                  null,
                  "data_scale",
                  null,
                  "nullable",
                  "Y",
                  "data_default",
                  null,
                  "comments",
                  null));
        }
        if (sql.contains("FROM ALL_CONSTRAINTS")) {
          return List.of(row("qualified", "SHOP.ORDERS", "column_name", "ID"));
        }
        if (sql.contains("FROM ALL_TABLES")) {
          return List.of(row("table_schema", "SHOP", "table_name", "ORDERS", "estimate", 1200));
        }
        throw new AssertionError(sql);
      };

  @Test
  void aTableReadsWithItsDeclaredTypesAndTheFlinkTypesTheConnectorReadsThemAs() throws Exception {
    TableDetail t =
        SourceCatalog.of(SourceSpec.of("oracle", "ora", null, "X", "u").type())
            .table(probe, "SHOP", "ORDERS")
            .orElseThrow();

    assertThat(t.rowEstimate()).isEqualTo(1200L);
    assertThat(t.primaryKey()).containsExactly("ID");
    assertThat(t.columns())
        .extracting(
            c ->
                c.name()
                    + " "
                    + c.type()
                    + " "
                    + c.flinkType()
                    + " "
                    + c.nullable()
                    + " "
                    + c.defaultValue()
                    + " "
                    + c.primaryKey()
                    + " "
                    + c.comment())
        .containsExactly(
            "ID NUMBER(12) BIGINT false null true null",
            "AMOUNT NUMBER(12,2) DECIMAL(12, 2) true 0 false in euros",
            "RATIO NUMBER DECIMAL(38, 18) true null false null",
            "NOTE VARCHAR2(64) STRING true null false null",
            "CREATED TIMESTAMP(3) WITH LOCAL TIME ZONE TIMESTAMP_LTZ(3) true SYSTIMESTAMP false null",
            "DOC SDO_GEOMETRY null true null false null");
  }
}
