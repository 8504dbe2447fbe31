package dev.sluice.integration.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.integration.source.SourceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetTypesTest {
  private static final SourceType PG = SourceType.POSTGRESQL;
  private static final SourceType ORACLE = SourceType.ORACLE;

  private static SyncTarget jdbc(String url) {
    return SyncDefinition.parse(
            Map.of("tables", List.of("s.t"), "target", Map.of("type", "jdbc", "url", url)))
        .target();
  }

  private static String written(SyncTarget t, String flinkType, boolean key) {
    TargetTypes.Mapped m = TargetTypes.write(t, flinkType, key);
    return m.type() + (m.lossy() ? " lossy: " + m.note() : "");
  }

  @Test
  void postgresTargetsKeepEveryValueUpToMicroseconds() {
    SyncTarget pg = jdbc("jdbc:postgresql://h:5432/ods");
    assertThat(written(pg, "TINYINT", false)).isEqualTo("SMALLINT");
    assertThat(written(pg, "DECIMAL(20, 0)", false)).isEqualTo("NUMERIC(20, 0)");
    assertThat(written(pg, "TIMESTAMP_LTZ(3)", false)).isEqualTo("TIMESTAMPTZ(3)");
    assertThat(written(pg, "TIMESTAMP(9)", false))
        .isEqualTo("TIMESTAMP(6) lossy: PostgreSQL keeps 6 fractional digits of 9");
    assertThat(written(pg, "STRING", true)).isEqualTo("TEXT");
    assertThat(written(pg, "BYTES", false)).isEqualTo("BYTEA");
  }

  @Test
  void mysqlTargetsFlagTimeZonesAndTextKeys() {
    SyncTarget my = jdbc("jdbc:mysql://h:3306/ods");
    assertThat(written(my, "STRING", false)).isEqualTo("LONGTEXT");
    assertThat(written(my, "STRING", true))
        .isEqualTo("VARCHAR(255) lossy: a key column: MySQL indexes no TEXT; longer values fail");
    assertThat(written(my, "TIMESTAMP_LTZ(6)", false))
        .isEqualTo(
            "DATETIME(6) lossy: written as UTC date and time: MySQL's DATETIME keeps no time zone");
    assertThat(written(my, "TIMESTAMP(3)", false)).isEqualTo("DATETIME(3)");
  }

  @Test
  void readingFlagsNumbersWithoutPrecisionAndDroppedZoneOffsets() {
    assertThat(TargetTypes.read(PG, "numeric", "DECIMAL(38, 18)").lossy()).isTrue();
    assertThat(TargetTypes.read(ORACLE, "NUMBER", "DECIMAL(38, 18)").note())
        .isEqualTo(
            "NUMBER without a precision reads as DECIMAL(38, 18): more than 18 decimals are"
                + " rounded, more than 20 integer digits fail");
    assertThat(TargetTypes.read(PG, "numeric(12,2)", "DECIMAL(12, 2)").lossy()).isFalse();
    assertThat(TargetTypes.read(ORACLE, "TIMESTAMP(6) WITH TIME ZONE", "TIMESTAMP_LTZ(6)").note())
        .isEqualTo("the instant is kept, its time zone offset is not");
    assertThat(
            TargetTypes.read(ORACLE, "TIMESTAMP(6) WITH LOCAL TIME ZONE", "TIMESTAMP_LTZ(6)")
                .lossy())
        .isFalse();
    assertThat(TargetTypes.read(PG, "timestamp(3) with time zone", "TIMESTAMP_LTZ(3)").lossy())
        .as("PostgreSQL stores timestamptz as an instant: nothing to lose")
        .isFalse();
  }
}
