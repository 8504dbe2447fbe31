package dev.sluice.engine.flink.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.assist.DeclaredTable;
import dev.sluice.engine.api.assist.DeclaredTable.Column;
import dev.sluice.engine.api.assist.DeclaredTable.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCompilerTablesTest {
  static ScriptCompiler compiler;

  @BeforeAll
  static void setUp(@TempDir Path home) {
    ClassLoader cl = ScriptCompilerTablesTest.class.getClassLoader();
    compiler = new ScriptCompiler(cl, new ConnectorBundles(home, cl));
  }

  private static List<DeclaredTable> tables(String script) {
    return compiler.tables(CompileRequest.of("test", script));
  }

  private static String id(String name) {
    return "default_catalog.default_database." + name;
  }

  @Test
  void listsTheTablesOfAPartlyBrokenScriptInOrderSkippingTheBrokenStatements() {
    List<DeclaredTable> tables =
        tables(
            """
            CREATE TABLE orders (
              id BIGINT,
              amount DECIMAL(10, 2),
              ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts
            ) WITH ('connector' = 'datagen');
            CREATE VIEW broken AS SELECT id, amout FROM orders;
            CREATE TEMPORARY VIEW doubled AS SELECT id, amount * 2 AS twice FROM orders;
            CREATE TABLE sink WITH ('connector' = 'blackhole') AS SELECT id FROM orders;
            INSERT INTO nowhere SELECT id FROM orders;
            CREATE TABLE later (a INT) WITH ('connector' = 'blackhole');
            """);
    assertThat(tables)
        .containsExactly(
            new DeclaredTable(
                "orders",
                id("orders"),
                Kind.TABLE,
                1,
                1,
                1,
                "datagen",
                List.of(
                    new Column("id", "BIGINT"),
                    new Column("amount", "DECIMAL(10, 2)"),
                    new Column("ts", "TIMESTAMP(3) *ROWTIME*"))),
            new DeclaredTable(
                "doubled",
                id("doubled"),
                Kind.TEMPORARY_VIEW,
                3,
                8,
                1,
                null,
                List.of(new Column("id", "BIGINT"), new Column("twice", "DECIMAL(21, 2)"))),
            new DeclaredTable(
                "sink",
                id("sink"),
                Kind.TABLE,
                4,
                9,
                1,
                "blackhole",
                List.of(new Column("id", "BIGINT"))),
            new DeclaredTable(
                "later",
                id("later"),
                Kind.TABLE,
                6,
                11,
                1,
                "blackhole",
                List.of(new Column("a", "INT"))));
  }

  @Test
  void saysWhichColumnsTheTableComputesOrTheConnectorSupplies() {
    List<DeclaredTable> tables =
        tables(
            """
            CREATE TABLE k (
              id BIGINT,
              twice AS id * 2,
              ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
              part INT METADATA VIRTUAL
            ) WITH ('connector' = 'kafka');
            """);
    assertThat(tables.get(0).columns())
        .containsExactly(
            new Column("id", "BIGINT", DeclaredTable.ColumnKind.PHYSICAL),
            new Column("twice", "BIGINT", DeclaredTable.ColumnKind.COMPUTED),
            new Column("ts", "TIMESTAMP_LTZ(3)", DeclaredTable.ColumnKind.METADATA),
            new Column("part", "INT", DeclaredTable.ColumnKind.METADATA));
  }

  @Test
  void aTableWithABadConnectorIsStillListedAsDeclared() {
    List<DeclaredTable> tables =
        tables("CREATE TEMPORARY TABLE k (a STRING) WITH ('connector' = 'kafak');");
    assertThat(tables)
        .containsExactly(
            new DeclaredTable(
                "k",
                id("k"),
                Kind.TEMPORARY_TABLE,
                1,
                1,
                1,
                "kafak",
                List.of(new Column("a", "STRING"))));
  }

  @Test
  void aTableDroppedLaterIsListedAsItWasDeclared() {
    List<DeclaredTable> tables =
        tables(
            "CREATE TABLE t (a INT) WITH ('connector' = 'blackhole');\n"
                + "DROP TABLE t;\n"
                + "CREATE VIEW v AS SELECT 1 AS x;");
    assertThat(tables).extracting(DeclaredTable::name).containsExactly("t", "v");
    assertThat(tables.get(1).kind()).isEqualTo(Kind.VIEW);
  }

  @Test
  void refusedStatementsRunNothingButTheirTablesAreListed() {
    List<DeclaredTable> tables =
        tables(
            "CREATE TABLE f (line STRING) WITH ('connector' = 'filesystem',"
                + " 'path' = 'file:///etc/', 'format' = 'raw');");
    assertThat(tables).extracting(DeclaredTable::name).containsExactly("f");
  }
}
