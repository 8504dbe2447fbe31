package dev.sluice.engine.flink.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.lineage.ColumnLineage;
import dev.sluice.engine.api.lineage.ColumnOrigin;
import dev.sluice.engine.api.lineage.Dataset;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.api.lineage.StatementLineage;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import dev.sluice.engine.flink.compile.ScriptCompiler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lineage accuracy suite: every script under {@code lineage/} carries its expected column
 * lineage, written by hand, in {@code --!} comments:
 *
 * <pre>
 * --! out.total &lt;- orders.amount:AGGREGATION          sink column: exact set of origins
 * --! out.cnt &lt;- (rows)                               derived from rows only (COUNT(*))
 * --! out.c &lt;- (constant)                            no source at all
 * --! out where orders.amount:FILTER, orders.m:GROUP_BY   exact set of the statement's conditions
 * --! out uses SUM:BUILTIN, NORMALIZE:USER            exact set of functions called
 * --!~ out.x &lt;- ...  (or --!~ out where ...)       the truth, known not to be produced yet
 * </pre>
 *
 * Tables are named by their short name; {@code @N out.col} picks the N-th INSERT into {@code out}
 * when a script writes one sink twice. A column without an expectation fails the test, so every
 * sink column of every script is checked. The suite prints scripts, sink columns and the
 * exact-match percentage.
 */
class LineageAccuracyTest {
  private static final Pattern EXPECT =
      Pattern.compile(
          "--!(~?)\\s+(?:@(\\d+)\\s+)?(\\w+)(?:\\.(\\w+)\\s*<-|\\s+(where|uses))\\s*(.*)");

  static ScriptCompiler compiler;
  static int columns;
  static int matched;
  static int scripts;
  static final List<String> gaps = new ArrayList<>();

  @BeforeAll
  static void setUp(@TempDir Path home) {
    ClassLoader cl = LineageAccuracyTest.class.getClassLoader();
    compiler = new ScriptCompiler(cl, new ConnectorBundles(home, cl));
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "Lineage accuracy: %d scripts, %d sink columns, %d exact (%.1f%%)%n",
        scripts, columns, matched, columns == 0 ? 0.0 : 100.0 * matched / columns);
    gaps.forEach(g -> System.out.println("  known gap: " + g));
  }

  static Stream<Path> scripts() throws IOException, URISyntaxException {
    Path dir = Path.of(LineageAccuracyTest.class.getResource("/lineage").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void lineageMatchesTheHandWrittenExpectation(Path file) throws IOException {
    String script = Files.readString(file);
    Lineage lineage = compiler.lineage(CompileRequest.of("lineage_test", script));
    scripts++;
    Map<String, String> shortNames =
        lineage.datasets().stream()
            .collect(
                Collectors.toMap(
                    Dataset::id, d -> d.table().substring(d.table().lastIndexOf('.') + 1)));
    Set<String> checked = new TreeSet<>();
    Set<Integer> withConditions = new TreeSet<>();
    List<String> failures = new ArrayList<>();
    for (String line : script.lines().toList()) {
      Matcher m = EXPECT.matcher(line.trim());
      if (!m.matches()) {
        if (line.trim().startsWith("--!")) {
          failures.add("unreadable expectation: " + line);
        }
        continue;
      }
      boolean knownGap = !m.group(1).isEmpty();
      int occurrence = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
      String sink = m.group(3);
      StatementLineage statement = statement(lineage, shortNames, sink, occurrence);
      if (statement == null) {
        failures.add("no INSERT #" + occurrence + " into " + sink + ": " + line);
        continue;
      }
      String body = m.group(6).trim();
      if (m.group(4) != null) {
        String column = m.group(4);
        ColumnLineage actual =
            statement.columns().stream()
                .filter(c -> c.column().equalsIgnoreCase(column))
                .findFirst()
                .orElse(null);
        checked.add(statement.statement() + "." + column.toLowerCase());
        columns++;
        String got = actual == null ? "(no such column)" : render(actual, shortNames);
        String want = normalize(body);
        if (knownGap) {
          gaps.add(
              file.getFileName() + " " + sink + "." + column + ": want " + want + ", got " + got);
          if (want.equals(got)) {
            failures.add("known gap is fixed, drop the ~: " + line);
          }
        } else if (want.equals(got)) {
          matched++;
        } else {
          failures.add(sink + "." + column + ": want " + want + ", got " + got);
        }
      } else if (m.group(5).equals("where")) {
        withConditions.add(statement.statement());
        String got = origins(statement.conditions(), shortNames);
        if (knownGap) {
          gaps.add(
              file.getFileName() + " " + sink + " where: want " + normalize(body) + ", got " + got);
          if (normalize(body).equals(got)) {
            failures.add("known gap is fixed, drop the ~: " + line);
          }
        } else if (!normalize(body).equals(got)) {
          failures.add(sink + " where: want " + normalize(body) + ", got " + got);
        }
      } else {
        String got =
            statement.functions().stream()
                .map(f -> f.name() + ":" + f.kind())
                .collect(Collectors.toCollection(TreeSet::new))
                .toString();
        if (!sorted(body).equals(got)) {
          failures.add(sink + " uses: want " + sorted(body) + ", got " + got);
        }
      }
    }
    for (StatementLineage statement : lineage.statements()) {
      if (!withConditions.contains(statement.statement()) && !statement.conditions().isEmpty()) {
        failures.add(
            "no 'where' expectation for "
                + shortNames.get(statement.sink())
                + " (statement "
                + statement.statement()
                + "), got "
                + origins(statement.conditions(), shortNames));
      }
      for (ColumnLineage column : statement.columns()) {
        if (!checked.contains(statement.statement() + "." + column.column().toLowerCase())) {
          failures.add(
              "no expectation for "
                  + shortNames.get(statement.sink())
                  + "."
                  + column.column()
                  + " (statement "
                  + statement.statement()
                  + "), got "
                  + render(column, shortNames));
        }
      }
    }
    assertThat(failures).as(file.getFileName().toString()).isEmpty();
  }

  private static StatementLineage statement(
      Lineage lineage, Map<String, String> shortNames, String sink, int occurrence) {
    int seen = 0;
    for (StatementLineage s : lineage.statements()) {
      if (sink.equalsIgnoreCase(shortNames.get(s.sink())) && ++seen == occurrence) {
        return s;
      }
    }
    return null;
  }

  private static String render(ColumnLineage column, Map<String, String> shortNames) {
    String origins = origins(column.origins(), shortNames);
    return switch (column.status()) {
      case CONSTANT -> "(constant)";
      case UNKNOWN -> "(unknown) " + origins;
      case DERIVED -> column.origins().isEmpty() ? "(rows)" : origins;
    };
  }

  private static String origins(List<ColumnOrigin> origins, Map<String, String> shortNames) {
    Function<ColumnOrigin, String> text =
        o ->
            shortNames.getOrDefault(o.dataset(), o.dataset())
                + "."
                + o.column()
                + ":"
                + o.subtype();
    return origins.stream().map(text).collect(Collectors.toCollection(TreeSet::new)).toString();
  }

  private static String normalize(String body) {
    if (body.startsWith("(constant)") || body.startsWith("(rows)")) {
      return body.trim();
    }
    if (body.startsWith("(unknown)")) {
      return "(unknown) " + sorted(body.substring("(unknown)".length()));
    }
    return sorted(body);
  }

  private static String sorted(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new))
        .toString();
  }
}
