package dev.sluice.engine.flink.compile;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.StatementInfo;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.engine.api.artifacts.UserFunction;
import dev.sluice.engine.api.assist.DeclaredTable;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.flink.artifacts.ArtifactFunctions;
import dev.sluice.engine.flink.lineage.LineageExtractor;
import dev.sluice.engine.flink.script.ScriptSplitter;
import dev.sluice.engine.flink.script.Statement;
import dev.sluice.engine.flink.script.StatementKind;
import dev.sluice.engine.flink.state.ParallelismOverrides;
import dev.sluice.engine.flink.state.StableUids;
import dev.sluice.functions.BuiltinFunctions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.calcite.rel.RelNode;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainFormat;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateViewOperation;
import org.apache.flink.table.planner.delegation.DefaultExecutor;
import org.apache.flink.table.planner.delegation.PlannerBase;

/**
 * Compiles one script in a fresh table environment: SQL text, to operations, to transformations, to
 * a stream graph, to a job graph; named after Flink's own stages. A fresh environment per request
 * means nothing (catalog objects, temporary functions, SET options) leaks from one compile into the
 * next, while the JVM stays warm (loaded classes, JIT, Calcite's caches).
 */
public final class ScriptCompiler {
  /**
   * Request option: {@code stable} (default) gives operators Sluice's statement-keyed uids; {@code
   * flink-default} leaves Flink's topology-hash ids (the baseline the benchmarks compare to).
   */
  public static final String OPERATOR_IDS = "sluice.operator-ids";

  /**
   * Request option: {@code plan-once} (default) or {@code translate-then-explain}, the earlier path
   * that planned every script twice; only the benchmark asks for it.
   */
  public static final String COMPILE_PATH = "sluice.compile-path";

  /** Flink's upper bound for max parallelism (number of key groups). */
  private static final int MAX_MAX_PARALLELISM = 32768;

  private final ClassLoader classLoader;
  private final ConnectorBundles bundles;

  public ScriptCompiler(ClassLoader classLoader, ConnectorBundles bundles) {
    this.classLoader = classLoader;
    this.bundles = bundles;
  }

  /** Validates every statement, translating each INSERT on its own to place errors precisely. */
  public ValidationResult validate(CompileRequest request) {
    Session session = analyze(request);
    List<Problem> problems = new ArrayList<>(session.problems);
    // Each INSERT that parsed is planned on its own, so that sink mismatches of several statements
    // are all reported, even when other statements have problems.
    for (Insert insert : session.inserts) {
      try {
        session.tableEnv.getPlanner().translate(List.of(insert.operation()));
      } catch (Throwable e) {
        problems.add(ProblemReporter.problem(insert.statement(), e, session.scope));
      }
    }
    if (session.inserts.isEmpty() && problems.isEmpty()) {
      problems.add(new Problem(0, 1, 1, noInsertMessage()));
    }
    problems.sort(Comparator.comparingInt(Problem::statement).thenComparingInt(Problem::line));
    return new ValidationResult(infos(session.statements), problems);
  }

  /**
   * Compiles the script to a job graph.
   *
   * @throws ScriptException when any statement does not validate, or there is nothing to run
   */
  public Compiled compile(CompileRequest request, JobID jobId) {
    Session session = analyze(request);
    if (!session.problems.isEmpty()) {
      throw new ScriptException(session.problems);
    }
    if (session.inserts.isEmpty()) {
      throw new ScriptException(List.of(new Problem(0, 1, 1, noInsertMessage())));
    }
    List<ModifyOperation> operations = session.inserts.stream().map(Insert::operation).toList();
    PlannedScript planned;
    try {
      planned = plan(session, operations, request);
    } catch (Throwable e) {
      // Translated together they failed: find the statement by translating one at a time.
      List<Problem> problems = new ArrayList<>();
      for (Insert insert : session.inserts) {
        try {
          session.tableEnv.getPlanner().translate(List.of(insert.operation()));
        } catch (Throwable single) {
          problems.add(ProblemReporter.problem(insert.statement(), single, session.scope));
        }
      }
      if (problems.isEmpty()) {
        problems.add(
            new Problem(0, 1, 1, "The statements cannot be planned together: " + e.getMessage()));
      }
      throw new ScriptException(problems);
    }
    List<Transformation<?>> transformations = planned.transformations();
    Map<String, StableUids.Owner> owners = Map.of();
    if (!"flink-default".equals(request.configuration().get(OPERATOR_IDS))) {
      List<StableUids.StatementSink> sinks = new ArrayList<>();
      for (int i = 0; i < session.inserts.size(); i++) {
        Insert insert = session.inserts.get(i);
        sinks.add(
            new StableUids.StatementSink(
                insert.statement(), sinkTable(insert.operation()), transformations.get(i)));
      }
      owners = StableUids.assign(sinks, request.knownUids());
    }
    if (!request.operatorParallelism().isEmpty()) {
      int max = session.tableEnv.getConfig().get(PipelineOptions.MAX_PARALLELISM);
      List<String> problems =
          ParallelismOverrides.apply(
              transformations, request.operatorParallelism(), max > 0 ? max : MAX_MAX_PARALLELISM);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
    }
    return build(session, planned, request.jobName(), jobId, owners);
  }

  /**
   * Plans the INSERTs once, for the job graph and the plan text together; with {@link
   * #COMPILE_PATH} {@code translate-then-explain}, the way before that (planned for the graph, then
   * again for the text), kept so that the benchmark measures both in one run.
   */
  PlannedScript plan(Session session, List<ModifyOperation> operations, CompileRequest request) {
    if ("translate-then-explain".equals(request.configuration().get(COMPILE_PATH))) {
      List<Transformation<?>> transformations = session.tableEnv.getPlanner().translate(operations);
      String text =
          session.tableEnv.explainInternal(
              new ArrayList<Operation>(operations), ExplainFormat.TEXT);
      return new PlannedScript(List.of(), transformations, text);
    }
    return PlannedScript.plan((PlannerBase) session.tableEnv.getPlanner(), operations);
  }

  /** Transformations to a stream graph and a job graph with the given id. */
  Compiled build(
      Session session,
      PlannedScript planned,
      String jobName,
      JobID jobId,
      Map<String, StableUids.Owner> owners) {
    DefaultExecutor executor = new DefaultExecutor(session.env);
    StreamGraph streamGraph =
        (StreamGraph)
            executor.createPipeline(
                planned.transformations(), session.tableEnv.getConfig(), jobName);
    JobGraph jobGraph = streamGraph.getJobGraph(session.functions.loader(), jobId);
    return new Compiled(
        streamGraph,
        jobGraph,
        planned.planText(),
        bundles.bundlesFor(session.factoryIds),
        owners,
        session.functions.used());
  }

  /**
   * Column-level lineage of every INSERT, read from the planner's logical plans. The script is
   * validated as for {@link #validate}: lineage of a script with problems is never returned.
   *
   * @throws ScriptException when the script does not validate
   */
  public Lineage lineage(CompileRequest request) {
    Session session = analyze(request);
    List<Problem> problems = new ArrayList<>(session.problems);
    if (session.inserts.isEmpty() && problems.isEmpty()) {
      problems.add(new Problem(0, 1, 1, noInsertMessage()));
    }
    PlannerBase planner = (PlannerBase) session.tableEnv.getPlanner();
    List<LineageExtractor.Planned> plans = new ArrayList<>();
    if (!problems.isEmpty()) {
      // The script does not validate: still report what each INSERT gets wrong.
      for (Insert insert : session.inserts) {
        try {
          planner.translateToRel(insert.operation());
        } catch (Throwable e) {
          problems.add(ProblemReporter.problem(insert.statement(), e, session.scope));
        }
      }
    } else {
      // Planned together, as for a deploy: what only the optimizer finds (an updating query into
      // an append-only sink) is a problem too. The logical plans of that same pass are what the
      // lineage is read from.
      try {
        List<RelNode> logical =
            PlannedScript.plan(planner, session.inserts.stream().map(Insert::operation).toList())
                .logical();
        for (int i = 0; i < logical.size(); i++) {
          plans.add(
              new LineageExtractor.Planned(session.inserts.get(i).statement(), logical.get(i)));
        }
      } catch (Throwable e) {
        for (Insert insert : session.inserts) {
          try {
            planner.translate(List.of(insert.operation()));
          } catch (Throwable single) {
            problems.add(ProblemReporter.problem(insert.statement(), single, session.scope));
          }
        }
        if (problems.isEmpty()) {
          problems.add(
              new Problem(0, 1, 1, "The statements cannot be planned together: " + e.getMessage()));
        }
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(Problem::statement).thenComparingInt(Problem::line));
      throw new ScriptException(problems);
    }
    return LineageExtractor.extract(request.jobName(), plans, session.catalogs);
  }

  /**
   * The tables and views the script declares, in order, each as it was right after its statement
   * ran, then those of the current catalog and database the script did not declare. Statements run
   * as for {@link #validate} (same sandbox); the INSERTs are parsed, never planned or run.
   */
  public List<DeclaredTable> tables(CompileRequest request) {
    Session session = analyze(request);
    List<DeclaredTable> tables = new ArrayList<>(session.declared);
    Set<String> seen = new java.util.HashSet<>();
    tables.forEach(t -> seen.add(t.identifier()));
    var catalogs = session.tableEnv.getCatalogManager();
    String catalog = catalogs.getCurrentCatalog();
    String database = catalogs.getCurrentDatabase();
    try {
      for (String name : new TreeSet<>(catalogs.listTables(catalog, database))) {
        ObjectIdentifier id = ObjectIdentifier.of(catalog, database, name);
        if (!seen.contains(id.asSummaryString())) {
          describe(session, id, null, 0, 0, 0).ifPresent(tables::add);
        }
      }
    } catch (RuntimeException e) {
      // A catalog that cannot list its tables adds none.
    }
    return tables;
  }

  private static void declare(Session session, Statement statement, CreateTableOperation create) {
    declare(
        session,
        statement,
        create.getTableIdentifier(),
        create.isTemporary() ? DeclaredTable.Kind.TEMPORARY_TABLE : DeclaredTable.Kind.TABLE);
  }

  private static void declare(
      Session session, Statement statement, ObjectIdentifier id, DeclaredTable.Kind kind) {
    describe(session, id, kind, statement.number(), statement.line(), statement.column())
        .ifPresent(session.declared::add);
  }

  /** A table or view of the catalog as it is now; of kind {@code kind}, or as the catalog says. */
  private static Optional<DeclaredTable> describe(
      Session session,
      ObjectIdentifier id,
      DeclaredTable.Kind kind,
      int statement,
      int line,
      int column) {
    try {
      Optional<ContextResolvedTable> found = session.tableEnv.getCatalogManager().getTable(id);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      ContextResolvedTable table = found.get();
      boolean view =
          table.getResolvedTable().getTableKind()
              == org.apache.flink.table.catalog.CatalogBaseTable.TableKind.VIEW;
      DeclaredTable.Kind k =
          kind != null
              ? kind
              : view
                  ? (table.isTemporary()
                      ? DeclaredTable.Kind.TEMPORARY_VIEW
                      : DeclaredTable.Kind.VIEW)
                  : (table.isTemporary()
                      ? DeclaredTable.Kind.TEMPORARY_TABLE
                      : DeclaredTable.Kind.TABLE);
      List<DeclaredTable.Column> columns =
          table.getResolvedSchema().getColumns().stream()
              .map(
                  c ->
                      new DeclaredTable.Column(
                          c.getName(),
                          c.getDataType().getLogicalType().asSummaryString(),
                          c instanceof Column.ComputedColumn
                              ? DeclaredTable.ColumnKind.COMPUTED
                              : c instanceof Column.MetadataColumn
                                  ? DeclaredTable.ColumnKind.METADATA
                                  : DeclaredTable.ColumnKind.PHYSICAL))
              .toList();
      String connector =
          view ? null : table.getResolvedTable().getOptions().get(FactoryUtil.CONNECTOR.key());
      return Optional.of(
          new DeclaredTable(
              id.getObjectName(),
              id.asSummaryString(),
              k,
              statement,
              line,
              column,
              connector,
              columns));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  Session analyze(CompileRequest request) {
    return analyze(request, UnaryOperator.identity());
  }

  /**
   * Runs the script's statements in a fresh table environment, collecting problems, INSERTs and
   * views; {@code tables} may replace each CREATE TABLE before it runs (debug runs swap sources).
   */
  Session analyze(CompileRequest request, UnaryOperator<CreateTableOperation> tables) {
    Configuration configuration = new Configuration();
    configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    configuration.set(CoreOptions.DEFAULT_PARALLELISM, 1);
    // The sandbox's settings are the compile's, not the job's: they stay out of its configuration.
    request.configuration().entrySet().stream()
        .filter(e -> !e.getKey().startsWith(SandboxPolicy.PREFIX))
        .forEach(e -> configuration.setString(e.getKey(), e.getValue()));
    Sandbox sandbox =
        new Sandbox(SandboxPolicy.from(request.configuration()), classLoader, bundles);
    List<Statement> statements = ScriptSplitter.split(request.script());
    // Registered functions the script calls are planned against stubs of their classes; the
    // compile's class loader (and the context loader, which reads stubs back when the planner
    // copies a function) is then the engine's with those stubs. FlinkEngine restores the context
    // loader when the call ends.
    ArtifactFunctions functions =
        ArtifactFunctions.of(
            statements, request.functions(), request.deniedFunctions(), classLoader);
    ClassLoader loader = functions.loader();
    Thread.currentThread().setContextClassLoader(loader);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(configuration, loader);
    EnvironmentSettings settings =
        EnvironmentSettings.newInstance()
            .inStreamingMode()
            .withClassLoader(loader)
            .withConfiguration(configuration)
            .build();
    TableEnvironmentImpl tableEnv =
        (TableEnvironmentImpl) StreamTableEnvironment.create(env, settings);
    // Sluice's built-in functions, in every job (their jars travel with every job graph).
    BuiltinFunctions.all().forEach(tableEnv::createTemporarySystemFunction);
    Session session =
        new Session(
            env, tableEnv, statements, sandbox, new SessionScope(tableEnv, bundles), functions);
    session.problems.addAll(functions.problems());
    try {
      functions.register(tableEnv);
    } catch (IllegalArgumentException e) {
      session.problems.add(new Problem(0, 1, 1, e.getMessage()));
    }
    boolean inSet = false;
    for (Statement statement : session.statements) {
      try {
        switch (statement.kind()) {
          case BEGIN_STATEMENT_SET -> {
            if (inSet) {
              session.problems.add(
                  ProblemReporter.problem(
                      statement, "Statement sets cannot be nested: END the open one first"));
            }
            inSet = true;
          }
          case END -> {
            if (!inSet) {
              session.problems.add(
                  ProblemReporter.problem(statement, "END without BEGIN STATEMENT SET"));
            }
            inSet = false;
          }
          default -> {
            if (inSet && statement.kind() != StatementKind.INSERT) {
              session.problems.add(
                  ProblemReporter.problem(
                      statement, "Only INSERT statements are allowed inside a statement set"));
              continue;
            }
            run(session, statement, tables);
          }
        }
      } catch (Throwable e) {
        session.problems.add(ProblemReporter.problem(statement, e, session.scope));
      }
    }
    if (inSet) {
      Statement last = session.statements.get(session.statements.size() - 1);
      session.problems.add(
          ProblemReporter.problem(last, "The statement set is not closed: add END;"));
    }
    return session;
  }

  private void run(
      Session session, Statement statement, UnaryOperator<CreateTableOperation> tables) {
    List<Operation> operations = session.tableEnv.getParser().parse(statement.text());
    if (operations.size() != 1) {
      session.problems.add(
          ProblemReporter.problem(statement, "Expected one statement, found " + operations.size()));
      return;
    }
    Operation operation = operations.get(0);
    // Before Flink acts on it: nothing of a refused statement runs in the server.
    Optional<String> refused = session.sandbox.refuse(sandboxed(operation));
    if (refused.isPresent()) {
      session.problems.add(ProblemReporter.problem(statement, refused.get()));
      registerRefusedTable(session, statement, sandboxed(operation));
      return;
    }
    if (statement.text().toUpperCase(java.util.Locale.ROOT).contains("OPTIONS")) {
      Optional<Problem> hint = session.sandbox.refuseHints(statement);
      if (hint.isPresent()) {
        session.problems.add(hint.get());
        return;
      }
    }
    if (operation instanceof CreateTableOperation create) {
      operation = tables.apply(create);
    }
    if (operation instanceof CreateTableASOperation ctas) {
      CreateTableOperation create = ctas.getCreateTableOperation();
      if (createTargetTable(session, statement, create, false, false)) {
        session.inserts.add(
            new Insert(
                statement, ctas.toSinkModifyOperation(session.tableEnv.getCatalogManager())));
      }
    } else if (operation instanceof ReplaceTableAsOperation rtas) {
      CreateTableOperation create = rtas.getCreateTableOperation();
      if (createTargetTable(session, statement, create, true, rtas.isCreateOrReplace())) {
        session.inserts.add(
            new Insert(
                statement, rtas.toSinkModifyOperation(session.tableEnv.getCatalogManager())));
      }
    } else if (operation instanceof SinkModifyOperation modify) {
      session.inserts.add(new Insert(statement, modify));
    } else if (operation instanceof ModifyOperation) {
      // UPDATE, DELETE and the like: Flink plans them only for batch jobs on some connectors.
      session.problems.add(
          ProblemReporter.problem(
              statement,
              "This statement cannot run in a streaming job: a job writes with INSERT INTO,"
                  + " CREATE TABLE ... AS SELECT or a statement set of INSERTs"));
    } else if (operation instanceof QueryOperation) {
      session.problems.add(
          ProblemReporter.problem(
              statement,
              "A job script cannot contain a bare query: write its result somewhere with INSERT INTO"));
    } else if (operation instanceof SetOperation set) {
      if (set.getKey().isPresent() && set.getValue().isPresent()) {
        session
            .tableEnv
            .getConfig()
            .getConfiguration()
            .setString(set.getKey().get(), set.getValue().get());
      }
    } else if (operation instanceof ResetOperation reset) {
      reset
          .getKey()
          .ifPresent(key -> session.tableEnv.getConfig().getConfiguration().removeKey(key));
    } else {
      session.tableEnv.executeInternal(operation);
      if (operation instanceof CreateViewOperation view) {
        session.views.add(new View(statement, view.getViewIdentifier()));
        declare(
            session,
            statement,
            view.getViewIdentifier(),
            view.isTemporary() ? DeclaredTable.Kind.TEMPORARY_VIEW : DeclaredTable.Kind.VIEW);
      }
      if (operation instanceof CreateTableOperation create) {
        declare(session, statement, create);
        checkConnector(session, statement, create);
      } else if (operation instanceof CreateCatalogOperation catalog) {
        Optional.ofNullable(catalog.getProperties().get("type")).ifPresent(session.factoryIds::add);
        session.catalogs.put(catalog.getCatalogName(), Map.copyOf(catalog.getProperties()));
      }
    }
  }

  /**
   * A refused table still enters the compile's in-memory catalog (nothing of it is created: no
   * connector, no file), so that the statements using it report their own problems, not "not
   * found". Never in a persistent catalog, where it would be created for real.
   */
  private static void registerRefusedTable(
      Session session, Statement statement, Operation operation) {
    if (operation instanceof CreateTableOperation create) {
      var catalog =
          session
              .tableEnv
              .getCatalogManager()
              .getCatalog(create.getTableIdentifier().getCatalogName());
      if (catalog.isPresent() && catalog.get().getClass() == GenericInMemoryCatalog.class) {
        try {
          session.tableEnv.executeInternal(create);
          declare(session, statement, create);
        } catch (RuntimeException e) {
          // Its problem is reported already.
        }
      }
    }
  }

  /** The operation the sandbox checks: of a CREATE TABLE ... AS, the table it creates. */
  private static Operation sandboxed(Operation operation) {
    if (operation instanceof CreateTableASOperation ctas) {
      return ctas.getCreateTableOperation();
    }
    if (operation instanceof ReplaceTableAsOperation rtas) {
      return rtas.getCreateTableOperation();
    }
    return operation;
  }

  /**
   * The table a {@code CREATE [OR REPLACE] TABLE ... AS SELECT} writes to, made as Flink's own
   * {@code TableEnvironment} makes it before the query runs. Only in catalogs that live in the
   * compile's memory: in a persistent catalog every validate, explain and deploy would create (or
   * drop) the real table.
   *
   * @return whether the table was made; if not, the problem is recorded
   */
  private boolean createTargetTable(
      Session session,
      Statement statement,
      CreateTableOperation create,
      boolean replace,
      boolean orReplace) {
    ObjectIdentifier id = create.getTableIdentifier();
    var catalogs = session.tableEnv.getCatalogManager();
    var catalog = catalogs.getCatalog(id.getCatalogName());
    if (catalog.isPresent() && catalog.get().getClass() != GenericInMemoryCatalog.class) {
      session.problems.add(
          ProblemReporter.problem(
              statement,
              (replace ? "REPLACE TABLE ... AS" : "CREATE TABLE ... AS")
                  + " into catalog '"
                  + id.getCatalogName()
                  + "' is not supported: it would change the catalog every time the script is"
                  + " validated or compiled. Create "
                  + id.asSummaryString()
                  + " once (CREATE TABLE IF NOT EXISTS ...) and write to it with INSERT INTO"));
      return false;
    }
    boolean exists = catalogs.getTable(id).isPresent();
    if (replace && exists) {
      catalogs.dropTable(id, false);
    } else if (replace && !orReplace) {
      session.problems.add(
          ProblemReporter.problem(
              statement,
              "REPLACE TABLE "
                  + id.asSummaryString()
                  + " AS: the table does not exist. Use CREATE OR REPLACE TABLE ... AS or"
                  + " CREATE TABLE ... AS"));
      return false;
    }
    session.tableEnv.executeInternal(create);
    declare(session, statement, create);
    checkConnector(session, statement, create);
    return true;
  }

  /**
   * Flink checks a table's connector only when a query uses it; users expect the mistake to be
   * reported at the CREATE TABLE that has it, so the factory is asked here.
   */
  private void checkConnector(Session session, Statement statement, CreateTableOperation create) {
    ObjectIdentifier id = create.getTableIdentifier();
    Map<String, String> options = create.getCatalogTable().getOptions();
    options.forEach(
        (key, value) -> {
          if (key.equals(FactoryUtil.CONNECTOR.key())
              || key.equals("format")
              || key.endsWith(".format")) {
            session.factoryIds.add(value);
          }
        });
    String connector = options.get(FactoryUtil.CONNECTOR.key());
    if (connector == null
        || create.getCatalogTable().getTableKind()
            != org.apache.flink.table.catalog.CatalogBaseTable.TableKind.TABLE) {
      return;
    }
    Optional<ContextResolvedTable> table = session.tableEnv.getCatalogManager().getTable(id);
    if (table.isEmpty()
        || !(table.get().getResolvedTable() instanceof ResolvedCatalogTable resolved)) {
      return;
    }
    var factory = bundles.tableFactory(connector);
    if (factory.isEmpty()) {
      session.problems.add(
          ProblemReporter.problem(
              statement,
              "Unknown connector '"
                  + connector
                  + "' in table "
                  + id.asSummaryString()
                  + ". Available connectors: "
                  + String.join(", ", bundles.connectorIdentifiers()),
              session.scope));
      return;
    }
    var config = session.tableEnv.getConfig();
    if (factory.get() instanceof DynamicTableSourceFactory source) {
      FactoryUtil.createDynamicTableSource(
          source, id, resolved, config, classLoader, create.isTemporary());
    } else if (factory.get() instanceof DynamicTableSinkFactory sink) {
      FactoryUtil.createDynamicTableSink(
          sink, id, resolved, config, classLoader, create.isTemporary());
    }
  }

  private static String sinkTable(ModifyOperation operation) {
    return ((SinkModifyOperation) operation)
        .getContextResolvedTable()
        .getIdentifier()
        .asSummaryString();
  }

  private static String noInsertMessage() {
    return "The script has no INSERT statement, so there is nothing to run: add INSERT INTO <table> SELECT ...";
  }

  private static List<StatementInfo> infos(List<Statement> statements) {
    return statements.stream()
        .map(s -> new StatementInfo(s.number(), s.kind().name(), s.line(), s.column(), s.text()))
        .toList();
  }

  /** A compiled job. */
  public record Compiled(
      StreamGraph streamGraph,
      JobGraph jobGraph,
      String planText,
      Set<String> bundles,
      Map<String, StableUids.Owner> owners,
      List<UserFunction> functions) {}

  record Insert(Statement statement, ModifyOperation operation) {}

  /** A CREATE VIEW of the script. */
  record View(Statement statement, ObjectIdentifier identifier) {}

  static final class Session {
    final StreamExecutionEnvironment env;
    final TableEnvironmentImpl tableEnv;
    final List<Statement> statements;
    final List<Insert> inserts = new ArrayList<>();
    final List<View> views = new ArrayList<>();
    final List<DeclaredTable> declared = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    final Set<String> factoryIds = new TreeSet<>();
    final Map<String, Map<String, String>> catalogs = new HashMap<>();
    final Sandbox sandbox;
    final Scope scope;
    final ArtifactFunctions functions;

    Session(
        StreamExecutionEnvironment env,
        TableEnvironmentImpl tableEnv,
        List<Statement> statements,
        Sandbox sandbox,
        Scope scope,
        ArtifactFunctions functions) {
      this.functions = functions;
      this.env = env;
      this.tableEnv = tableEnv;
      this.statements = statements;
      this.sandbox = sandbox;
      this.scope = scope;
    }
  }
}
