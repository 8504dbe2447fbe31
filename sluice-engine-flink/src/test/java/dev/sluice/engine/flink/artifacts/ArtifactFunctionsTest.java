package dev.sluice.engine.flink.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.engine.api.artifacts.ArtifactScan;
import dev.sluice.engine.api.artifacts.ArtifactScan.ScannedFunction;
import dev.sluice.engine.api.artifacts.UserFunction;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import dev.sluice.engine.flink.compile.ScriptCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar built here from sources whose every constructor and static initializer leaves a mark: the
 * scan and the compile must find its functions and their signatures, plan calls to them, and leave
 * no mark, because none of the jar's code may run in the server.
 */
class ArtifactFunctionsTest {
  static final String RAN = "sluice.test.user-code-ran";
  static ScriptCompiler compiler;
  static ArtifactScanner scanner;
  static Path jar;

  @BeforeAll
  static void setUp(@TempDir Path dir) {
    ClassLoader cl = ArtifactFunctionsTest.class.getClassLoader();
    compiler = new ScriptCompiler(cl, new ConnectorBundles(dir, cl));
    scanner = ArtifactScanner.of(cl);
    String mark = "System.setProperty(\"" + RAN + "\", \"%s\");";
    jar =
        TestJars.build(
            dir,
            "lib",
            Map.of(
                "com.acme.Twice",
                """
                package com.acme;
                public class Twice extends org.apache.flink.table.functions.ScalarFunction {
                  static { %s }
                  private final int factor;
                  public Twice() { factor = 2; %s }
                  public Integer eval(Integer x) { return x == null ? null : x * factor; }
                }
                """
                    .formatted(mark.formatted("Twice.<clinit>"), mark.formatted("Twice()")),
                "com.acme.Total",
                """
                package com.acme;
                public class Total
                    extends org.apache.flink.table.functions.AggregateFunction<Long, Total.Acc> {
                  public static class Acc { public long sum; public Acc() { %s } }
                  public Acc createAccumulator() { return new Acc(); }
                  public void accumulate(Acc acc, Long value) { if (value != null) acc.sum += value; }
                  public Long getValue(Acc acc) { return acc.sum; }
                }
                """
                    .formatted(mark.formatted("Acc()")),
                "com.acme.Typed",
                """
                package com.acme;
                import org.apache.flink.table.catalog.DataTypeFactory;
                import org.apache.flink.table.types.inference.TypeInference;
                public class Typed extends org.apache.flink.table.functions.ScalarFunction {
                  public String eval(String s) { return s; }
                  @Override
                  public TypeInference getTypeInference(DataTypeFactory f) {
                    %s
                    return super.getTypeInference(f);
                  }
                }
                """
                    .formatted(mark.formatted("getTypeInference")),
                "com.acme.Hidden",
                """
                package com.acme;
                class Hidden extends org.apache.flink.table.functions.ScalarFunction {
                  public String eval(String s) { return s; }
                }
                """,
                "com.acme.Job",
                """
                package com.acme;
                public class Job {
                  public static void main(String[] args) { %s }
                }
                """
                    .formatted(mark.formatted("main"))));
  }

  @BeforeEach
  void clearMark() {
    System.clearProperty(RAN);
  }

  private static UserFunction twice() {
    return new UserFunction("twice", "com.acme.Twice", jar.toString(), "lib:1");
  }

  private static UserFunction total() {
    return new UserFunction("risk.total", "com.acme.Total", jar.toString(), "lib:1");
  }

  private static final String SCRIPT =
      """
      CREATE TABLE src (n INT, amount BIGINT, k STRING) WITH ('connector' = 'datagen');
      CREATE TABLE out1 (d INT, c INT) WITH ('connector' = 'blackhole');
      CREATE TABLE out2 (k STRING, total BIGINT) WITH ('connector' = 'blackhole');
      INSERT INTO out1 SELECT twice(n), TWICE(3) FROM src;
      INSERT INTO out2 SELECT k, risk.total(amount) FROM src GROUP BY k;
      """;

  @Test
  void scanListsTheFunctionsWithTheirSignaturesAndRunsNoneOfTheirCode() {
    ArtifactScan scan = scanner.scan(jar);

    Map<String, ScannedFunction> byClass =
        scan.functions().stream()
            .collect(Collectors.toMap(ScannedFunction::className, Function.identity()));
    assertThat(byClass.keySet())
        .containsExactlyInAnyOrder(
            "com.acme.Twice", "com.acme.Total", "com.acme.Typed", "com.acme.Hidden");
    assertThat(byClass.get("com.acme.Twice").kind()).isEqualTo("SCALAR");
    assertThat(byClass.get("com.acme.Twice").signatures()).containsExactly("(INT) -> INT");
    assertThat(byClass.get("com.acme.Twice").registrable()).isTrue();
    assertThat(byClass.get("com.acme.Total").kind()).isEqualTo("AGGREGATE");
    assertThat(byClass.get("com.acme.Total").signatures()).containsExactly("(BIGINT) -> BIGINT");
    assertThat(byClass.get("com.acme.Typed").problem()).contains("getTypeInference");
    assertThat(byClass.get("com.acme.Hidden").problem()).contains("must be public");
    assertThat(scan.mainClasses()).containsExactly("com.acme.Job");
    assertThat(scan.classes()).isEqualTo(6);
    assertThat(System.getProperty(RAN)).isNull();
  }

  @Test
  void aScriptCallsRegisteredFunctionsByNameAndItsJobGraphCarriesTheirJar() {
    CompileRequest request =
        CompileRequest.of("job", SCRIPT).withFunctions(List.of(twice(), total()), Map.of());

    ScriptCompiler.Compiled compiled = compiler.compile(request, new JobID());

    assertThat(compiled.functions()).containsExactly(twice(), total());
    assertThat(compiled.planText()).contains("twice(n)").contains("total(amount)");
    assertThat(System.getProperty(RAN)).isNull();
  }

  @Test
  void aFunctionTheScriptDoesNotCallIsNotAttached() {
    String script =
        """
        CREATE TABLE src (n INT) WITH ('connector' = 'datagen');
        CREATE TABLE out1 (d INT) WITH ('connector' = 'blackhole');
        INSERT INTO out1 SELECT twice(n) FROM src;
        """;
    CompileRequest request =
        CompileRequest.of("job", script).withFunctions(List.of(twice(), total()), Map.of());

    assertThat(compiler.compile(request, new JobID()).functions()).containsExactly(twice());
  }

  @Test
  void aCallTheCallerMayNotMakeIsAProblemAtTheCall() {
    CompileRequest request =
        CompileRequest.of("job", SCRIPT)
            .withFunctions(
                List.of(twice(), total()), Map.of("RISK.TOTAL", "bob has no USE grant on it"));

    ValidationResult result = compiler.validate(request);

    assertThat(result.problems())
        .extracting(Problem::statement, Problem::line, Problem::column, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                5, 5, 28, UserFunction.DENIED + "RISK.TOTAL: bob has no USE grant on it"));
    assertThat(result.problems().get(0).endColumn()).isEqualTo(37);
  }

  @Test
  void withoutTheRegistrationTheNameIsUnknown() {
    ValidationResult result = compiler.validate(CompileRequest.of("job", SCRIPT));

    assertThat(result.problems()).extracting(Problem::statement).containsExactly(4, 5);
    assertThat(result.problems().get(0).message()).containsIgnoringCase("twice");
  }
}
