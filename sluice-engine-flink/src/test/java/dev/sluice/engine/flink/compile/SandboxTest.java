package dev.sluice.engine.flink.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ValidationResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts cannot reach into the server: each statement that would load a user jar or class, add a
 * module or touch a file outside the allowed roots is refused at validate, where it stands, and a
 * planted class whose static initializer writes a file never runs.
 */
class SandboxTest {
  static ScriptCompiler compiler;
  static Path data;
  static Path plantedJar;
  static Path marker;

  static final String TABLES =
      """
      CREATE TABLE orders (id BIGINT, merchant STRING) WITH ('connector' = 'datagen');
      CREATE TABLE totals (merchant STRING, n BIGINT) WITH ('connector' = 'blackhole');
      """;
  static final String INSERT =
      "INSERT INTO totals SELECT merchant, COUNT(*) FROM orders GROUP BY merchant;";

  @BeforeAll
  static void setUp(@TempDir Path home, @TempDir Path dir) throws IOException {
    ClassLoader cl = SandboxTest.class.getClassLoader();
    compiler = new ScriptCompiler(cl, new ConnectorBundles(home, cl));
    data = Files.createDirectories(dir.resolve("data")).toRealPath();
    marker = dir.resolve("planted-class-ran");
    plantedJar = plantJar(dir, marker);
  }

  /**
   * A jar with a class whose static initializer writes {@code marker}: if anything loads and
   * initializes it, the file appears.
   */
  private static Path plantJar(Path dir, Path marker) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/planted"));
    Files.writeString(
        src.resolve("Evil.java"),
        """
        package planted;
        public class Evil extends org.apache.flink.table.functions.ScalarFunction {
          static {
            try {
              java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "ran");
            } catch (java.io.IOException e) {
              throw new RuntimeException(e);
            }
          }
          public String eval(String s) { return s; }
        }
        """
            .formatted(marker.toString().replace("\\", "\\\\")));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classpath =
        String.join(
            java.io.File.pathSeparator,
            location(org.apache.flink.table.functions.ScalarFunction.class),
            location(org.apache.flink.api.common.typeinfo.TypeInformation.class),
            location(org.apache.flink.annotation.PublicEvolving.class));
    int rc =
        javac.run(
            null,
            null,
            null,
            "-classpath",
            classpath,
            "-d",
            classes.toString(),
            src.resolve("Evil.java").toString());
    assertThat(rc).as("javac of the planted class").isZero();
    Path jar = dir.resolve("planted.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("planted/Evil.class"));
      out.write(Files.readAllBytes(classes.resolve("planted/Evil.class")));
      out.closeEntry();
    }
    return jar;
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ValidationResult validate(String script) {
    return compiler.validate(
        new CompileRequest(
            "sandbox", script, Map.of(SandboxPolicy.FILESYSTEM_ROOTS, data.toString())));
  }

  private static Problem only(String script) {
    List<Problem> problems = validate(script).problems();
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  private static Problem problem(int statement, int line, int column, String message) {
    return new Problem(statement, line, column, message);
  }

  @Test
  void addJarIsRefusedAndThePlantedClassNeverRuns() {
    String script =
        TABLES
            + "ADD JAR '"
            + plantedJar
            + "';\n"
            + "CREATE TEMPORARY FUNCTION evil AS 'planted.Evil';\n"
            + INSERT;
    assertThat(validate(script).problems())
        .containsExactly(
            problem(
                3,
                3,
                1,
                "ADD JAR is not allowed: the server never loads user jars; user functions come"
                    + " from registered artifacts (docs/artifacts.md)"),
            problem(
                4,
                4,
                1,
                "Function class 'planted.Evil' of evil is not one of the platform's, and the"
                    + " server never loads user code: user functions come from registered"
                    + " artifacts (docs/artifacts.md)"));
    assertThat(marker).doesNotExist();
  }

  /**
   * The control: were the planted class on the engine's classpath, registering it would run its
   * static initializer, so the tests that find no file prove that nothing loaded it.
   */
  @Test
  void thePlantedClassWritesItsFileWhenFlinkLoadsIt(@TempDir Path dir, @TempDir Path home)
      throws Exception {
    Path written = dir.resolve("control-ran");
    Path jar = plantJar(dir, written);
    try (var loader =
        new java.net.URLClassLoader(
            new java.net.URL[] {jar.toUri().toURL()}, SandboxTest.class.getClassLoader())) {
      ScriptCompiler shipped = new ScriptCompiler(loader, new ConnectorBundles(home, loader));
      System.out.println(
          "CONTROL "
              + shipped
                  .validate(
                      CompileRequest.of(
                          "control",
                          TABLES
                              + "CREATE TEMPORARY FUNCTION evil AS 'planted.Evil';\n"
                              + "INSERT INTO totals SELECT evil(merchant), COUNT(*) FROM orders GROUP BY"
                              + " evil(merchant);"))
                  .problems());
    }
    assertThat(written).hasContent("ran");
  }

  @Test
  void functionsUsingAJarAreRefusedInEveryForm() {
    for (String create :
        List.of(
            "CREATE FUNCTION", "CREATE TEMPORARY FUNCTION", "CREATE TEMPORARY SYSTEM FUNCTION")) {
      String script =
          TABLES
              + "\n  "
              + create
              + " evil AS 'planted.Evil' USING JAR '"
              + plantedJar
              + "';\n"
              + "INSERT INTO totals SELECT evil(merchant), COUNT(*) FROM orders GROUP BY merchant;";
      List<Problem> problems = validate(script).problems();
      assertThat(problems.get(0))
          .as(create)
          .isEqualTo(
              problem(
                  3,
                  4,
                  3,
                  "CREATE FUNCTION evil ... USING JAR is not allowed: the server never loads user"
                      + " jars; user functions come from registered artifacts (docs/artifacts.md)"));
      // The INSERT that calls it is planned (constant folding included) without the function.
      assertThat(problems).hasSize(2);
      assertThat(problems.get(1).statement()).isEqualTo(4);
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void aFunctionClassOfTheUsersIsNeitherLoadedNorRun() {
    // Even as a constant argument that the planner would fold, the class is refused first.
    String script =
        TABLES
            + "CREATE TEMPORARY SYSTEM FUNCTION evil AS 'planted.Evil';\n"
            + "INSERT INTO totals SELECT evil('x'), COUNT(*) FROM orders GROUP BY merchant;";
    assertThat(validate(script).problems().get(0))
        .isEqualTo(
            problem(
                3,
                3,
                1,
                "Function class 'planted.Evil' of evil is not one of the platform's, and the"
                    + " server never loads user code: user functions come from registered"
                    + " artifacts (docs/artifacts.md)"));
    assertThat(marker).doesNotExist();
  }

  @Test
  void functionsShippedWithTheEngineStillWork() {
    String script =
        TABLES
            + "CREATE TEMPORARY FUNCTION norm AS"
            + " 'dev.sluice.engine.flink.lineage.TestFunctions$Normalize';\n"
            + "CREATE FUNCTION norm2 AS 'dev.sluice.engine.flink.lineage.TestFunctions$Normalize';\n"
            + "INSERT INTO totals SELECT norm(norm2(merchant)), COUNT(*) FROM orders"
            + " GROUP BY norm(norm2(merchant));";
    assertThat(validate(script).problems()).isEmpty();
  }

  @Test
  void modulesCannotBeLoadedOrUnloaded() {
    assertThat(validate(TABLES + "LOAD MODULE hive;\nUNLOAD MODULE core;\n" + INSERT).problems())
        .containsExactly(
            problem(
                3,
                3,
                1,
                "LOAD MODULE is not allowed: module 'hive' would bring its functions into the"
                    + " server; the platform's modules are fixed"),
            problem(4, 4, 1, "UNLOAD MODULE is not allowed: the platform's modules are fixed"));
  }

  @Test
  void catalogsOfTypesThePolicyDoesNotAllowAreRefused() {
    assertThat(only(TABLES + "CREATE CATALOG h WITH ('type' = 'hive');\n" + INSERT))
        .isEqualTo(
            problem(
                3,
                3,
                1,
                "Catalog type 'hive' of catalog h is not allowed. Allowed types: generic_in_memory,"
                    + " jdbc, paimon"));
    assertThat(
            validate(TABLES + "CREATE CATALOG mem WITH ('type' = 'generic_in_memory');\n" + INSERT)
                .problems())
        .isEmpty();
  }

  @Test
  void aPaimonWarehouseOutsideTheRootsIsRefused() {
    assertThat(
            only(
                TABLES
                    + "CREATE CATALOG lake WITH ('type' = 'paimon', 'warehouse' = 'file:///etc/lake');\n"
                    + INSERT))
        .isEqualTo(
            problem(
                3,
                3,
                1,
                "The warehouse of catalog lake is not allowed: 'file:///etc/lake' is outside the"
                    + " allowed filesystem roots (file://"
                    + data
                    + ")"));
  }

  @Test
  void connectorsThePolicyDoesNotAllowAreRefused() {
    ValidationResult result =
        compiler.validate(
            new CompileRequest(
                "sandbox",
                TABLES
                    + "CREATE TABLE p (merchant STRING, n BIGINT) WITH ('connector' = 'print');\n"
                    + "INSERT INTO p SELECT merchant, COUNT(*) FROM orders GROUP BY merchant;",
                Map.of(SandboxPolicy.CONNECTORS, "datagen, blackhole")));
    assertThat(result.problems())
        .first()
        .isEqualTo(
            problem(
                3,
                3,
                1,
                "Connector 'print' of table default_catalog.default_database.p is not allowed."
                    + " Allowed connectors: blackhole, datagen"));
  }

  @Test
  void filesystemTablesOutsideTheRootsAreRefusedHoweverThePathIsWritten() throws IOException {
    Path link = data.resolve("etc-link");
    Files.createSymbolicLink(link, Path.of("/etc"));
    for (String path :
        List.of(
            "file:///etc/",
            "/etc/passwd",
            "file:/etc",
            "file://" + data + "/../../etc",
            data + "/x/../../etc",
            data + "/etc-link/passwd",
            "file://" + data + "-other/x",
            "relative/path")) {
      Problem p =
          only(
              TABLES
                  + "CREATE TABLE f (line STRING) WITH ('connector' = 'filesystem', 'path' = '"
                  + path
                  + "', 'format' = 'raw');\n"
                  // The refused table is known to what follows: no "not found" after the refusal.
                  + "INSERT INTO totals SELECT line, COUNT(*) FROM f GROUP BY line;");
      assertThat(p.statement()).as(path).isEqualTo(3);
      assertThat(p.line()).as(path).isEqualTo(3);
      assertThat(p.column()).as(path).isEqualTo(1);
      assertThat(p.message())
          .as(path)
          .isEqualTo(
              "The path of table default_catalog.default_database.f is not allowed: '"
                  + path
                  + (path.startsWith("relative")
                      ? "' is not an absolute path"
                      : "' is outside the allowed filesystem roots (file://" + data + ")"));
    }
    for (String path : List.of("file://" + data + "/out", data + "/out/", data.toString())) {
      assertThat(
              validate(
                      TABLES
                          + "CREATE TABLE f (line STRING) WITH ('connector' = 'filesystem', 'path'"
                          + " = '"
                          + path
                          + "', 'format' = 'raw');\n"
                          + "INSERT INTO f SELECT merchant FROM orders;")
                  .problems())
          .as(path)
          .isEmpty();
    }
  }

  @Test
  void thePlatformsOwnFilesAreNoTablesEvenUnderARoot() throws IOException {
    Files.createDirectories(data.resolve("store"));
    Map<String, String> policy =
        Map.of(
            SandboxPolicy.FILESYSTEM_ROOTS,
            data.toString(),
            SandboxPolicy.DENIED_PATHS,
            data.resolve("store") + "," + data.resolve("master.key"));
    for (String path :
        List.of(
            data + "/master.key",
            "file://" + data + "/store/sluice.mv.db",
            data + "/out/../store",
            // A directory source reads what lies below it.
            data.toString(),
            "file://" + data + "/")) {
      List<Problem> problems =
          compiler
              .validate(
                  new CompileRequest(
                      "sandbox",
                      TABLES
                          + "CREATE TABLE f (line STRING) WITH ('connector' = 'filesystem', 'path'"
                          + " = '"
                          + path
                          + "', 'format' = 'raw');\n"
                          + INSERT,
                      policy))
              .problems();
      assertThat(problems).as(path).hasSize(1);
      assertThat(problems.get(0).message())
          .as(path)
          .startsWith(
              "The path of table default_catalog.default_database.f is not allowed: '"
                  + path
                  + "' reaches the platform's own files (file://"
                  + data);
    }
    assertThat(
            compiler
                .validate(
                    new CompileRequest(
                        "sandbox",
                        TABLES
                            + "CREATE TABLE f (line STRING) WITH ('connector' = 'filesystem',"
                            + " 'path' = '"
                            + data.resolve("out")
                            + "', 'format' = 'raw');\n"
                            + INSERT,
                        policy))
                .problems())
        .isEmpty();
  }

  @Test
  void hintsCannotMoveATableOutsideTheSandbox() {
    String script =
        TABLES
            + "CREATE TABLE f (line STRING) WITH ('connector' = 'filesystem', 'path' = '"
            + data
            + "', 'format' = 'raw');\n"
            + "INSERT INTO totals\n"
            + "SELECT line, COUNT(*) FROM f /*+ OPTIONS('path' = 'file:///etc') */ GROUP BY line;";
    assertThat(only(script))
        .isEqualTo(
            problem(
                4,
                5,
                34,
                "An OPTIONS hint cannot set 'path': set it in the table's CREATE TABLE, where the"
                    + " sandbox checks it"));
  }

  @Test
  void tablesCannotBeMovedOutsideTheRootsLater() {
    String table =
        "CREATE TABLE f (line STRING) WITH ('connector' = 'filesystem', 'path' = '"
            + data
            + "', 'format' = 'raw');\n";
    assertThat(only(TABLES + table + "ALTER TABLE f SET ('path' = 'file:///etc');\n" + INSERT))
        .isEqualTo(
            problem(
                4,
                4,
                1,
                "The path of table default_catalog.default_database.f is not allowed:"
                    + " 'file:///etc' is outside the allowed filesystem roots (file://"
                    + data
                    + ")"));
    assertThat(
            only(
                TABLES
                    + table
                    + "CREATE VIEW v AS SELECT line FROM f /*+ OPTIONS('path' = '/etc') */;\n"
                    + INSERT))
        .isEqualTo(
            problem(
                4,
                4,
                41,
                "An OPTIONS hint cannot set 'path': set it in the table's CREATE TABLE, where the"
                    + " sandbox checks it"));
    assertThat(
            only(
                TABLES
                    + "CREATE TABLE copy WITH ('connector' = 'filesystem', 'path' = '/etc/copy',"
                    + " 'format' = 'csv') AS SELECT merchant FROM orders;\n"
                    + INSERT))
        .isEqualTo(
            problem(
                3,
                3,
                1,
                "The path of table default_catalog.default_database.copy is not allowed:"
                    + " '/etc/copy' is outside the allowed filesystem roots (file://"
                    + data
                    + ")"));
  }

  @Test
  void compilePlanCannotWriteTheServersFiles() {
    assertThat(
            only(
                TABLES
                    + "COMPILE PLAN 'file:///etc/plan.json' FOR INSERT INTO totals SELECT merchant,"
                    + " COUNT(*) FROM orders GROUP BY merchant;\n"
                    + INSERT))
        .isEqualTo(
            problem(
                3,
                3,
                1,
                "COMPILE PLAN and EXECUTE PLAN are not allowed: they read and write files of the"
                    + " server"));
  }

  @Test
  void scriptsCannotChangeTheSandboxOrAddJarsThroughSet() {
    assertThat(
            validate(
                    "SET 'sluice.sandbox.filesystem-roots' = '/';\n"
                        + "SET 'pipeline.jars' = 'file://"
                        + plantedJar
                        + "';\n"
                        + TABLES
                        + INSERT)
                .problems())
        .containsExactly(
            problem(
                1,
                1,
                1,
                "'sluice.sandbox.filesystem-roots' cannot be set in a script: the sandbox is a"
                    + " setting of the platform"),
            problem(
                2,
                2,
                1,
                "'pipeline.jars' cannot be set in a script: the server never loads user jars; user"
                    + " functions come from registered artifacts (docs/artifacts.md)"));
  }
}
