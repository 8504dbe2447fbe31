package dev.sluice.engine.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import dev.sluice.engine.flink.compile.JobGraphViews;
import dev.sluice.engine.flink.compile.ScriptCompiler;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which aggregate operator ids survive each kind of edit, with Sluice's uids and with Flink's
 * default ids (the baseline). An id that survives is state that a restore maps; the table printed
 * at the end is the baseline comparison.
 */
class StableUidsTest {
  static ScriptCompiler compiler;
  static final Map<String, String> BASELINE = new LinkedHashMap<>();

  static final String TABLES =
      """
      CREATE TABLE payments (merchant STRING, channel STRING, amount BIGINT) WITH ('connector' = 'datagen');
      CREATE VIEW valid AS SELECT * FROM payments;
      CREATE TABLE out0 (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'blackhole');
      CREATE TABLE out1 (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'blackhole');
      CREATE TABLE out2 (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'blackhole');
      CREATE TABLE out3 (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'blackhole');
      CREATE TABLE out4 (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'print');
      """;
  static final String S1 =
      "INSERT INTO out1 SELECT merchant, COUNT(*) FROM valid GROUP BY merchant;\n";
  static final String S2 =
      "INSERT INTO out2 SELECT channel, SUM(amount) FROM valid GROUP BY channel;\n";
  static final String S3 =
      "INSERT INTO out3 SELECT merchant, MAX(amount) FROM valid GROUP BY merchant;\n";
  static final String EXTRA =
      "INSERT INTO out0 SELECT channel, MIN(amount) FROM valid GROUP BY channel;\n";
  static final String V1 = TABLES + S1 + S2 + S3;

  @BeforeAll
  static void setUp(@TempDir Path home) {
    ClassLoader cl = StableUidsTest.class.getClassLoader();
    compiler = new ScriptCompiler(cl, new ConnectorBundles(home, cl));
  }

  @AfterAll
  static void printBaseline() {
    System.out.println(
        "| edit | statements keeping their aggregate state: Sluice uids | Flink default ids |");
    System.out.println("|---|---|---|");
    BASELINE.forEach((edit, row) -> System.out.println("| " + edit + " | " + row + " |"));
  }

  /** Sink table to the ids of the aggregate operators chained in front of it. */
  static Map<String, String> aggregateIds(String script, boolean stable) {
    Map<String, String> config =
        stable ? Map.of() : Map.of(ScriptCompiler.OPERATOR_IDS, "flink-default");
    ScriptCompiler.Compiled c =
        compiler.compile(new CompileRequest("job", script, config), new JobID());
    JobGraphView view = JobGraphViews.describe(c.streamGraph(), c.jobGraph(), c.owners());
    Map<String, String> ids = new TreeMap<>();
    for (JobGraphView.Vertex v : view.vertices()) {
      String sink = null;
      List<String> aggregates = new java.util.ArrayList<>();
      for (JobGraphView.Operator op : v.operators()) {
        if (op.name().endsWith(": Writer") || op.name().startsWith("Sink: ")) {
          sink = op.name().replaceAll("^Sink: |\\[\\d+\\](: Writer)?$", "");
        }
        if (op.name().contains("Aggregate")) {
          aggregates.add(op.id());
        }
      }
      if (sink != null && !aggregates.isEmpty()) {
        ids.put(sink, String.join(",", aggregates));
      }
    }
    return ids;
  }

  /** The v1 statements whose aggregate id is unchanged in v2. */
  static TreeSet<String> kept(String v2, boolean stable) {
    Map<String, String> before = aggregateIds(V1, stable);
    Map<String, String> after = aggregateIds(v2, stable);
    TreeSet<String> kept = new TreeSet<>();
    before.forEach(
        (sink, id) -> {
          if (id.equals(after.get(sink))) {
            kept.add(sink);
          }
        });
    return kept;
  }

  static void check(String edit, String v2, String... expected) {
    TreeSet<String> stable = kept(v2, true);
    TreeSet<String> flink = kept(v2, false);
    BASELINE.put(edit, stable.size() + "/3 " + stable + " | " + flink.size() + "/3 " + flink);
    assertThat(stable).as(edit).containsExactlyInAnyOrder(expected);
  }

  @Test
  void sameScriptGivesTheSameIdsEveryTime() {
    Map<String, String> first = aggregateIds(V1, true);
    aggregateIds(TABLES + EXTRA + S3, true); // move the planner's JVM-wide counters on
    assertThat(aggregateIds(V1, true)).isEqualTo(first);
    check("same script compiled again", V1, "out1", "out2", "out3");
  }

  @Test
  void editingOneStatementKeepsTheOthers() {
    check(
        "edit the query of statement 1",
        TABLES + S1.replace("COUNT(*)", "COUNT(DISTINCT channel)") + S2 + S3,
        "out2",
        "out3");
    check(
        "edit the query of statement 2",
        TABLES + S1 + S2.replace("GROUP BY channel", "WHERE amount > 10 GROUP BY channel") + S3,
        "out1",
        "out3");
    check(
        "edit the query of statement 3",
        TABLES + S1 + S2 + S3.replace("MAX(amount)", "MAX(amount + 1)"),
        "out1",
        "out2");
    check(
        "change only the aggregate function of statement 2",
        TABLES + S1 + S2.replace("SUM(", "MIN(") + S3,
        "out1",
        "out3");
  }

  @Test
  void addingRemovingAndReorderingStatementsKeepsTheOthers() {
    check("add a statement at the start", TABLES + EXTRA + S1 + S2 + S3, "out1", "out2", "out3");
    check("add a statement in the middle", TABLES + S1 + EXTRA + S2 + S3, "out1", "out2", "out3");
    check("add a statement at the end", TABLES + S1 + S2 + S3 + EXTRA, "out1", "out2", "out3");
    check("remove statement 2", TABLES + S1 + S3, "out1", "out3");
    check("reorder the statements", TABLES + S3 + S1 + S2, "out1", "out2", "out3");
  }

  @Test
  void upstreamFiltersParallelismAndSinkOptionsKeepEverything() {
    check(
        "add a filter to the shared source path",
        V1.replace(
            "CREATE VIEW valid AS SELECT * FROM payments",
            "CREATE VIEW valid AS SELECT * FROM payments WHERE amount >= 0"),
        "out1",
        "out2",
        "out3");
    check(
        "change the job parallelism",
        "SET 'parallelism.default' = '2';\n" + V1,
        "out1",
        "out2",
        "out3");
    check(
        "change a sink's connector option",
        V1.replace(
            "CREATE TABLE out1 (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'blackhole')",
            "CREATE TABLE out1 (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'print', 'print-identifier' = 'x')"),
        "out1",
        "out2",
        "out3");
  }

  @Test
  void aNodeThatBecomesSharedKeepsTheUidItHadAlone() {
    // The planner reuses the aggregate of an identical new statement: the node becomes shared.
    String twin = "INSERT INTO out0 SELECT merchant, COUNT(*) FROM valid GROUP BY merchant;\n";
    ScriptCompiler.Compiled v1 = compiler.compile(CompileRequest.of("job", V1), new JobID());
    ScriptCompiler.Compiled v2 =
        compiler.compile(
            new CompileRequest("job", TABLES + twin + S1 + S2 + S3, Map.of(), v1.owners().keySet()),
            new JobID());
    String aggregateV1 = aggregateUid(v1, "out1");
    assertThat(v2.owners()).containsKey(aggregateV1);
    assertThat(v2.owners().get(aggregateV1).statementKey()).isEqualTo("shared");
    // Without knowing v1's uids it would be a new shared id.
    ScriptCompiler.Compiled fresh =
        compiler.compile(CompileRequest.of("job", TABLES + twin + S1 + S2 + S3), new JobID());
    assertThat(fresh.owners()).doesNotContainKey(aggregateV1);
  }

  private static String aggregateUid(ScriptCompiler.Compiled c, String sink) {
    JobGraphView view = JobGraphViews.describe(c.streamGraph(), c.jobGraph(), c.owners());
    return view.vertices().stream()
        .filter(v -> v.operators().stream().anyMatch(o -> o.name().startsWith(sink + "[")))
        .flatMap(v -> v.operators().stream())
        .filter(o -> o.name().contains("Aggregate"))
        .map(JobGraphView.Operator::uid)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void namedStatementsKeepTheirIdentityAcrossEdits() {
    String named = TABLES + "-- @name: merchant_counts\n" + S1 + S2 + S3;
    String edited =
        TABLES
            + "-- @name: merchant_counts\n"
            + S1.replace("FROM valid", "FROM valid WHERE amount > 0")
            + S2
            + S3;
    ScriptCompiler.Compiled c = compiler.compile(CompileRequest.of("job", named), new JobID());
    assertThat(c.owners().values())
        .anySatisfy(o -> assertThat(o.statementKey()).isEqualTo("merchant_counts"));
    // A filter upstream of the aggregate: same name, same aggregate, the state is kept.
    assertThat(aggregateIds(edited, true).get("out1"))
        .isEqualTo(aggregateIds(named, true).get("out1"));
  }

  @Test
  void editsThatKeepTheMeaningKeepEveryStatementsIds() {
    check(
        "re-case keywords and functions",
        TABLES
            + S1.replace("INSERT INTO", "insert into")
                .replace("SELECT", "select")
                .replace("COUNT", "count")
            + S2.toLowerCase(java.util.Locale.ROOT)
            + S3,
        "out1",
        "out2",
        "out3");
    check(
        "re-format white space and line breaks",
        TABLES + S1.replace(" ", "\n  ") + S2.replace(", ", " ,\t") + S3,
        "out1",
        "out2",
        "out3");
    check(
        "comment anywhere",
        TABLES
            + "-- counts per merchant\n"
            + S1.replace("FROM", "/* all */ FROM")
            + S2.replace(";\n", " -- per channel\n;\n")
            + S3,
        "out1",
        "out2",
        "out3");
    check(
        "add redundant parentheses",
        TABLES
            + S1.replace("COUNT(*)", "(COUNT(*))")
            + S2.replace("SUM(amount)", "SUM((amount))")
            + S3,
        "out1",
        "out2",
        "out3");
    String withAs = TABLES + S1.replace("COUNT(*)", "COUNT(*) AS v") + S2 + S3;
    String withoutAs = TABLES + S1.replace("COUNT(*)", "COUNT(*) v") + S2 + S3;
    assertThat(aggregateIds(withoutAs, true)).isEqualTo(aggregateIds(withAs, true)).hasSize(3);
    check(
        "add trailing semicolons",
        TABLES + S1.replace(";", ";;") + S2 + S3.replace(";", ""),
        "out1",
        "out2",
        "out3");
    check(
        "reorder the options of a table the statements read",
        V1.replace(
            "WITH ('connector' = 'datagen')",
            "WITH ('rows-per-second' = '5', 'connector' = 'datagen')"),
        "out1",
        "out2",
        "out3");
  }

  @Test
  void commentsInAStatementSetAndAStatementInsertedBetweenKeepEveryStatementsIds() {
    String set = TABLES + "EXECUTE STATEMENT SET BEGIN\n" + S1 + S2 + S3 + "END;\n";
    String edited =
        TABLES
            + "EXECUTE STATEMENT SET BEGIN -- three counts\n"
            + "/* first */ "
            + S1.replace("SELECT", "select")
            + "-- a new one between\n"
            + EXTRA
            + S2.replace("GROUP BY", "-- keyed\n GROUP BY")
            + S3.replace("MAX(amount)", "max( (amount) )")
            + "-- done\nEND;\n";
    Map<String, String> before = aggregateIds(set, true);
    Map<String, String> after = aggregateIds(edited, true);
    assertThat(after).containsAllEntriesOf(before).containsKey("out0");
    assertThat(before).hasSize(3);
  }

  @Test
  void statementsKnownUnderTheTextDigestOfEarlierVersionsKeepThatIdentity() {
    // Sluice versions before the canonical identity keyed a statement by the digest of its text
    // without comments and white space: such uids are in every store that existed then.
    ScriptCompiler.Compiled v1 = compiler.compile(CompileRequest.of("job", V1), new JobID());
    Map<String, String> legacyKeys = new java.util.HashMap<>();
    for (StableUids.Owner o : v1.owners().values()) {
      if (o.statement() > 0) {
        String sink = o.statementKey().substring(0, o.statementKey().indexOf('#'));
        String text =
            dev.sluice.engine.flink.script.ScriptSplitter.split(V1)
                .get(o.statement() - 1)
                .normalizedText();
        legacyKeys.put(o.statementKey(), sink + "#" + StableUids.digest(text));
      }
    }
    assertThat(legacyKeys).hasSize(3);
    java.util.Set<String> legacyUids = new java.util.HashSet<>();
    for (String uid : v1.owners().keySet()) {
      String renamed = uid;
      for (var e : legacyKeys.entrySet()) {
        renamed = renamed.replace("stmt:" + e.getKey() + ":", "stmt:" + e.getValue() + ":");
      }
      legacyUids.add(renamed);
    }
    assertThat(legacyUids).isNotEqualTo(v1.owners().keySet());

    // The same script keeps the old uids; so does a cosmetic edit after that (same plan), while a
    // real edit of statement 2 gives it new ones.
    ScriptCompiler.Compiled same =
        compiler.compile(new CompileRequest("job", V1, Map.of(), legacyUids), new JobID());
    assertThat(same.owners().keySet()).isEqualTo(legacyUids);
    String cosmetic = TABLES + S1.toLowerCase(java.util.Locale.ROOT) + S2.replace(" ", "\n ") + S3;
    ScriptCompiler.Compiled edited =
        compiler.compile(new CompileRequest("job", cosmetic, Map.of(), legacyUids), new JobID());
    assertThat(edited.owners().keySet()).isEqualTo(legacyUids);
    String real = TABLES + S1 + S2.replace("SUM(", "MIN(") + S3;
    ScriptCompiler.Compiled changed =
        compiler.compile(new CompileRequest("job", real, Map.of(), legacyUids), new JobID());
    assertThat(changed.owners().values())
        .filteredOn(o -> o.label().contains("out2"))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(legacyUids).doesNotContain(o.uid()));
    assertThat(changed.owners().values())
        .filteredOn(o -> o.label().contains("out1") || o.label().contains("out3"))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(legacyUids).contains(o.uid()));
  }

  @Test
  void aStatementThatReadsAnotherTableOfTheSameSchemaIsAChangedStatement() {
    String twin =
        "CREATE TABLE payments2 (merchant STRING, channel STRING, amount BIGINT) WITH ('connector' ="
            + " 'datagen');\n";
    ScriptCompiler.Compiled v1 =
        compiler.compile(CompileRequest.of("job", TABLES + twin + S1 + S2), new JobID());
    String v2 = TABLES + twin + S1.replace("FROM valid", "FROM payments2") + S2;
    ScriptCompiler.Compiled changed =
        compiler.compile(
            new CompileRequest("job", v2, Map.of(), v1.owners().keySet()), new JobID());
    // Its own operators are described exactly as before, but it reads other data: new ids.
    assertThat(aggregateUid(changed, "out1")).isNotEqualTo(aggregateUid(v1, "out1"));
    assertThat(aggregateUid(changed, "out2")).isEqualTo(aggregateUid(v1, "out2"));
  }
}
