package dev.sluice.engine.flink.assist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.assist.FactoryOption;
import dev.sluice.engine.api.assist.FactoryOptions;
import dev.sluice.engine.api.assist.SqlFunction;
import dev.sluice.engine.api.assist.SqlLanguage;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlLanguageReaderTest {
  static SqlLanguage language;

  @BeforeAll
  static void read(@TempDir Path home) {
    ClassLoader cl = SqlLanguageReaderTest.class.getClassLoader();
    language = new SqlLanguageReader(cl, new ConnectorBundles(home, cl)).read();
  }

  private static SqlFunction function(String name) {
    return language.functions().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static FactoryOptions factory(List<FactoryOptions> factories, String identifier) {
    return factories.stream()
        .filter(f -> f.identifier().equals(identifier))
        .findFirst()
        .orElseThrow();
  }

  private static FactoryOption option(FactoryOptions factory, String key) {
    return factory.options().stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void keywordsAreTheParsersReservedAndNonReservedOnes() {
    assertThat(language.keywords())
        .contains("SELECT", "FROM", "WATERMARK", "STATEMENT", "TUMBLE", "MATCH_RECOGNIZE")
        .doesNotContain("amount", "(", "<EOF>")
        .isSorted();
  }

  @Test
  void builtInFunctionsCarryTheSignaturesOfTheirTypeInference() {
    assertThat(function("SUM"))
        .isEqualTo(
            new SqlFunction("SUM", SqlFunction.Kind.BUILTIN, List.of("SUM(<NUMERIC>)"), null));
    // Resolved through the function catalog first, as the planner does: the core module's.
    assertThat(function("SUBSTRING").signatures())
        .containsExactly(
            "SUBSTRING(<CHARACTER_STRING>, <INTEGER>)",
            "SUBSTRING(<CHARACTER_STRING>, <INTEGER>, <INTEGER>)");
    // Only in the planner's operator table.
    assertThat(function("DATE_FORMAT").signatures())
        .containsExactly(
            "DATE_FORMAT(<TIMESTAMP>, <CHARACTER>)", "DATE_FORMAT(<CHARACTER>, <CHARACTER>)");
    assertThat(function("IFNULL").signatures())
        .containsExactly("IFNULL(input <COMMON>, null_replacement <COMMON>)");
    // The Table API's expression names are not SQL's.
    assertThat(language.functions()).noneMatch(f -> f.name().equals("charLength"));
  }

  @Test
  void sluiceFunctionsAreMarkedAsSluices() {
    assertThat(function("APPROX_DISTINCT"))
        .isEqualTo(
            new SqlFunction(
                "APPROX_DISTINCT",
                SqlFunction.Kind.SLUICE,
                List.of("APPROX_DISTINCT(value <ANY>)"),
                null));
    assertThat(function("MASK_PHONE").kind()).isEqualTo(SqlFunction.Kind.SLUICE);
  }

  @Test
  void connectorOptionsComeFromTheFactoriesRequiredFirst() {
    FactoryOptions kafka = factory(language.connectors(), "kafka");
    assertThat(kafka.options().get(0))
        .isEqualTo(
            new FactoryOption(
                "properties.bootstrap.servers",
                true,
                "String",
                null,
                "Required Kafka server connection string"));
    assertThat(kafka.options().subList(1, kafka.options().size()))
        .noneMatch(FactoryOption::required);
    FactoryOptions datagen = factory(language.connectors(), "datagen");
    assertThat(option(datagen, "rows-per-second"))
        .isEqualTo(
            new FactoryOption(
                "rows-per-second",
                false,
                "Long",
                "10000",
                "Rows per second to control the emit rate."));
  }

  @Test
  void formatOptionsAreKeyedAsInWith() {
    FactoryOptions json = factory(language.formats(), "json");
    assertThat(option(json, "json.ignore-parse-errors"))
        .satisfies(
            o -> {
              assertThat(o.required()).isFalse();
              assertThat(o.type()).isEqualTo("Boolean");
              assertThat(o.defaultValue()).isEqualTo("false");
              assertThat(o.description()).startsWith("Optional flag to skip fields and rows");
            });
  }
}
