package dev.sluice.engine.flink.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Problems about misspelled names carry the range of the name in the script and the names in scope
 * the user may have meant; positions Flink writes into its messages are the script's.
 */
class ProblemSuggestionsTest {
  static ScriptCompiler compiler;

  static final String TABLES =
      """
      CREATE TABLE orders (id BIGINT, amount DECIMAL(10, 2), merchant STRING) WITH ('connector' = 'datagen');
      CREATE TABLE totals (merchant STRING, total DECIMAL(10, 2)) WITH ('connector' = 'blackhole');
      """;

  @BeforeAll
  static void setUp(@TempDir Path home) {
    ClassLoader cl = ProblemSuggestionsTest.class.getClassLoader();
    compiler = new ScriptCompiler(cl, new ConnectorBundles(home, cl));
  }

  private static List<Problem> problems(String script) {
    return compiler.validate(CompileRequest.of("test", script)).problems();
  }

  private static Problem only(String script) {
    List<Problem> problems = problems(script);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  @Test
  void correctScriptHasNoProblem() {
    assertThat(
            problems(
                TABLES
                    + "INSERT INTO totals SELECT merchant, SUM(amount) FROM orders GROUP BY merchant;"))
        .isEmpty();
  }

  @Test
  void misspelledColumnSuggestsTheColumnsOfTheTablesRead() {
    Problem p = only(TABLES + "INSERT INTO totals SELECT merchant, amout FROM orders;");
    assertThat(p)
        .isEqualTo(
            new Problem(
                3,
                3,
                37,
                "Column 'amout' not found in any table. Did you mean 'amount'?",
                3,
                41,
                List.of("amount")));
  }

  @Test
  void misspelledQualifiedColumnSuggestsTheColumnsOfThatTable() {
    Problem p = only(TABLES + "INSERT INTO totals SELECT o.merchant, o.amout FROM orders o;");
    assertThat(p)
        .isEqualTo(
            new Problem(
                3,
                3,
                41,
                "Column 'amout' not found in table 'o'. Did you mean 'amount'?",
                3,
                45,
                List.of("amount")));
  }

  @Test
  void misspelledFunctionSuggestsFunctionNamesAndMarksOnlyTheName() {
    Problem p =
        only(
            TABLES
                + "INSERT INTO totals SELECT merchant, SUMM(amount) FROM orders GROUP BY merchant;");
    assertThat(p)
        .isEqualTo(
            new Problem(
                3,
                3,
                37,
                "No match found for function signature SUMM(<NUMERIC>). Did you mean 'SUM'?",
                3,
                40,
                List.of("SUM")));
  }

  @Test
  void misspelledTableSuggestsTheTablesDeclaredSoFar() {
    Problem p = only(TABLES + "INSERT INTO totals SELECT merchant, amount FROM ordrs;");
    assertThat(p)
        .isEqualTo(
            new Problem(
                3,
                3,
                49,
                "Object 'ordrs' not found. Did you mean 'orders'?",
                3,
                53,
                List.of("orders")));
  }

  @Test
  void unsupportedOptionPointsAtTheKeyInWithAndSuggestsTheConnectorsOptions() {
    List<Problem> problems =
        problems(
            """
            CREATE TABLE src (a STRING) WITH (
              'connector' = 'datagen',
              'rows-per-secnd' = '1');
            CREATE TABLE snk (a STRING) WITH ('connector' = 'blackhole');
            INSERT INTO snk SELECT a FROM src;
            """);
    assertThat(problems.get(0))
        .isEqualTo(
            new Problem(
                1,
                3,
                3,
                "Unable to create a source for reading table 'default_catalog.default_database.src':"
                    + " Unsupported options found for 'datagen'. Unsupported options:"
                    + " rows-per-secnd. Did you mean 'rows-per-second'?",
                3,
                18,
                List.of("rows-per-second")));
  }

  @Test
  void severalUnsupportedOptionsAreEachGivenTheOptionMeant() {
    List<Problem> problems =
        problems(
            """
            CREATE TABLE src (a STRING) WITH (
              'connector' = 'datagen',
              'rows-per-secnd' = '1',
              'numbr-of-rows' = '5');
            CREATE TABLE snk (a STRING) WITH ('connector' = 'blackhole');
            INSERT INTO snk SELECT a FROM src;
            """);
    assertThat(problems.get(0))
        .isEqualTo(
            new Problem(
                1,
                4,
                3,
                "Unable to create a source for reading table 'default_catalog.default_database.src':"
                    + " Unsupported options found for 'datagen'. Unsupported options:"
                    + " numbr-of-rows, rows-per-secnd. Did you mean 'number-of-rows' for"
                    + " 'numbr-of-rows', 'rows-per-second' for 'rows-per-secnd'?",
                4,
                17,
                List.of("number-of-rows")));
  }

  @Test
  void unsupportedKafkaOptionSuggestsTheKafkaOption() {
    Problem p =
        problems(
                "CREATE TABLE k (a STRING) WITH ('connector' = 'kafka', 'topc' = 'x',"
                    + " 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json');\n"
                    + "CREATE TABLE snk (a STRING) WITH ('connector' = 'blackhole');\n"
                    + "INSERT INTO snk SELECT a FROM k;")
            .get(0);
    assertThat(p.line()).isEqualTo(1);
    assertThat(p.column()).isEqualTo(56);
    assertThat(p.endColumn()).isEqualTo(61);
    assertThat(p.suggestions()).containsExactly("topic");
    assertThat(p.message()).endsWith("Unsupported options: topc. Did you mean 'topic'?");
  }

  @Test
  void unknownConnectorPointsAtItsValueAndSuggestsConnectors() {
    Problem p =
        problems(
                "CREATE TABLE k (a STRING) WITH ('connector' = 'kafak', 'topic' = 'x');\n"
                    + "INSERT INTO k SELECT 'a';")
            .get(0);
    assertThat(p.statement()).isEqualTo(1);
    assertThat(p.line()).isEqualTo(1);
    assertThat(p.column()).isEqualTo(47);
    assertThat(p.endLine()).isEqualTo(1);
    assertThat(p.endColumn()).isEqualTo(53);
    assertThat(p.suggestions()).containsExactly("kafka");
    assertThat(p.message())
        .startsWith("Unknown connector 'kafak' in table default_catalog.default_database.k.")
        .endsWith(". Did you mean 'kafka'?");
  }

  @Test
  void unknownFormatPointsAtItsValueAndSuggestsFormats() {
    Problem p =
        problems(
                "CREATE TABLE k (a STRING) WITH ('connector' = 'kafka', 'topic' = 'x',"
                    + " 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'jsn');\n"
                    + "CREATE TABLE snk (a STRING) WITH ('connector' = 'blackhole');\n"
                    + "INSERT INTO snk SELECT a FROM k;")
            .get(0);
    assertThat(p.statement()).isEqualTo(1);
    assertThat(p.line()).isEqualTo(1);
    assertThat(p.column()).isEqualTo(133);
    assertThat(p.endColumn()).isEqualTo(137);
    assertThat(p.suggestions()).containsExactly("json");
    assertThat(p.message())
        .endsWith(
            "Could not find any factory for identifier 'jsn' that implements"
                + " 'org.apache.flink.table.factories.DeserializationFormatFactory' in the"
                + " classpath. Available factory identifiers are: canal-json, csv, debezium-json,"
                + " json, maxwell-json, ogg-json, raw, sluice-json. Did you mean 'json'?");
  }

  @Test
  void farOffNameGetsNoSuggestion() {
    Problem p = only(TABLES + "INSERT INTO totals SELECT merchant, xyzzy FROM orders;");
    assertThat(p)
        .isEqualTo(
            new Problem(3, 3, 37, "Column 'xyzzy' not found in any table", 3, 41, List.of()));
  }

  @Test
  void parseErrorNamesTheScriptPositionInItsMessage() {
    Problem p = only(TABLES + "\n\nINSERT INTO totals SELECT merchant, amount FORM orders;");
    assertThat(p.statement()).isEqualTo(3);
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.column()).isEqualTo(49);
    assertThat(p.endLine()).isEqualTo(5);
    assertThat(p.endColumn()).isEqualTo(54);
    assertThat(p.suggestions()).isEmpty();
    assertThat(p.message()).startsWith("Encountered \"orders\" at line 5, column 49.");
  }

  @Test
  void parseErrorInAnIndentedStatementIsMovedByItsColumn() {
    Problem p = only(TABLES + "    INSERT INTO totals SELECT merchant, amount FORM orders;");
    assertThat(p.line()).isEqualTo(3);
    assertThat(p.column()).isEqualTo(53);
    assertThat(p.message()).startsWith("Encountered \"orders\" at line 3, column 53.");
  }
}
