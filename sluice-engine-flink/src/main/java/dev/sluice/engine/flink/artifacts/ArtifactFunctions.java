package dev.sluice.engine.flink.artifacts;

import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.artifacts.UserFunction;
import dev.sluice.engine.flink.script.SqlTrees;
import dev.sluice.engine.flink.script.Statement;
import dev.sluice.engine.flink.state.StatementIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * The registered functions one script calls: found in its parsed statements, compiled against the
 * stubs of their artifacts' jars, and refused at the call where the caller may not use them.
 */
public final class ArtifactFunctions {
  private final ClassLoader loader;
  private final List<UserFunction> used;
  private final List<Problem> problems;

  private ArtifactFunctions(ClassLoader loader, List<UserFunction> used, List<Problem> problems) {
    this.loader = loader;
    this.used = List.copyOf(used);
    this.problems = List.copyOf(problems);
  }

  /** One call of a function in a statement, at its name's place in the script. */
  record Call(String name, Statement statement, int line, int column, int endLine, int endColumn) {}

  /**
   * The registered functions the statements call, with the class loader to plan them with (the
   * engine's own when they call none) and the problems of calls the caller may not make.
   *
   * @param denied upper-case function names the caller may not use, with why
   */
  public static ArtifactFunctions of(
      List<Statement> statements,
      List<UserFunction> registered,
      Map<String, String> denied,
      ClassLoader engine) {
    List<Call> calls = calls(statements);
    List<Problem> problems = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (Call call : calls) {
      String reason = denied.get(call.name());
      if (reason != null && reported.add(call.name() + "@" + call.line() + ":" + call.column())) {
        problems.add(
            new Problem(
                call.statement().number(),
                call.line(),
                call.column(),
                UserFunction.DENIED + call.name() + ": " + reason,
                call.endLine(),
                call.endColumn(),
                List.of()));
      }
    }
    Map<String, UserFunction> byName = new HashMap<>();
    registered.forEach(f -> byName.put(f.name().toUpperCase(Locale.ROOT), f));
    Map<String, UserFunction> used = new LinkedHashMap<>();
    for (Call call : calls) {
      UserFunction f = byName.get(call.name());
      if (f != null) {
        used.putIfAbsent(call.name(), f);
      }
    }
    if (used.isEmpty()) {
      return new ArtifactFunctions(engine, List.of(), problems);
    }
    return new ArtifactFunctions(
        loader(engine, List.copyOf(used.values()), problems), List.copyOf(used.values()), problems);
  }

  /** The loader to plan with: the engine's, with the stubs of the called functions' jars. */
  public ClassLoader loader() {
    return loader;
  }

  /** The registered functions the script calls. */
  public List<UserFunction> used() {
    return used;
  }

  /** Calls the caller may not make, and jars that cannot be planned together. */
  public List<Problem> problems() {
    return problems;
  }

  /** Registers the called functions (their stubs) under their names. */
  public void register(TableEnvironment tableEnv) {
    for (UserFunction f : used) {
      UserDefinedFunction stub;
      try {
        stub =
            (UserDefinedFunction)
                Class.forName(f.className(), false, loader).getConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
        throw new IllegalArgumentException(
            "Function "
                + f.name()
                + " ("
                + f.className()
                + " in "
                + f.artifact()
                + ") cannot be planned: "
                + e,
            e);
      }
      if (f.name().contains(".")) {
        tableEnv.createTemporaryFunction(f.name(), stub);
      } else {
        tableEnv.createTemporarySystemFunction(f.name(), stub);
      }
    }
  }

  private static ClassLoader loader(
      ClassLoader engine, List<UserFunction> used, List<Problem> problems) {
    Map<String, byte[]> files = new HashMap<>();
    Map<String, String> origin = new HashMap<>();
    Set<String> functions = new HashSet<>();
    Map<String, StubClasses.Jar> read = new LinkedHashMap<>();
    for (UserFunction f : used) {
      StubClasses.Jar jar = read.computeIfAbsent(f.jar(), j -> StubClasses.read(Path.of(j)));
      functions.add(f.className().replace('.', '/'));
      for (Map.Entry<String, byte[]> e : jar.classFiles().entrySet()) {
        byte[] before = files.putIfAbsent(e.getKey(), e.getValue());
        String other = origin.putIfAbsent(e.getKey(), f.artifact());
        if (before != null && !Arrays.equals(before, e.getValue()) && !other.equals(f.artifact())) {
          problems.add(
              new Problem(
                  0,
                  1,
                  1,
                  "The script calls functions of "
                      + other
                      + " and "
                      + f.artifact()
                      + ", which both hold class "
                      + e.getKey().replace('/', '.')
                      + " in different versions; a job runs with one: register both functions"
                      + " from the same artifact version"));
          return engine;
        }
      }
    }
    return new StubClassLoader(engine, files, functions);
  }

  /** Every function call of the statements, by upper-case (dotted) name. */
  static List<Call> calls(List<Statement> statements) {
    List<Call> calls = new ArrayList<>();
    for (Statement statement : statements) {
      StatementIdentity.parse(statement).ifPresent(root -> collect(root, statement, calls));
    }
    return calls;
  }

  private static void collect(SqlNode node, Statement statement, List<Call> calls) {
    if (node instanceof SqlCall call && call.getOperator() instanceof SqlFunction function) {
      SqlIdentifier id = function.getSqlIdentifier();
      String name =
          id == null
              ? function.getName()
              : String.join(".", id.names == null ? List.of(function.getName()) : id.names);
      SqlParserPos pos = id == null ? call.getParserPosition() : id.getParserPosition();
      int[] start = statement.toScriptPosition(pos.getLineNum(), pos.getColumnNum());
      int[] end = statement.toScriptPosition(pos.getEndLineNum(), pos.getEndColumnNum());
      calls.add(
          new Call(name.toUpperCase(Locale.ROOT), statement, start[0], start[1], end[0], end[1]));
    }
    for (SqlNode child : SqlTrees.children(node)) {
      collect(child, statement, calls);
    }
  }
}
