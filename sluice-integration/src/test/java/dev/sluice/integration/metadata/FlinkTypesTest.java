package dev.sluice.integration.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import org.junit.jupiter.api.Test;

class FlinkTypesTest {
  @Test
  void postgresTypesMapToTheFlinkTypeALookupColumnIsDeclaredWith() {
    assertThat(FlinkTypes.of("varchar", Types.VARCHAR, 64, 0)).isEqualTo("STRING");
    assertThat(FlinkTypes.of("text", Types.VARCHAR, Integer.MAX_VALUE, 0)).isEqualTo("STRING");
    assertThat(FlinkTypes.of("bpchar", Types.CHAR, 2, 0)).isEqualTo("STRING");
    assertThat(FlinkTypes.of("int2", Types.SMALLINT, 5, 0)).isEqualTo("SMALLINT");
    assertThat(FlinkTypes.of("int4", Types.INTEGER, 10, 0)).isEqualTo("INT");
    assertThat(FlinkTypes.of("serial", Types.INTEGER, 10, 0)).isEqualTo("INT");
    assertThat(FlinkTypes.of("int8", Types.BIGINT, 19, 0)).isEqualTo("BIGINT");
    assertThat(FlinkTypes.of("numeric", Types.NUMERIC, 12, 2)).isEqualTo("DECIMAL(12, 2)");
    assertThat(FlinkTypes.of("float4", Types.REAL, 8, 8)).isEqualTo("FLOAT");
    assertThat(FlinkTypes.of("float8", Types.DOUBLE, 17, 17)).isEqualTo("DOUBLE");
    assertThat(FlinkTypes.of("bool", Types.BIT, 1, 0)).isEqualTo("BOOLEAN");
    assertThat(FlinkTypes.of("date", Types.DATE, 13, 0)).isEqualTo("DATE");
    assertThat(FlinkTypes.of("timestamp", Types.TIMESTAMP, 29, 6)).isEqualTo("TIMESTAMP(6)");
    assertThat(FlinkTypes.of("timestamp", Types.TIMESTAMP, 23, 3)).isEqualTo("TIMESTAMP(3)");
    assertThat(FlinkTypes.of("timestamptz", Types.TIMESTAMP, 35, 6)).isEqualTo("TIMESTAMP_LTZ(6)");
    assertThat(FlinkTypes.of("time", Types.TIME, 15, 6)).isEqualTo("TIME(6)");
    assertThat(FlinkTypes.of("bytea", Types.BINARY, Integer.MAX_VALUE, 0)).isEqualTo("BYTES");
    assertThat(FlinkTypes.of("uuid", Types.OTHER, 2147483647, 0)).isEqualTo("STRING");
    assertThat(FlinkTypes.of("jsonb", Types.OTHER, 2147483647, 0)).isEqualTo("STRING");
  }

  @Test
  void aNumericWithoutPrecisionReadsAsFlinksWidestDecimal() {
    // PostgreSQL reports an unconstrained numeric as precision 131089, scale 0.
    assertThat(FlinkTypes.of("numeric", Types.NUMERIC, 131089, 0)).isEqualTo("DECIMAL(38, 18)");
    assertThat(FlinkTypes.of("numeric", Types.NUMERIC, 0, 0)).isEqualTo("DECIMAL(38, 18)");
  }

  @Test
  void otherDatabasesFallBackToTheJdbcType() {
    assertThat(FlinkTypes.of("TINYINT", Types.TINYINT, 3, 0)).isEqualTo("TINYINT");
    assertThat(FlinkTypes.of("DATETIME", Types.TIMESTAMP, 19, 0)).isEqualTo("TIMESTAMP(0)");
    assertThat(FlinkTypes.of("NVARCHAR2", Types.NVARCHAR, 10, 0)).isEqualTo("STRING");
    assertThat(FlinkTypes.of("BIT", Types.BIT, 1, 0)).isEqualTo("BOOLEAN");
    assertThat(FlinkTypes.of("DEC", Types.DECIMAL, 10, 3)).isEqualTo("DECIMAL(10, 3)");
  }

  @Test
  void typesFlinkCannotReadHaveNone() {
    assertThat(FlinkTypes.of("_int4", Types.ARRAY, 10, 0)).isNull();
    assertThat(FlinkTypes.of("point", Types.OTHER, 0, 0)).isNull();
    assertThat(FlinkTypes.of("varbit", Types.BIT, 16, 0)).isNull();
  }
}
