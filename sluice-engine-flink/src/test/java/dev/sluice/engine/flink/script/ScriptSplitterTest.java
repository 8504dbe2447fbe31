package dev.sluice.engine.flink.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptSplitterTest {

  @Test
  void splitsAtSemicolonsOutsideLiteralsIdentifiersAndComments() {
    String script =
        """
        -- a comment; with a semicolon
        SET 'pipeline.name' = 'a;b';
        CREATE TABLE `we;ird` (x STRING) /* c; */ WITH ('connector' = 'datagen');

        INSERT INTO t SELECT 'it''s; fine' FROM `we;ird`;
        """;
    List<Statement> statements = ScriptSplitter.split(script);
    assertThat(statements)
        .extracting(Statement::kind)
        .containsExactly(StatementKind.SET, StatementKind.CREATE_TABLE, StatementKind.INSERT);
    assertThat(statements.get(0).text()).isEqualTo("SET 'pipeline.name' = 'a;b'");
    assertThat(statements.get(2).text())
        .isEqualTo("INSERT INTO t SELECT 'it''s; fine' FROM `we;ird`");
  }

  @Test
  void remembersWhereEachStatementStarts() {
    String script = "SET 'a' = 'b';\n\n  INSERT INTO t\n  SELECT 1;  CREATE VIEW v AS SELECT 1";
    List<Statement> statements = ScriptSplitter.split(script);
    assertThat(statements).extracting(Statement::line).containsExactly(1, 3, 4);
    assertThat(statements).extracting(Statement::column).containsExactly(1, 3, 14);
    assertThat(statements.get(1).toScriptPosition(2, 10)).containsExactly(4, 10);
    assertThat(statements.get(2).toScriptPosition(1, 5)).containsExactly(4, 18);
  }

  @Test
  void understandsBothStatementSetForms() {
    String client = "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;";
    assertThat(ScriptSplitter.split(client))
        .extracting(Statement::kind)
        .containsExactly(
            StatementKind.BEGIN_STATEMENT_SET,
            StatementKind.INSERT,
            StatementKind.INSERT,
            StatementKind.END);
    assertThat(ScriptSplitter.split(client).get(1).inStatementSet()).isTrue();

    String sql =
        "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT 1;\n  INSERT INTO b SELECT 2;\nEND;";
    List<Statement> statements = ScriptSplitter.split(sql);
    assertThat(statements)
        .extracting(Statement::kind)
        .containsExactly(
            StatementKind.BEGIN_STATEMENT_SET,
            StatementKind.INSERT,
            StatementKind.INSERT,
            StatementKind.END);
    assertThat(statements.get(1).text()).isEqualTo("INSERT INTO a SELECT 1");
    assertThat(statements.get(1).line()).isEqualTo(3);
    assertThat(statements.get(1).column()).isEqualTo(3);
  }

  @Test
  void readsTheNameGivenInTheCommentsBeforeAStatement() {
    String script =
        "-- @name: first\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2; -- @name: third\n"
            + "/* totals per day */\n-- @name: third\nINSERT INTO c SELECT 3;";
    List<Statement> statements = ScriptSplitter.split(script);
    assertThat(statements)
        .extracting(s -> s.name().orElse("-"))
        .containsExactly("first", "-", "third");
    assertThat(statements.get(2).normalizedText()).isEqualTo("INSERT INTO c SELECT 3");
    assertThat(
            ScriptSplitter.split("INSERT  INTO t\n  SELECT 'a  b' -- why\n FROM x")
                .get(0)
                .normalizedText())
        .isEqualTo("INSERT INTO t SELECT 'a  b' FROM x");
  }

  @Test
  void ignoresTrailingCommentsAndEmptyStatements() {
    assertThat(ScriptSplitter.split(";;  -- nothing\n/* at all */")).isEmpty();
    assertThat(ScriptSplitter.split("CREATE TEMPORARY FUNCTION f AS 'x'"))
        .extracting(Statement::kind)
        .containsExactly(StatementKind.CREATE_FUNCTION);
  }
}
