package dev.sluice.engine.flink.assist;

import dev.sluice.engine.api.assist.FactoryOption;
import dev.sluice.engine.api.assist.FactoryOptions;
import dev.sluice.engine.api.assist.SqlFunction;
import dev.sluice.engine.api.assist.SqlLanguage;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import dev.sluice.engine.flink.compile.SqlFunctionNames;
import dev.sluice.functions.BuiltinFunctions;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.sql.parser.impl.FlinkSqlParserImpl;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.module.CoreModule;
import org.apache.flink.table.planner.functions.sql.FlinkSqlOperatorTable;
import org.apache.flink.table.types.inference.TypeInferenceUtil;

/**
 * Reads what an editor needs to complete SQL from the engine itself: the keywords of Flink's SQL
 * parser, the functions of its function catalog with the signatures their type inference gives,
 * Sluice's functions, and the options of the connector and format factories on the engine's class
 * path. Nothing here is a hand-kept list.
 */
public final class SqlLanguageReader {
  private final ClassLoader classLoader;
  private final ConnectorBundles bundles;

  public SqlLanguageReader(ClassLoader classLoader, ConnectorBundles bundles) {
    this.classLoader = classLoader;
    this.bundles = bundles;
  }

  public SqlLanguage read() {
    TableEnvironmentImpl tableEnv =
        (TableEnvironmentImpl)
            TableEnvironment.create(
                EnvironmentSettings.newInstance()
                    .inStreamingMode()
                    .withClassLoader(classLoader)
                    .build());
    DataTypeFactory types = tableEnv.getCatalogManager().getDataTypeFactory();
    return new SqlLanguage(keywords(), functions(types), connectors(), formats());
  }

  /** Every keyword of Flink's parser (reserved or not), upper case, sorted. */
  static List<String> keywords() {
    SqlAbstractParserImpl.Metadata metadata =
        new FlinkSqlParserImpl(new StringReader("")).getMetadata();
    Set<String> keywords = new TreeSet<>();
    for (String token : metadata.getTokens()) {
      if (metadata.isKeyword(token)) {
        keywords.add(token);
      }
    }
    return List.copyOf(keywords);
  }

  static List<SqlFunction> functions(DataTypeFactory types) {
    Map<String, SqlFunction> functions = new TreeMap<>();
    Map<String, Set<String>> operatorSignatures = new TreeMap<>();
    for (SqlOperator op : FlinkSqlOperatorTable.instance(false).getOperatorList()) {
      if (op instanceof org.apache.calcite.sql.SqlFunction) {
        operatorSignatures
            .computeIfAbsent(op.getName(), k -> new LinkedHashSet<>())
            .addAll(operatorSignatures(op));
      }
    }
    for (String name : SqlFunctionNames.builtIn()) {
      List<String> signatures =
          SqlFunctionNames.inCoreModule(name)
              ? CoreModule.INSTANCE
                  .getFunctionDefinition(name)
                  .map(d -> signatures(d, name, types))
                  .orElse(List.of())
              : List.copyOf(operatorSignatures.getOrDefault(name, Set.of()));
      functions.put(name, new SqlFunction(name, SqlFunction.Kind.BUILTIN, signatures, null));
    }
    for (Map.Entry<String, Class<? extends UserDefinedFunction>> f :
        BuiltinFunctions.all().entrySet()) {
      List<String> signatures;
      try {
        UserDefinedFunction function = f.getValue().getDeclaredConstructor().newInstance();
        signatures = signatures(function, f.getKey(), types);
      } catch (ReflectiveOperationException | RuntimeException e) {
        signatures = List.of();
      }
      functions.put(
          f.getKey(), new SqlFunction(f.getKey(), SqlFunction.Kind.SLUICE, signatures, null));
    }
    return List.copyOf(functions.values());
  }

  private static List<String> signatures(
      FunctionDefinition definition, String name, DataTypeFactory types) {
    try {
      String text =
          TypeInferenceUtil.generateSignature(definition.getTypeInference(types), name, definition);
      return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } catch (RuntimeException e) {
      // A definition whose type inference needs a call context describes no signature.
      return List.of();
    }
  }

  private static List<String> operatorSignatures(SqlOperator op) {
    try {
      String text = op.getAllowedSignatures();
      List<String> result = new ArrayList<>();
      for (String line : text.split("\\R")) {
        String s = line.strip();
        if (s.length() > 1 && s.startsWith("'") && s.endsWith("'")) {
          s = s.substring(1, s.length() - 1);
        }
        if (!s.isEmpty()) {
          result.add(s);
        }
      }
      return result;
    } catch (RuntimeException e) {
      // Special syntax (CAST) has no operand checker to describe it.
      return List.of();
    }
  }

  private List<FactoryOptions> connectors() {
    List<FactoryOptions> result = new ArrayList<>();
    bundles
        .tableFactories()
        .forEach(
            (id, factory) -> result.add(new FactoryOptions(id, options(List.of(factory), ""))));
    return result;
  }

  private List<FactoryOptions> formats() {
    List<FactoryOptions> result = new ArrayList<>();
    bundles
        .formatFactories()
        .forEach(
            (id, factories) -> result.add(new FactoryOptions(id, options(factories, id + "."))));
    return result;
  }

  /** Required options first, then optional ones, each sorted by key; keys given the prefix. */
  private static List<FactoryOption> options(List<Factory> factories, String prefix) {
    Map<String, FactoryOption> required = new TreeMap<>();
    Map<String, FactoryOption> optional = new TreeMap<>();
    for (Factory factory : factories) {
      factory.requiredOptions().forEach(o -> required.put(o.key(), option(o, true, prefix)));
    }
    for (Factory factory : factories) {
      for (ConfigOption<?> o : factory.optionalOptions()) {
        if (!required.containsKey(o.key())) {
          optional.putIfAbsent(o.key(), option(o, false, prefix));
        }
      }
    }
    List<FactoryOption> all = new ArrayList<>(required.values());
    all.addAll(optional.values());
    return all;
  }

  private static FactoryOption option(ConfigOption<?> option, boolean required, String prefix) {
    return new FactoryOption(
        prefix + option.key(),
        required,
        type(option),
        defaultValue(option),
        new PlainTextFormatter().format(option.description()).strip());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String defaultValue(ConfigOption<?> option) {
    if (!option.hasDefaultValue() || option.defaultValue() == null) {
      return null;
    }
    try {
      // As Flink writes it in a configuration ("1 min", "true").
      Configuration c = new Configuration();
      c.set((ConfigOption) option, option.defaultValue());
      return c.toMap().getOrDefault(option.key(), String.valueOf(option.defaultValue()));
    } catch (RuntimeException e) {
      return String.valueOf(option.defaultValue());
    }
  }

  /**
   * The option's value type, which {@code ConfigOption} keeps package-private; null when it cannot
   * be read.
   */
  private static String type(ConfigOption<?> option) {
    try {
      Method clazz = ConfigOption.class.getDeclaredMethod("getClazz");
      Method isList = ConfigOption.class.getDeclaredMethod("isList");
      clazz.setAccessible(true);
      isList.setAccessible(true);
      Class<?> type = (Class<?>) clazz.invoke(option);
      String name = type.isEnum() ? "Enum" : type.getSimpleName();
      return (Boolean) isList.invoke(option) ? "List<" + name + ">" : name;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
