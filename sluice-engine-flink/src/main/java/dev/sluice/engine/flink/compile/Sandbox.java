package dev.sluice.engine.flink.compile;

import dev.sluice.engine.api.Problem;
import dev.sluice.engine.flink.script.SqlTrees;
import dev.sluice.engine.flink.script.Statement;
import dev.sluice.engine.flink.state.StatementIdentity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlHint;
import org.apache.calcite.sql.SqlNode;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.operations.CallProcedureOperation;
import org.apache.flink.table.operations.LoadModuleOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.UnloadModuleOperation;
import org.apache.flink.table.operations.command.AddJarOperation;
import org.apache.flink.table.operations.command.ExecutePlanOperation;
import org.apache.flink.table.operations.command.RemoveJarOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogOptionsOperation;
import org.apache.flink.table.operations.ddl.AlterTableChangeOperation;
import org.apache.flink.table.operations.ddl.AlterTableOptionsOperation;
import org.apache.flink.table.operations.ddl.CompilePlanOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateTempSystemFunctionOperation;

/**
 * Keeps a script from reaching into the server. Validating, planning and computing lineage happen
 * in the server's own engine, so a statement that loads a jar, loads a class of the user's, adds a
 * module, runs a procedure, or names a catalog, connector or file the {@link SandboxPolicy} does
 * not allow is refused before Flink acts on it: asked with the parsed operation, before it runs.
 *
 * <p>Functions: a {@code CREATE FUNCTION ... AS 'x.Y'} is accepted only for a class the engine
 * itself ships (Sluice's built-in functions, Flink's, and in tests the test classpath), found as a
 * resource, so the check neither loads nor initializes the class. Flink instantiates a function
 * class when it is registered and the planner's constant folding calls it (a call with literal
 * arguments is evaluated while planning): with no class of the user's ever registered, neither runs
 * user code in the server. User functions come from registered artifacts, planned against signature
 * stubs (ArtifactFunctions).
 */
final class Sandbox {
  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(?:\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
  private static final String ARTIFACTS =
      "user functions come from registered artifacts (docs/artifacts.md)";

  /** Table and catalog options that name a file system path. */
  private static final List<String> PATH_OPTIONS = List.of("path", "warehouse");

  /** Options whose change in an OPTIONS hint would bypass the checks of the CREATE TABLE. */
  private static final List<String> HINT_REFUSED = List.of("connector", "path", "warehouse");

  private final SandboxPolicy policy;
  private final ClassLoader engineClassLoader;
  private final ConnectorBundles bundles;

  Sandbox(SandboxPolicy policy, ClassLoader engineClassLoader, ConnectorBundles bundles) {
    this.policy = policy;
    this.engineClassLoader = engineClassLoader;
    this.bundles = bundles;
  }

  /** Why the operation may not run in the server, if it may not. */
  Optional<String> refuse(Operation operation) {
    if (operation instanceof AddJarOperation) {
      return Optional.of("ADD JAR is not allowed: the server never loads user jars; " + ARTIFACTS);
    }
    if (operation instanceof RemoveJarOperation) {
      return Optional.of("REMOVE JAR is not allowed: the server never loads user jars");
    }
    if (operation instanceof LoadModuleOperation load) {
      return Optional.of(
          "LOAD MODULE is not allowed: module '"
              + load.getModuleName()
              + "' would bring its functions into the server; the platform's modules are fixed");
    }
    if (operation instanceof UnloadModuleOperation) {
      return Optional.of("UNLOAD MODULE is not allowed: the platform's modules are fixed");
    }
    if (operation instanceof CallProcedureOperation) {
      return Optional.of(
          "CALL is not allowed: a procedure would run in the server while the script is validated");
    }
    if (operation instanceof CompilePlanOperation || operation instanceof ExecutePlanOperation) {
      return Optional.of(
          "COMPILE PLAN and EXECUTE PLAN are not allowed: they read and write files of the server");
    }
    if (operation instanceof SetOperation set && set.getKey().isPresent()) {
      return refuseSet(set.getKey().get());
    }
    if (operation instanceof CreateTempSystemFunctionOperation create) {
      return refuseFunction(create.getFunctionName(), create.getCatalogFunction());
    }
    if (operation instanceof CreateCatalogFunctionOperation create) {
      return refuseFunction(create.getFunctionName(), create.getCatalogFunction());
    }
    if (operation instanceof AlterCatalogFunctionOperation alter) {
      return refuseFunction(alter.getFunctionName(), alter.getCatalogFunction());
    }
    if (operation instanceof CreateCatalogOperation create) {
      return refuseCatalog(create.getCatalogName(), create.getProperties());
    }
    if (operation instanceof AlterCatalogOptionsOperation alter) {
      return refuseCatalog(alter.getCatalogName(), alter.getProperties());
    }
    if (operation instanceof CreateTableOperation create) {
      return refuseTable(create.getTableIdentifier(), create.getCatalogTable().getOptions());
    }
    if (operation instanceof AlterTableChangeOperation alter) {
      return refuseTable(alter.getTableIdentifier(), alter.getNewTable().getOptions());
    }
    if (operation instanceof AlterTableOptionsOperation alter) {
      return refuseTable(alter.getTableIdentifier(), alter.getCatalogTable().getOptions());
    }
    return Optional.empty();
  }

  /**
   * An OPTIONS hint that sets a table's connector or path, at the hint's own position: the checks
   * of the table's CREATE TABLE would not see it.
   */
  Optional<Problem> refuseHints(Statement statement) {
    return StatementIdentity.parse(statement).flatMap(node -> findHint(statement, node));
  }

  private Optional<String> refuseSet(String key) {
    if (key.startsWith(SandboxPolicy.PREFIX)) {
      return Optional.of(
          "'" + key + "' cannot be set in a script: the sandbox is a setting of the platform");
    }
    if (key.equals("pipeline.jars") || key.equals("pipeline.classpaths")) {
      return Optional.of(
          "'"
              + key
              + "' cannot be set in a script: the server never loads user jars; "
              + ARTIFACTS);
    }
    return Optional.empty();
  }

  private Optional<String> refuseFunction(String name, CatalogFunction function) {
    if (!function.getFunctionResources().isEmpty()) {
      return Optional.of(
          "CREATE FUNCTION "
              + name
              + " ... USING JAR is not allowed: the server never loads user jars; "
              + ARTIFACTS);
    }
    if (function.getFunctionLanguage() != FunctionLanguage.JAVA) {
      return Optional.of(
          "CREATE FUNCTION "
              + name
              + " LANGUAGE "
              + function.getFunctionLanguage()
              + " is not allowed: only functions shipped with the platform can be used; "
              + ARTIFACTS);
    }
    String className = function.getClassName();
    if (!shippedWithEngine(className)) {
      return Optional.of(
          "Function class '"
              + className
              + "' of "
              + name
              + " is not one of the platform's, and the server never loads user code: "
              + ARTIFACTS);
    }
    return Optional.empty();
  }

  /**
   * Whether the class is in the engine's own classpath, asked as a resource: neither loaded nor
   * initialized, so that no static initializer of it runs because of the question.
   */
  private boolean shippedWithEngine(String className) {
    return className != null
        && CLASS_NAME.matcher(className).matches()
        && engineClassLoader.getResource(className.replace('.', '/') + ".class") != null;
  }

  private Optional<String> refuseCatalog(String name, Map<String, String> properties) {
    String type = properties.get("type");
    if (type != null && !policy.allowsCatalogType(type)) {
      return Optional.of(
          "Catalog type '"
              + type
              + "' of catalog "
              + name
              + " is not allowed. Allowed types: "
              + policy.describeCatalogTypes());
    }
    for (String option : PATH_OPTIONS) {
      String path = properties.get(option);
      if (path != null) {
        Optional<String> refused = policy.refusePath(path);
        if (refused.isPresent()) {
          return Optional.of(
              "The " + option + " of catalog " + name + " is not allowed: " + refused.get());
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> refuseTable(ObjectIdentifier id, Map<String, String> options) {
    String connector = options.get(FactoryUtil.CONNECTOR.key());
    if (connector != null
        && bundles.tableFactory(connector).isPresent()
        && !policy.allowsConnector(connector)) {
      return Optional.of(
          "Connector '"
              + connector
              + "' of table "
              + id.asSummaryString()
              + " is not allowed. Allowed connectors: "
              + String.join(
                  ", ",
                  bundles.connectorIdentifiers().stream()
                      .filter(policy::allowsConnector)
                      .toList()));
    }
    for (String option : PATH_OPTIONS) {
      String path = options.get(option);
      if (path != null) {
        Optional<String> refused = policy.refusePath(path);
        if (refused.isPresent()) {
          return Optional.of(
              "The "
                  + option
                  + " of table "
                  + id.asSummaryString()
                  + " is not allowed: "
                  + refused.get());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> findHint(Statement statement, SqlNode root) {
    return SqlTrees.find(
        root,
        node -> {
          if (node instanceof SqlHint hint && hint.getName().equalsIgnoreCase("OPTIONS")) {
            for (String key : hint.getOptionKVPairs().keySet()) {
              if (HINT_REFUSED.contains(key.toLowerCase(Locale.ROOT))) {
                return Optional.of(
                    ProblemReporter.problem(
                        statement,
                        hint.getParserPosition(),
                        "An OPTIONS hint cannot set '"
                            + key
                            + "': set it in the table's CREATE TABLE, where the sandbox checks it"));
              }
            }
          }
          return Optional.empty();
        });
  }
}
