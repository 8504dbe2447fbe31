package dev.sluice.engine.flink.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.lineage.ColumnLineage;
import dev.sluice.engine.api.lineage.Dataset;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import dev.sluice.engine.flink.compile.ScriptCompiler;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageExtractorTest {
  static ScriptCompiler compiler;

  @BeforeAll
  static void setUp(@TempDir Path home) {
    ClassLoader cl = LineageExtractorTest.class.getClassLoader();
    compiler = new ScriptCompiler(cl, new ConnectorBundles(home, cl));
  }

  private static Lineage lineage(String script) {
    return compiler.lineage(CompileRequest.of("job_a", script));
  }

  private static Map<String, String> datasetIds(Lineage lineage) {
    return lineage.datasets().stream()
        .collect(
            Collectors.toMap(
                d -> d.table().substring(d.table().lastIndexOf('.') + 1), Dataset::id));
  }

  @Test
  void lakehouseTablesByPathAreNamedAsTheirCatalogNamesThem() {
    assertThat(Datasets.tableAt("paimon", "file:///lake/risk.db/payments/"))
        .containsExactly("paimon://file:///lake", "risk.payments");
    assertThat(Datasets.tableAt("paimon", "s3://bucket/metrics/payments_tumble_1m"))
        .containsExactly("paimon://s3://bucket/metrics", "payments_tumble_1m");
  }

  @Test
  void datasetsAreNamedByWhereTheDataLives() {
    Lineage lineage =
        lineage(
            """
            CREATE TABLE k (a STRING) WITH ('connector' = 'kafka', 'topic' = 'payments',
              'properties.bootstrap.servers' = 'Kafka-B:9092, kafka-a:9092', 'format' = 'json',
              'scan.startup.mode' = 'latest-offset');
            CREATE TABLE cdc (id BIGINT, a STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
              'connector' = 'mysql-cdc', 'hostname' = 'MySQL', 'username' = 'u', 'password' = 'p',
              'database-name' = 'app', 'table-name' = 'users');
            CREATE TABLE pg (a STRING) WITH ('connector' = 'jdbc',
              'url' = 'jdbc:postgresql://pg.internal/dw?ssl=true', 'table-name' = 'events');
            CREATE TABLE my (id BIGINT, a STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'jdbc',
              'url' = 'jdbc:mysql://mysql:3306/app', 'table-name' = 'users');
            CREATE TABLE files (a STRING) WITH ('connector' = 'filesystem', 'path' = 'file:///data/a/', 'format' = 'csv');
            CREATE TABLE local_out (a STRING) WITH ('connector' = 'print');
            INSERT INTO pg SELECT a FROM k;
            INSERT INTO my SELECT id, a FROM cdc;
            INSERT INTO files SELECT a FROM k;
            INSERT INTO local_out SELECT a FROM k;
            """);
    Map<String, String> ids = datasetIds(lineage);
    assertThat(ids)
        .containsEntry("k", "kafka://kafka-a:9092,kafka-b:9092/payments")
        .containsEntry("pg", "postgres://pg.internal:5432/dw.public.events")
        .containsEntry("files", "file/data/a")
        .containsEntry(
            "local_out", "sluice://job/job_a/default_catalog.default_database.local_out");
    // A MySQL CDC source and a JDBC table on the same MySQL table are the same dataset.
    var cdcToJdbc = lineage.statements().get(1);
    assertThat(cdcToJdbc.sink()).isEqualTo("mysql://mysql:3306/app.users");
    assertThat(cdcToJdbc.sources()).containsExactly(cdcToJdbc.sink());
    assertThat(lineage.datasets().stream().filter(d -> d.table().endsWith(".k")).findFirst())
        .get()
        .satisfies(
            d -> {
              assertThat(d.namespace()).isEqualTo("kafka://kafka-a:9092,kafka-b:9092");
              assertThat(d.name()).isEqualTo("payments");
              assertThat(d.fields()).extracting(Dataset.Field::name).containsExactly("a");
            });
  }

  @Test
  void expressionsAreShownOverSourceColumns() {
    Lineage lineage =
        lineage(
            """
            CREATE TABLE o (amount DOUBLE, qty INT, m STRING) WITH ('connector' = 'datagen');
            CREATE TABLE out1 (m STRING, total DOUBLE) WITH ('connector' = 'blackhole');
            -- @name: totals
            INSERT INTO out1 SELECT m, SUM(amount * qty) FROM o GROUP BY m;
            """);
    var statement = lineage.statements().get(0);
    assertThat(statement.statement()).isEqualTo(3);
    assertThat(statement.name()).isEqualTo("totals");
    assertThat(statement.columns())
        .extracting(ColumnLineage::expression)
        .containsExactly("o.m", "SUM((o.amount * o.qty))");
    assertThat(statement.columns())
        .extracting(ColumnLineage::status)
        .containsOnly(ColumnLineage.Status.DERIVED);
  }

  @Test
  void aScriptThatDoesNotValidateGivesItsProblemsNotAPartialGraph() {
    assertThatThrownBy(
            () ->
                lineage(
                    """
                    CREATE TABLE o (a STRING) WITH ('connector' = 'datagen');
                    CREATE TABLE out1 (a STRING) WITH ('connector' = 'blackhole');
                    INSERT INTO out1 SELECT a FROM o;
                    INSERT INTO out1 SELECT nope FROM o;
                    """))
        .isInstanceOf(ScriptException.class)
        .satisfies(
            e -> {
              var problems = ((ScriptException) e).problems();
              assertThat(problems).hasSize(1);
              assertThat(problems.get(0).statement()).isEqualTo(4);
              assertThat(problems.get(0).message()).contains("nope");
            });
  }

  @Test
  void anUpdatingQueryIntoAnAppendOnlySinkIsAProblem() {
    assertThatThrownBy(
            () ->
                lineage(
                    """
                    CREATE TABLE o (a STRING) WITH ('connector' = 'datagen');
                    CREATE TABLE out1 (a STRING, n BIGINT) WITH ('connector' = 'filesystem',
                      'path' = '/tmp/out1', 'format' = 'csv');
                    INSERT INTO out1 SELECT a, COUNT(*) FROM o GROUP BY a;
                    """))
        .isInstanceOf(ScriptException.class)
        .satisfies(
            e -> assertThat(((ScriptException) e).problems().get(0).statement()).isEqualTo(3));
  }

  static final String CARTS =
      """
      CREATE TABLE carts (cart_id BIGINT, tags ARRAY<STRING>) WITH ('connector' = 'datagen');
      CREATE TABLE out1 (cart_id BIGINT, tag STRING, pos INT) WITH ('connector' = 'blackhole');
      """;
  static final String WITH_ORDINALITY =
      "INSERT INTO out1 SELECT c.cart_id, t.tag, t.pos\n"
          + "FROM carts AS c CROSS JOIN UNNEST(c.tags) WITH ORDINALITY AS t (tag, pos)";

  @Test
  void unnestWithOrdinalityIsRefusedWithWhatToChangeWhereItIsWritten() {
    assertThatThrownBy(() -> lineage(CARTS + WITH_ORDINALITY + ";"))
        .isInstanceOfSatisfying(
            ScriptException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.statement()).isEqualTo(3);
                          assertThat(p.line()).isEqualTo(4);
                          assertThat(p.column()).isEqualTo(28);
                          assertThat(p.message())
                              .startsWith(
                                  "UNNEST ... WITH ORDINALITY is not supported by Flink 1.20");
                        }));
  }

  @Test
  void theOrdinalColumnOfUnnestWithOrdinalityComesFromNoColumn() {
    // Flink 1.20 cannot plan it (see above), but its logical plan has the ordinal column: the walk
    // marks it, for the engines that run it.
    var env =
        (org.apache.flink.table.api.internal.TableEnvironmentImpl)
            org.apache.flink.table.api.TableEnvironment.create(
                org.apache.flink.table.api.EnvironmentSettings.inStreamingMode());
    for (String ddl : CARTS.split(";\n")) {
      if (!ddl.isBlank()) {
        env.executeSql(ddl);
      }
    }
    var insert =
        (org.apache.flink.table.operations.ModifyOperation)
            env.getParser().parse(WITH_ORDINALITY).get(0);
    var plan =
        ((org.apache.flink.table.planner.delegation.PlannerBase) env.getPlanner())
            .translateToRel(insert);
    var statement = dev.sluice.engine.flink.script.ScriptSplitter.split(WITH_ORDINALITY).get(0);
    Lineage lineage =
        LineageExtractor.extract(
            "job", java.util.List.of(new LineageExtractor.Planned(statement, plan)), Map.of());
    Map<String, ColumnLineage> columns =
        lineage.statements().get(0).columns().stream()
            .collect(Collectors.toMap(ColumnLineage::column, c -> c));
    assertThat(columns.get("tag").origins())
        .singleElement()
        .satisfies(
            o -> assertThat(o.column() + ":" + o.subtype()).isEqualTo("tags:TRANSFORMATION"));
    assertThat(columns.get("pos").origins()).isEmpty();
    assertThat(columns.get("pos").expression()).isEqualTo("ORDINALITY");
  }
}
