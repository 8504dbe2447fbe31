package dev.sluice.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.errors.InvalidFieldException;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
  @Test
  void acceptsPostgresUrlsWithHarmlessParameters() {
    assertThat(JdbcUrls.require("jdbc:postgresql://db:5432/crm"))
        .isEqualTo("jdbc:postgresql://db:5432/crm");
    assertThat(JdbcUrls.require("jdbc:postgresql://db/crm?sslmode=require&currentSchema=sales"))
        .isEqualTo("jdbc:postgresql://db/crm?sslmode=require&currentSchema=sales");
  }

  @Test
  void refusesOtherDatabasesAtTheUrlField() {
    assertThatThrownBy(() -> JdbcUrls.require("jdbc:mysql://db:3306/crm"))
        .isInstanceOfSatisfying(
            InvalidFieldException.class,
            e -> {
              assertThat(e.field()).isEqualTo("url");
              assertThat(e.getMessage()).contains("MySQL and MariaDB", "not supported yet");
            });
    assertThatThrownBy(() -> JdbcUrls.require("jdbc:mariadb://db/crm"))
        .isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> JdbcUrls.require("jdbc:h2:file:/etc/passwd"))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("url"));
    assertThatThrownBy(() -> JdbcUrls.require(" "))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("url"));
  }

  @Test
  void refusesDriverParametersThatLoadClassesOrCarryCredentials() {
    for (String p :
        new String[] {
          "socketFactory=org.example.Evil",
          "sslfactory=x",
          "loggerFile=/tmp/x",
          "password=pw",
          "user=u",
          "authenticationPluginClassName=x"
        }) {
      assertThatThrownBy(() -> JdbcUrls.require("jdbc:postgresql://db/crm?ssl=true&" + p))
          .as(p)
          .isInstanceOfSatisfying(
              InvalidFieldException.class,
              e -> assertThat(e.getMessage()).startsWith("url: the parameter '" + p.split("=")[0]));
    }
  }
}
