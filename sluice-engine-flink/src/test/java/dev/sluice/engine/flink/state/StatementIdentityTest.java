package dev.sluice.engine.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.flink.script.ScriptSplitter;
import dev.sluice.engine.flink.script.Statement;
import dev.sluice.engine.flink.script.StatementKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementIdentityTest {
  static final String ORIGINAL =
      "INSERT INTO c1 SELECT k, COUNT(*) AS cnt FROM events /*+ OPTIONS('a' = '1', 'b' = '2') */"
          + " WHERE n > 0 AND k <> 'x -- y' GROUP BY k";

  /** The INSERT statements of a script, in order. */
  private static List<Statement> inserts(String script) {
    return ScriptSplitter.split(script).stream()
        .filter(s -> s.kind() == StatementKind.INSERT)
        .toList();
  }

  private static String identity(String statement) {
    return StatementIdentity.canonicalText(inserts(statement + ";").get(0));
  }

  @Test
  void editsThatKeepTheMeaningKeepTheIdentity() {
    String expected = identity(ORIGINAL);
    assertThat(expected)
        .isEqualTo(
            "INSERT INTO `c1` (SELECT `k`, COUNT(*) AS `cnt` FROM `events` /*+ `OPTIONS`('a' ="
                + " '1', 'b' = '2') */ WHERE `n` > 0 AND `k` <> 'x -- y' GROUP BY `k`)");
    List<String> sameMeaning =
        List.of(
            // keyword and function-name case
            "insert into c1 select k, count(*) as cnt from events /*+ options('a' = '1', 'b' ="
                + " '2') */ where n > 0 and k <> 'x -- y' group by k",
            // white space and line breaks
            "INSERT  INTO c1\n  SELECT\tk,\n    COUNT( * ) AS cnt\nFROM events /*+ OPTIONS('a'='1',"
                + "'b'='2') */\n WHERE n>0 AND k<>'x -- y'\nGROUP BY k",
            // comments
            "INSERT INTO c1 -- the counts\n SELECT k, /* every event */ COUNT(*) AS cnt FROM events"
                + " /*+ OPTIONS('a' = '1', 'b' = '2') */ WHERE n > 0 AND k <> 'x -- y' GROUP BY k"
                + " -- by key",
            // redundant parentheses
            "INSERT INTO c1 SELECT k, (COUNT(*)) AS cnt FROM events /*+ OPTIONS('a' = '1', 'b' ="
                + " '2') */ WHERE ((n > 0) AND (k <> 'x -- y')) GROUP BY k",
            // the AS of an alias
            "INSERT INTO c1 SELECT k, COUNT(*) cnt FROM events /*+ OPTIONS('a' = '1', 'b' = '2')"
                + " */ WHERE n > 0 AND k <> 'x -- y' GROUP BY k",
            // the order of hint options
            "INSERT INTO c1 SELECT k, COUNT(*) AS cnt FROM events /*+ OPTIONS('b' = '2', 'a' ="
                + " '1') */ WHERE n > 0 AND k <> 'x -- y' GROUP BY k");
    for (String edit : sameMeaning) {
      assertThat(identity(edit)).as(edit).isEqualTo(expected);
    }
    // trailing semicolons
    assertThat(StatementIdentity.canonicalText(inserts(ORIGINAL + ";;\n;").get(0)))
        .isEqualTo(expected);
  }

  @Test
  void commentsInsideAStatementSetAreNotPartOfTheIdentity() {
    List<Statement> plain =
        inserts("EXECUTE STATEMENT SET BEGIN\n" + ORIGINAL + ";\n" + ORIGINAL + ";\nEND;");
    List<Statement> commented =
        inserts(
            "EXECUTE STATEMENT SET BEGIN -- two counts\n/* first */ "
                + ORIGINAL
                + "; -- done\n-- second\n"
                + ORIGINAL.replace("GROUP BY", "/* keyed */ GROUP BY")
                + ";\n-- end\nEND;");
    assertThat(commented).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(StatementIdentity.canonicalText(commented.get(i)))
          .isEqualTo(StatementIdentity.canonicalText(plain.get(i)))
          .isEqualTo(identity(ORIGINAL));
    }
  }

  @Test
  void editsThatChangeTheMeaningChangeTheIdentity() {
    String original = identity(ORIGINAL);
    List<String> otherMeaning =
        List.of(
            ORIGINAL.replace("INTO c1", "INTO C1"), // identifiers are case-sensitive
            ORIGINAL.replace("SELECT k,", "SELECT `K`,"),
            ORIGINAL.replace("'x -- y'", "'X -- y'"), // so are string literals
            ORIGINAL.replace("n > 0", "n > 1"),
            ORIGINAL.replace("'b' = '2'", "'b' = '3'"),
            ORIGINAL.replace("COUNT(*)", "COUNT(DISTINCT n)"));
    for (String edit : otherMeaning) {
      assertThat(identity(edit)).as(edit).isNotEqualTo(original);
    }
  }

  @Test
  void tableOptionsOfACreateTableAsAreSorted() {
    Statement a =
        ScriptSplitter.split("CREATE TABLE t WITH ('b' = '2', 'a' = '1') AS SELECT * FROM x;")
            .get(0);
    Statement b =
        ScriptSplitter.split("create table t with ('a'='1', 'b'='2') as select * from x;").get(0);
    assertThat(StatementIdentity.canonicalText(a))
        .isEqualTo(StatementIdentity.canonicalText(b))
        .isEqualTo("CREATE TABLE `t` WITH ( 'a' = '1', 'b' = '2' ) AS SELECT * FROM `x`");
  }

  @Test
  void aStatementThatDoesNotParseIsKnownByItsNormalizedText() {
    Statement broken = ScriptSplitter.split("INSERT INTO c1 SELEC k  FROM -- x\n events;").get(0);
    assertThat(StatementIdentity.canonicalText(broken))
        .isEqualTo("INSERT INTO c1 SELEC k FROM events");
  }
}
