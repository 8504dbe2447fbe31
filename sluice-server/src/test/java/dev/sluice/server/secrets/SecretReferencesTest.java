package dev.sluice.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.secrets.SecretReferences.Position;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {
  private static final String SINK =
      """
      CREATE TABLE out (id INT) WITH (
        'connector' = 'jdbc',
        'url' = 'jdbc:postgresql://db:5432/crm',
        'password' = '${secret:crm_db_password}');
      INSERT INTO out SELECT 1;
      """;

  @Test
  void replacesAnOptionValueExactly() {
    assertThat(SecretReferences.resolve(SINK, Map.of("crm_db_password", "hunter2")::get))
        .isEqualTo(SINK.replace("${secret:crm_db_password}", "hunter2"));
  }

  @Test
  void aQuoteInTheValueIsDoubledSoTheLiteralStaysOneLiteral() {
    String resolved = SecretReferences.resolve(SINK, Map.of("crm_db_password", "it's;'--x")::get);
    assertThat(resolved).contains("'password' = 'it''s;''--x');");
  }

  @Test
  void aBackslashIsDoubledOnlyInAUnicodeLiteral() {
    String script =
        "CREATE TABLE t (a INT) WITH ('password' = U&'${secret:p}', 'x' = '${secret:p}')";
    assertThat(SecretReferences.resolve(script, Map.of("p", "a\\b'")::get))
        .isEqualTo("CREATE TABLE t (a INT) WITH ('password' = U&'a\\\\b''', 'x' = 'a\\b''')");
  }

  @Test
  void partOfAValueAndSeveralReferencesInOneValueAreResolved() {
    String script =
        "CREATE TABLE k (a INT) WITH ('properties.sasl.jaas.config' = 'PlainLoginModule required"
            + " username=\"${secret:user}\" password=\"${secret:pw}\";')";
    assertThat(SecretReferences.resolve(script, Map.of("user", "ann", "pw", "p")::get))
        .isEqualTo(
            "CREATE TABLE k (a INT) WITH ('properties.sasl.jaas.config' = 'PlainLoginModule"
                + " required username=\"ann\" password=\"p\";')");
  }

  @Test
  void hintOptionsAndCatalogOptionsAreOptionValues() {
    String script =
        "CREATE CATALOG pg WITH ('type' = 'jdbc', 'password' = '${secret:a}');\n"
            + "INSERT INTO out SELECT * FROM src /*+ OPTIONS('password' = '${secret:b}') */;";
    assertThat(SecretReferences.find(script))
        .extracting(SecretReferences.Reference::name, SecretReferences.Reference::position)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", Position.OPTION_VALUE),
            org.assertj.core.groups.Tuple.tuple("b", Position.OPTION_VALUE));
  }

  @Test
  void referencesInCommentsAreNotReferences() {
    String script =
        "-- the password is ${secret:old}\n"
            + "/* ${secret:older} */ CREATE TABLE t (a INT) WITH ('password' = '${secret:p}')";
    assertThat(SecretReferences.find(script))
        .extracting(SecretReferences.Reference::name)
        .containsExactly("p");
    assertThat(SecretReferences.resolve(script, Map.of("p", "v")::get))
        .isEqualTo(
            "-- the password is ${secret:old}\n"
                + "/* ${secret:older} */ CREATE TABLE t (a INT) WITH ('password' = 'v')");
  }

  @Test
  void referencesOutsideAnOptionValueAreFoundWithTheirPositionAndRefused() {
    String script =
        "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\n"
            + "SET 'x' = '${secret:in_set}';\n"
            + "INSERT INTO out SELECT '${secret:in_select}', `${secret:in_name}`, ${secret:bare}"
            + " FROM t WHERE 'a' = '${secret:compared}';";
    assertThat(SecretReferences.find(script))
        .extracting(
            SecretReferences.Reference::name,
            SecretReferences.Reference::line,
            SecretReferences.Reference::column,
            SecretReferences.Reference::position)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("in_set", 2, 12, Position.OTHER_LITERAL),
            org.assertj.core.groups.Tuple.tuple("in_select", 3, 25, Position.OTHER_LITERAL),
            org.assertj.core.groups.Tuple.tuple("in_name", 3, 48, Position.OUTSIDE_LITERAL),
            org.assertj.core.groups.Tuple.tuple("bare", 3, 68, Position.OUTSIDE_LITERAL),
            org.assertj.core.groups.Tuple.tuple("compared", 3, 103, Position.OTHER_LITERAL));
    assertThatThrownBy(() -> SecretReferences.resolve(script, n -> "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("secret 'in_set' at 2:12 is referenced outside an option value");
  }

  @Test
  void aQuotedQuoteDoesNotEndTheLiteralItStandsIn() {
    String script =
        "CREATE TABLE t (a INT) WITH ('comment' = 'it''s ${secret:c}', 'p' = '${secret:p}')";
    assertThat(SecretReferences.find(script))
        .extracting(SecretReferences.Reference::name, SecretReferences.Reference::position)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("c", Position.OPTION_VALUE),
            org.assertj.core.groups.Tuple.tuple("p", Position.OPTION_VALUE));
  }

  @Test
  void somethingThatOnlyLooksLikeAReferenceIsLeftAlone() {
    String script = "CREATE TABLE t (a INT) WITH ('p' = '${secret:}', 'q' = '${secret:a b}')";
    assertThat(SecretReferences.find(script)).isEmpty();
    assertThat(SecretReferences.resolve(script, n -> "v")).isEqualTo(script);
  }
}
