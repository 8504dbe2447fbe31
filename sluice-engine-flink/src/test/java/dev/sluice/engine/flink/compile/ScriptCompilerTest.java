package dev.sluice.engine.flink.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.ValidationResult;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCompilerTest {
  static ScriptCompiler compiler;

  static final String TABLES =
      """
      CREATE TABLE orders (
        id BIGINT,
        amount DOUBLE,
        merchant STRING,
        ts AS LOCALTIMESTAMP
      ) WITH ('connector' = 'datagen', 'rows-per-second' = '10');
      CREATE TABLE totals (merchant STRING, cnt BIGINT, total DOUBLE, PRIMARY KEY (merchant) NOT ENFORCED)
        WITH ('connector' = 'blackhole');
      """;

  @BeforeAll
  static void setUp(@TempDir Path home) {
    ClassLoader cl = ScriptCompilerTest.class.getClassLoader();
    compiler = new ScriptCompiler(cl, new ConnectorBundles(home, cl));
  }

  private static ValidationResult validate(String script) {
    return compiler.validate(CompileRequest.of("test", script));
  }

  @Test
  void validScriptHasNoProblems() {
    ValidationResult result =
        validate(
            TABLES
                + "INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM orders GROUP BY merchant;");
    assertThat(result.problems()).isEmpty();
    assertThat(result.statements()).hasSize(3);
  }

  @Test
  void syntaxErrorIsPlacedInTheScript() {
    ValidationResult result = validate(TABLES + "INSERT INTO totals\nSELECT merchant FORM orders;");
    assertThat(result.problems()).hasSize(1);
    Problem p = result.problems().get(0);
    assertThat(p.statement()).isEqualTo(3);
    assertThat(p.line()).isEqualTo(10);
    assertThat(p.column()).isEqualTo(22);
    assertThat(p.message()).contains("orders");
  }

  @Test
  void misspelledKeywordIsPlacedWhereTheParserStopped() {
    ValidationResult result =
        validate(TABLES + "INSERT INTO totals\nSELEC merchant, 1, 2.0 FROM orders;");
    Problem p = result.problems().get(0);
    assertThat(p.statement()).isEqualTo(3);
    assertThat(p.line()).isEqualTo(10);
  }

  @Test
  void setStatementsConfigureTheJob() {
    ScriptCompiler.Compiled compiled =
        compiler.compile(
            CompileRequest.of(
                "configured",
                "SET 'parallelism.default' = '3';\n"
                    + TABLES
                    + "INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM orders GROUP BY merchant;"),
            new JobID());
    assertThat(compiled.jobGraph().getVertices())
        .allSatisfy(v -> assertThat(v.getParallelism()).isEqualTo(3));
  }

  @Test
  void unknownTableAndColumnAreReportedWithPositions() {
    ValidationResult result =
        validate(
            TABLES
                + "INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM ordrs GROUP BY merchant;\n"
                + "INSERT INTO totals SELECT merchnt, COUNT(*), SUM(amount) FROM orders GROUP BY merchant;");
    assertThat(result.problems()).hasSize(2);
    assertThat(result.problems().get(0).message()).contains("ordrs").contains("not found");
    assertThat(result.problems().get(0).line()).isEqualTo(9);
    assertThat(result.problems().get(0).column()).isEqualTo(64);
    assertThat(result.problems().get(1).message()).contains("merchnt");
    assertThat(result.problems().get(1).line()).isEqualTo(10);
    assertThat(result.problems().get(1).column()).isEqualTo(27);
  }

  @Test
  void unknownConnectorIsReportedAtItsCreateTable() {
    ValidationResult result =
        validate(
            "CREATE TABLE s (x INT) WITH ('connector' = 'kafak');\nCREATE TABLE k (x INT) WITH ('connector' = 'blackhole');\nINSERT INTO k SELECT x FROM s;");
    assertThat(result.problems()).isNotEmpty();
    Problem p = result.problems().get(0);
    assertThat(p.statement()).isEqualTo(1);
    assertThat(p.message()).contains("Unknown connector 'kafak'").contains("datagen");
  }

  @Test
  void missingRequiredOptionIsNamed() {
    ValidationResult result =
        validate(
            "CREATE TABLE s (x INT) WITH ('connector' = 'kafka', 'format' = 'json');\nCREATE TABLE k (x INT) WITH ('connector' = 'blackhole');\nINSERT INTO k SELECT x FROM s;");
    Problem p = result.problems().get(0);
    assertThat(p.statement()).isEqualTo(1);
    assertThat(p.message())
        .contains("Missing required options")
        .contains("properties.bootstrap.servers");
  }

  @Test
  void typeMismatchIsReported() {
    ValidationResult result =
        validate(
            TABLES
                + "INSERT INTO totals SELECT merchant, merchant, SUM(amount) FROM orders GROUP BY merchant;");
    assertThat(result.problems()).hasSize(1);
    assertThat(result.problems().get(0).statement()).isEqualTo(3);
    assertThat(result.problems().get(0).message()).containsIgnoringCase("type");
  }

  @Test
  void unknownFunctionIsReported() {
    ValidationResult result =
        validate(
            TABLES
                + "INSERT INTO totals SELECT merchant, COUNT(*), SUMM(amount) FROM orders GROUP BY merchant;");
    assertThat(result.problems()).hasSize(1);
    assertThat(result.problems().get(0).message()).contains("SUMM");
  }

  @Test
  void scriptWithoutInsertIsNotRunnable() {
    assertThat(validate(TABLES).problems())
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .contains("no INSERT");
    assertThatThrownBy(() -> compiler.compile(CompileRequest.of("t", TABLES), new JobID()))
        .isInstanceOf(ScriptException.class);
  }

  @Test
  void severalInsertsCompileIntoOneJobGraph() {
    String script =
        TABLES
            + "CREATE TABLE sink2 (merchant STRING, amount DOUBLE) WITH ('connector' = 'blackhole');\n"
            + "BEGIN STATEMENT SET;\n"
            + "INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM orders GROUP BY merchant;\n"
            + "INSERT INTO sink2 SELECT merchant, amount FROM orders WHERE amount > 10;\n"
            + "END;";
    ScriptCompiler.Compiled compiled =
        compiler.compile(CompileRequest.of("two", script), new JobID());
    assertThat(compiled.jobGraph().getName()).isEqualTo("two");
    var graph = JobGraphViews.describe(compiled.streamGraph(), compiled.jobGraph());
    assertThat(graph.vertices().stream().flatMap(v -> v.operators().stream()))
        .filteredOn(o -> o.name().endsWith(": Writer"))
        .hasSize(2);
    assertThat(compiled.planText()).contains("GroupAggregate");
  }

  @Test
  void builtInFunctionsAreAvailableInEveryScriptAndMergeInHoppingWindows() {
    String script =
        """
        CREATE TABLE pays (payer STRING, phone STRING, amount DOUBLE, ts AS LOCALTIMESTAMP,
          WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
        CREATE TABLE stats (ws TIMESTAMP(3), payers BIGINT, p99 DOUBLE, v DOUBLE, s DOUBLE, phone STRING)
          WITH ('connector' = 'blackhole');
        INSERT INTO stats
        SELECT window_start, APPROX_DISTINCT(payer), APPROX_PERCENTILE(amount, 0.99), VAR_POP_D(amount),
               stddev_samp_d(amount), MASK_PHONE(MAX(phone))
        FROM TABLE(HOP(TABLE pays, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
        GROUP BY window_start, window_end;
        """;
    assertThat(validate(script).problems()).isEmpty();
    // They cannot retract: Flink refuses them on an updating input, at validation.
    String updating =
        TABLES
            + "CREATE TABLE d (merchant STRING, n BIGINT, PRIMARY KEY (merchant) NOT ENFORCED) WITH ('connector' = 'blackhole');\n"
            + "CREATE VIEW latest AS SELECT merchant, LAST_VALUE(amount) AS amount FROM orders GROUP BY merchant;\n"
            + "INSERT INTO d SELECT merchant, APPROX_DISTINCT(amount) FROM latest GROUP BY merchant;";
    assertThat(validate(updating).problems())
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .containsIgnoringCase("retract");
  }

  @Test
  void compilationsDoNotLeakIntoEachOther() {
    assertThat(
            validate(
                    TABLES
                        + "CREATE TEMPORARY VIEW leaky AS SELECT * FROM orders;"
                        + "INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM leaky GROUP BY merchant;")
                .problems())
        .isEmpty();
    List<Problem> problems =
        validate(
                TABLES
                    + "INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM leaky GROUP BY merchant;")
            .problems();
    assertThat(problems).singleElement().extracting(Problem::message).asString().contains("leaky");
  }

  @Test
  void createTableAsSelectIsAStatementOfTheJob() {
    String script =
        TABLES
            + "CREATE TABLE merchant_totals WITH ('connector' = 'blackhole') AS\n"
            + "  SELECT merchant, COUNT(*) AS cnt, SUM(amount) AS total FROM orders GROUP BY merchant;\n"
            + "CREATE OR REPLACE TABLE big_orders WITH ('connector' = 'blackhole') AS\n"
            + "  SELECT id, amount FROM orders WHERE amount > 100;\n"
            + "INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM orders GROUP BY merchant;";
    ValidationResult result = validate(script);
    assertThat(result.problems()).isEmpty();
    ScriptCompiler.Compiled compiled =
        compiler.compile(CompileRequest.of("test", script), new JobID());
    // Three sinks, each with the statement that made it as owner.
    assertThat(compiled.owners().values())
        .extracting(dev.sluice.engine.flink.state.StableUids.Owner::label)
        .contains(
            "CREATE TABLE default_catalog.default_database.merchant_totals AS",
            "CREATE TABLE default_catalog.default_database.big_orders AS",
            "INSERT INTO default_catalog.default_database.totals");
    assertThat(compiled.jobGraph().getNumberOfVertices()).isPositive();
    assertThat(compiled.planText()).contains("merchant_totals").contains("big_orders");
  }

  @Test
  void replacingATableThatDoesNotExistSaysSoAtTheStatement() {
    ValidationResult result =
        validate(
            TABLES
                + "REPLACE TABLE nope WITH ('connector' = 'blackhole') AS SELECT id FROM orders;");
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.statement()).isEqualTo(3);
              assertThat(p.line()).isEqualTo(9);
              assertThat(p.column()).isEqualTo(1);
              assertThat(p.message())
                  .isEqualTo(
                      "REPLACE TABLE default_catalog.default_database.nope AS: the table does not"
                          + " exist. Use CREATE OR REPLACE TABLE ... AS or CREATE TABLE ... AS");
            });
  }

  @Test
  void createTableAsIntoAPersistentCatalogIsRefusedBeforeItChangesTheCatalog() {
    String ctas =
        "CREATE TABLE %s.`default`.t WITH ('connector' = 'blackhole') AS SELECT id FROM orders;";
    // A catalog of the script's own that lives only in the compile: allowed.
    assertThat(
            validate(
                    TABLES
                        + "CREATE CATALOG mem WITH ('type' = 'generic_in_memory');\n"
                        + ctas.formatted("mem"))
                .problems())
        .isEmpty();
    // The test's persistent catalog type is allowed here as a platform would allow, say, Hive.
    ValidationResult result =
        compiler.validate(
            new CompileRequest(
                "test",
                TABLES
                    + "CREATE CATALOG lake WITH ('type' = 'test-persistent');\n"
                    + ctas.formatted("lake"),
                java.util.Map.of(
                    SandboxPolicy.CATALOG_TYPES, "generic_in_memory,test-persistent")));
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.statement()).isEqualTo(4);
              assertThat(p.line()).isEqualTo(10);
              assertThat(p.message())
                  .startsWith(
                      "CREATE TABLE ... AS into catalog 'lake' is not supported: it would change"
                          + " the catalog every time the script is validated or compiled");
            });
  }

  @Test
  void noProblemShowsAJavaObjectOrAClassName() {
    ValidationResult result =
        validate(
            TABLES
                + "INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM orders GROUP BY merchant;\n"
                + "CREATE TABLE x WITH ('connector' = 'blackhole') AS SELECT nope FROM orders;\n"
                + "REPLACE TABLE y WITH ('connector' = 'blackhole') AS SELECT id FROM orders;");
    assertThat(result.problems()).hasSize(2);
    assertThat(result.problems())
        .allSatisfy(
            p ->
                assertThat(p.message())
                    .doesNotContainPattern("@[0-9a-f]{4,}")
                    .doesNotContain("org.apache")
                    .doesNotContain("Operation"));
  }

  @Test
  void thePlanTextOfAPlanOnceCompileIsTheOneFlinkExplainsWith() {
    String script =
        TABLES
            + "INSERT INTO totals SELECT merchant, COUNT(*), SUM(amount) FROM orders GROUP BY merchant;\n"
            + "INSERT INTO totals SELECT merchant, 1, MAX(amount) FROM orders WHERE id > 3 GROUP BY merchant;";
    String once = compiler.compile(CompileRequest.of("test", script), new JobID()).planText();
    String twice =
        compiler
            .compile(
                new CompileRequest(
                    "test",
                    script,
                    java.util.Map.of(ScriptCompiler.COMPILE_PATH, "translate-then-explain")),
                new JobID())
            .planText();
    // Operator counters ([12]) are JVM-wide and differ between any two compiles.
    assertThat(once.replaceAll("\\[\\d+\\]", "[]").strip())
        .isEqualTo(twice.replaceAll("\\[\\d+\\]", "[]").strip());
    assertThat(once)
        .contains("== Abstract Syntax Tree ==")
        .contains("== Optimized Physical Plan ==")
        .contains("== Optimized Execution Plan ==");
  }

  @Test
  void aStatementAStreamingJobCannotRunSaysWhatAJobWritesWith() {
    ValidationResult result = validate(TABLES + "DELETE FROM totals WHERE merchant = 'a';");
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.statement()).isEqualTo(3);
              assertThat(p.message())
                  .doesNotContain("Operation")
                  .doesNotContainPattern("@[0-9a-f]{4,}");
            });
  }
}
