package dev.sluice.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

/** The forms Debezium's connectors send each type in, as their documentation gives them. */
class ColumnTypesTest {
  private static Schema decimal(int precision, int scale) {
    return Decimal.builder(scale)
        .parameter("connect.decimal.precision", Integer.toString(precision))
        .build();
  }

  @Test
  void theFormsOfUnchangedColumnsAreNotChanges() {
    // MySQL sends TINYINT as INT16, YEAR as a named INT32, BIGINT UNSIGNED as DECIMAL(20, 0).
    assertThat(ColumnTypes.changed(new TinyIntType(), Schema.INT16_SCHEMA)).isNull();
    assertThat(
            ColumnTypes.changed(
                new IntType(), SchemaBuilder.int32().name("io.debezium.time.Year").build()))
        .isNull();
    assertThat(ColumnTypes.changed(new DecimalType(20, 0), decimal(20, 0))).isNull();
    // A narrower precision fits; PostgreSQL's numeric without precision is a struct of its own.
    assertThat(ColumnTypes.changed(new DecimalType(10, 2), decimal(8, 2))).isNull();
    assertThat(
            ColumnTypes.changed(
                new DecimalType(38, 18),
                SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").build()))
        .isNull();
    // Text in its named forms (JSON, enums), and MySQL's DECIMAL(65, 30) read as text.
    assertThat(
            ColumnTypes.changed(
                VarCharType.STRING_TYPE,
                SchemaBuilder.string().name("io.debezium.data.Json").build()))
        .isNull();
    assertThat(ColumnTypes.changed(VarCharType.STRING_TYPE, decimal(65, 30))).isNull();
    assertThat(ColumnTypes.changed(new BigIntType(), Schema.INT64_SCHEMA)).isNull();
  }

  @Test
  void widerOrOtherValuesAreChanges() {
    assertThat(ColumnTypes.changed(new SmallIntType(), Schema.INT32_SCHEMA)).isEqualTo("INT32");
    assertThat(ColumnTypes.changed(new IntType(), Schema.INT64_SCHEMA)).isEqualTo("INT64");
    assertThat(ColumnTypes.changed(new BigIntType(), decimal(20, 0))).isEqualTo("DECIMAL(20, 0)");
    assertThat(ColumnTypes.changed(new DecimalType(10, 2), decimal(12, 2)))
        .isEqualTo("DECIMAL(12, 2)");
    assertThat(ColumnTypes.changed(new DecimalType(10, 2), decimal(10, 3)))
        .isEqualTo("DECIMAL(10, 3)");
    assertThat(ColumnTypes.changed(VarCharType.STRING_TYPE, Schema.INT32_SCHEMA))
        .isEqualTo("INT32");
  }
}
