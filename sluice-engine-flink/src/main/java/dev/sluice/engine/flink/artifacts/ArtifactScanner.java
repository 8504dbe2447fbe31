package dev.sluice.engine.flink.artifacts;

import dev.sluice.engine.api.artifacts.ArtifactScan;
import dev.sluice.engine.api.artifacts.ArtifactScan.ScannedFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.extraction.DataTypeExtractor;
import org.apache.flink.table.types.inference.Signature;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * Finds a jar's Flink functions and their SQL signatures. The class files are read, not loaded; the
 * signatures come from Flink's own type extraction run on the classes' stubs, so they are those the
 * planner will see, and none of the jar's code runs.
 */
public final class ArtifactScanner {
  /** Flink's function base classes, by internal name, and the kind each makes. */
  private static final Map<String, String> KINDS =
      Map.of(
          "org/apache/flink/table/functions/ScalarFunction", "SCALAR",
          "org/apache/flink/table/functions/TableFunction", "TABLE",
          "org/apache/flink/table/functions/AggregateFunction", "AGGREGATE",
          "org/apache/flink/table/functions/TableAggregateFunction", "TABLE_AGGREGATE",
          "org/apache/flink/table/functions/AsyncScalarFunction", "ASYNC_SCALAR",
          "org/apache/flink/table/functions/AsyncTableFunction", "ASYNC_TABLE",
          "org/apache/flink/table/functions/ProcessTableFunction", "PROCESS_TABLE");

  private static final String TYPE_INFERENCE =
      "(Lorg/apache/flink/table/catalog/DataTypeFactory;)"
          + "Lorg/apache/flink/table/types/inference/TypeInference;";

  private final ClassLoader engineClassLoader;
  private final java.util.function.Function<ClassLoader, DataTypeFactory> typeFactories;

  public ArtifactScanner(
      ClassLoader engineClassLoader,
      java.util.function.Function<ClassLoader, DataTypeFactory> typeFactories) {
    this.engineClassLoader = engineClassLoader;
    this.typeFactories = typeFactories;
  }

  /** A scanner whose type factories are those of a table environment on the stubs' loader. */
  public static ArtifactScanner of(ClassLoader engineClassLoader) {
    return new ArtifactScanner(
        engineClassLoader,
        stubs ->
            TableEnvironmentImpl.create(
                    EnvironmentSettings.newInstance()
                        .inStreamingMode()
                        .withClassLoader(stubs)
                        .build())
                .getCatalogManager()
                .getDataTypeFactory());
  }

  public ArtifactScan scan(Path jarFile) {
    StubClasses.Jar jar = StubClasses.read(jarFile);
    Map<String, StubClasses.ClassInfo> classes = jar.classes();
    Map<String, String> kinds = new java.util.LinkedHashMap<>();
    for (StubClasses.ClassInfo info : classes.values()) {
      kind(info, classes).ifPresent(k -> kinds.put(info.name(), k));
    }
    StubClassLoader stubs =
        new StubClassLoader(engineClassLoader, jar.classFiles(), kinds.keySet());
    DataTypeFactory types = typeFactories.apply(stubs);
    List<ScannedFunction> functions = new ArrayList<>();
    for (Map.Entry<String, String> e : kinds.entrySet()) {
      StubClasses.ClassInfo info = classes.get(e.getKey());
      if (info.isAbstract()) {
        continue; // a base class of functions, not one
      }
      functions.add(function(info, e.getValue(), classes, stubs, types));
    }
    List<String> mains = new ArrayList<>();
    for (StubClasses.ClassInfo info : classes.values()) {
      if (info.isPublic()
          && info.methods().stream()
              .anyMatch(
                  m ->
                      m.name().equals("main")
                          && m.descriptor().equals("([Ljava/lang/String;)V")
                          && m.isPublic()
                          && m.isStatic())) {
        mains.add(info.className());
      }
    }
    return new ArtifactScan(classes.size(), functions, jar.mainClass(), mains);
  }

  /** The function kind the class inherits from Flink, following super classes within the jar. */
  static Optional<String> kind(
      StubClasses.ClassInfo info, Map<String, StubClasses.ClassInfo> classes) {
    Set<String> seen = new HashSet<>();
    for (String name = info.superName(); name != null && seen.add(name); ) {
      String kind = KINDS.get(name);
      if (kind != null) {
        return Optional.of(kind);
      }
      StubClasses.ClassInfo parent = classes.get(name);
      name = parent == null ? null : parent.superName();
    }
    return Optional.empty();
  }

  private ScannedFunction function(
      StubClasses.ClassInfo info,
      String kind,
      Map<String, StubClasses.ClassInfo> classes,
      ClassLoader stubs,
      DataTypeFactory types) {
    String name = info.className();
    Optional<String> problem = problem(info, kind, classes);
    if (problem.isPresent()) {
      return new ScannedFunction(name, kind, List.of(), problem.get());
    }
    try {
      Class<?> type = Class.forName(name, false, stubs);
      UserDefinedFunction function = (UserDefinedFunction) type.getConstructor().newInstance();
      return new ScannedFunction(name, kind, signatures(function, kind, types), null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return new ScannedFunction(
          name,
          kind,
          List.of(),
          "its class cannot be read without the classes it needs ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "): build the jar with its dependencies");
    } catch (RuntimeException e) {
      return new ScannedFunction(name, kind, List.of(), message(e));
    }
  }

  private static Optional<String> problem(
      StubClasses.ClassInfo info, String kind, Map<String, StubClasses.ClassInfo> classes) {
    if (kind.equals("PROCESS_TABLE")) {
      return Optional.of("process table functions need Flink 2.1; this engine runs Flink 1.20");
    }
    if (kind.equals("TABLE_AGGREGATE")) {
      return Optional.of(
          "SQL cannot call a table aggregate function: Flink calls it only from the Table API");
    }
    if (!info.isPublic() || info.innerNonStatic()) {
      return Optional.of("the class must be public (and static when it is nested)");
    }
    if (!info.hasPublicNoArgConstructor()) {
      return Optional.of("the class needs a public constructor without arguments");
    }
    for (StubClasses.ClassInfo c = info; c != null; c = classes.get(c.superName())) {
      if (c.declares("getTypeInference", TYPE_INFERENCE)) {
        return Optional.of(
            "it computes its SQL types in code (getTypeInference), which the server does not run:"
                + " declare them with @FunctionHint or @DataTypeHint");
      }
    }
    String entry = kind.equals("AGGREGATE") ? "accumulate" : "eval";
    boolean hasEntry = false;
    for (StubClasses.ClassInfo c = info; c != null; c = classes.get(c.superName())) {
      hasEntry |= c.methods().stream().anyMatch(m -> m.name().equals(entry) && m.isPublic());
    }
    if (!hasEntry) {
      return Optional.of("it has no public " + entry + " method");
    }
    return Optional.empty();
  }

  /** Each call the function accepts, with its result type where Flink extracts one. */
  private static List<String> signatures(
      UserDefinedFunction function, String kind, DataTypeFactory types) {
    TypeInference inference = function.getTypeInference(types);
    List<Signature> expected = inference.getInputTypeStrategy().getExpectedSignatures(function);
    String result = result(function, kind, types).map(t -> " -> " + t).orElse("");
    Set<String> signatures = new TreeSet<>();
    for (Signature signature : expected) {
      List<String> args = new ArrayList<>();
      for (Signature.Argument arg : signature.getArguments()) {
        args.add(arg.getName().map(n -> n + " ").orElse("") + arg.getType());
      }
      signatures.add("(" + String.join(", ", args) + ")" + result);
    }
    return List.copyOf(signatures);
  }

  /** The SQL type a function returns when all its calls return the same one. */
  private static Optional<String> result(
      UserDefinedFunction function, String kind, DataTypeFactory types) {
    Class<?> type = function.getClass();
    try {
      DataType result;
      if (kind.equals("TABLE")) {
        result = DataTypeExtractor.extractFromGeneric(types, TableFunction.class, 0, type);
      } else if (kind.equals("AGGREGATE")) {
        result = DataTypeExtractor.extractFromGeneric(types, AggregateFunction.class, 0, type);
      } else if (kind.equals("SCALAR")) {
        Set<String> results = new TreeSet<>();
        for (Method m : type.getMethods()) {
          if (m.getName().equals("eval") && Modifier.isPublic(m.getModifiers())) {
            results.add(DataTypeExtractor.extractFromMethodOutput(types, type, m).toString());
          }
        }
        return results.size() == 1 ? Optional.of(results.iterator().next()) : Optional.empty();
      } else {
        return Optional.empty();
      }
      return Optional.of(result.toString());
    } catch (RuntimeException e) {
      return Optional.empty(); // declared by a hint: the input signatures are what users need
    }
  }

  /** Flink's message for what it could not extract, without its class-name boilerplate. */
  static String message(Throwable e) {
    List<String> parts = new ArrayList<>();
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        parts.add(t.getMessage().strip());
      }
    }
    if (parts.isEmpty()) {
      return e.getClass().getSimpleName();
    }
    String first = parts.get(0);
    String last = parts.get(parts.size() - 1);
    return first.equals(last) ? first : first + " " + last;
  }
}
