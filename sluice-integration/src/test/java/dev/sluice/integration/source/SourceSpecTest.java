package dev.sluice.integration.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceSpecTest {
  @Test
  void aSpecMakesAUrlOfExactlyAHostAPortAndADatabase() {
    assertThat(SourceSpec.of("MySQL", "db.example.com", null, "shop", "cdc").jdbcUrl())
        .isEqualTo("jdbc:mysql://db.example.com:3306/shop");
    assertThat(SourceSpec.of("pg", "10.0.0.5", 6432, "crm", "u").jdbcUrl())
        .isEqualTo("jdbc:postgresql://10.0.0.5:6432/crm");
    assertThat(SourceSpec.of("oracle", "::1", null, "ORCLPDB1", "u").jdbcUrl())
        .isEqualTo("jdbc:oracle:thin:@//[::1]:1521/ORCLPDB1");
  }

  @Test
  void driverParametersCannotBeSmuggledInThroughAField() {
    assertField(
        () -> SourceSpec.of("mysql", "db/x?allowLoadLocalInfile=true", null, "d", "u"), "host");
    assertField(
        () -> SourceSpec.of("mysql", "db", null, "shop?autoDeserialize=true", "u"), "database");
    assertField(() -> SourceSpec.of("mysql", "db:3306", null, "shop", "u"), "host");
    assertField(() -> SourceSpec.of("mysql", "db", 0, "shop", "u"), "port");
    assertField(() -> SourceSpec.of("mysql", "db", null, "shop", "a\nb"), "username");
    assertField(() -> SourceSpec.of("db2", "db", null, "shop", "u"), "type");
  }

  @Test
  void oceanBaseIsListedButRefusedWithTheReason() {
    assertThatThrownBy(() -> SourceSpec.of("oceanbase", "ob", null, "d", "u"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageStartingWith("Not supported: the OceanBase CDC connector");
  }

  @Test
  void connectionsNeverReadLocalFilesOrDeserializeWhatTheServerSends() {
    var p = SourceType.MARIADB.connectionProperties("u", "secret", 5);
    assertThat(p.getProperty("allowLoadLocalInfile")).isEqualTo("false");
    assertThat(p.getProperty("allowUrlInLocalInfile")).isEqualTo("false");
    assertThat(p.getProperty("autoDeserialize")).isEqualTo("false");
    assertThat(p.getProperty("connectTimeout")).isEqualTo("5000");
  }

  private static void assertField(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidSourceException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
