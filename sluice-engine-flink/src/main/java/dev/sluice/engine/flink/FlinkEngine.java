package dev.sluice.engine.flink;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.CompiledJob;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.ExplainResult;
import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.api.LocalCluster;
import dev.sluice.engine.api.LocalClusterSpec;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.engine.api.SubmitOutcome;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.engine.api.artifacts.ArtifactScan;
import dev.sluice.engine.api.artifacts.JarProgram;
import dev.sluice.engine.api.artifacts.UserFunction;
import dev.sluice.engine.api.assist.DeclaredTable;
import dev.sluice.engine.api.assist.SqlLanguage;
import dev.sluice.engine.api.debug.DebugJob;
import dev.sluice.engine.api.debug.DebugRequest;
import dev.sluice.engine.api.debug.DebugStep;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.api.sync.SyncProgram;
import dev.sluice.engine.flink.artifacts.ArtifactScanner;
import dev.sluice.engine.flink.assist.SqlLanguageReader;
import dev.sluice.engine.flink.cluster.FlinkClusterClient;
import dev.sluice.engine.flink.cluster.StandaloneLocalCluster;
import dev.sluice.engine.flink.compile.ConnectorBundles;
import dev.sluice.engine.flink.compile.DebugCompiler;
import dev.sluice.engine.flink.compile.JobGraphViews;
import dev.sluice.engine.flink.compile.ScriptCompiler;
import dev.sluice.engine.flink.jar.JarCompiler;
import dev.sluice.engine.flink.state.RestorePlanner;
import dev.sluice.engine.flink.state.SavepointReader;
import dev.sluice.engine.flink.state.StableUids;
import dev.sluice.engine.flink.sync.SyncCompiler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.util.EnvironmentInformation;

/** The Flink 1.20 engine. Every call runs with the engine's classloader as the context loader. */
public final class FlinkEngine implements Engine {
  private final Path engineHome;
  private final ClassLoader classLoader;
  private final ConnectorBundles bundles;
  private final ScriptCompiler compiler;
  private final SyncCompiler syncCompiler;
  private volatile SqlLanguage language;
  private volatile JarCompiler jars;

  public FlinkEngine(Path engineHome, ClassLoader classLoader) {
    this.engineHome = engineHome;
    this.classLoader = classLoader;
    this.bundles = inEngine(() -> new ConnectorBundles(engineHome, classLoader));
    this.compiler = new ScriptCompiler(classLoader, bundles);
    this.syncCompiler = new SyncCompiler(classLoader, bundles);
  }

  @Override
  public String version() {
    return "flink-" + EnvironmentInformation.getVersion();
  }

  @Override
  public ValidationResult validate(CompileRequest request) {
    return inEngine(() -> compiler.validate(request));
  }

  /** Read once: the engine's keywords, functions and factories do not change while it runs. */
  @Override
  public SqlLanguage language() {
    SqlLanguage read = language;
    if (read == null) {
      synchronized (this) {
        read = language;
        if (read == null) {
          read = inEngine(() -> new SqlLanguageReader(classLoader, bundles).read());
          language = read;
        }
      }
    }
    return read;
  }

  @Override
  public List<DeclaredTable> tables(CompileRequest request) {
    return inEngine(() -> compiler.tables(request));
  }

  @Override
  public Lineage lineage(CompileRequest request) {
    return inEngine(() -> compiler.lineage(request));
  }

  @Override
  public ExplainResult explain(CompileRequest request) {
    return inEngine(
        () -> {
          ScriptCompiler.Compiled compiled = compiler.compile(request, new JobID());
          return new ExplainResult(
              JobGraphViews.describe(
                  compiled.streamGraph(), compiled.jobGraph(), compiled.owners()),
              compiled.planText(),
              List.copyOf(compiled.bundles()));
        });
  }

  @Override
  public CompiledJob compile(CompileRequest request, String jobId, String restorePath) {
    if (jobId == null || !jobId.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("jobId must be 32 lower-case hex digits: " + jobId);
    }
    return inEngine(
        () -> {
          // Read once, before compiling: a missing savepoint fails fast, and the restore plan
          // compares the same state with the new graph.
          Map<String, Long> savepointState =
              restorePath == null
                  ? Map.of()
                  : SavepointReader.operatorState(restorePath, classLoader);
          ScriptCompiler.Compiled compiled = compiler.compile(request, JobID.fromHexString(jobId));
          return forCluster(
              compiled.streamGraph(),
              compiled.jobGraph(),
              compiled.owners(),
              compiled.bundles(),
              compiled.functions(),
              compiled.planText(),
              restorePath,
              savepointState);
        });
  }

  @Override
  public ExplainResult explainJar(JarProgram program) {
    return jarCompiler().build(program, new JobID().toHexString()).explain();
  }

  @Override
  public CompiledJob compileJar(JarProgram program, String jobId, String restorePath) {
    if (jobId == null || !jobId.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("jobId must be 32 lower-case hex digits: " + jobId);
    }
    Map<String, Long> savepointState =
        restorePath == null
            ? Map.of()
            : inEngine(() -> SavepointReader.operatorState(restorePath, classLoader));
    JarCompiler.Built built = jarCompiler().build(program, jobId);
    return inEngine(
        () -> {
          JobGraph jobGraph = built.jobGraph();
          jobGraph.addJar(new org.apache.flink.core.fs.Path(Path.of(program.jar()).toUri()));
          jobGraph.setSavepointRestoreSettings(
              restorePath == null
                  ? SavepointRestoreSettings.none()
                  : SavepointRestoreSettings.forPath(restorePath, false));
          return new FlinkCompiledJob(
              jobGraph,
              built.explain(),
              List.of("artifact " + program.artifact()),
              restorePath,
              savepointState,
              built.owners());
        });
  }

  @Override
  public Lineage syncLineage(SyncProgram program) {
    return dev.sluice.engine.flink.lineage.SyncLineage.of(program);
  }

  @Override
  public ExplainResult explainSync(SyncProgram program) {
    return inEngine(
        () -> {
          SyncCompiler.Built built = syncCompiler.build(program, new JobID());
          return new ExplainResult(
              JobGraphViews.describe(built.streamGraph(), built.jobGraph(), built.owners()),
              built.planText(),
              List.copyOf(built.bundles()));
        });
  }

  @Override
  public CompiledJob compileSync(SyncProgram program, String jobId, String restorePath) {
    if (jobId == null || !jobId.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("jobId must be 32 lower-case hex digits: " + jobId);
    }
    return inEngine(
        () -> {
          Map<String, Long> savepointState =
              restorePath == null
                  ? Map.of()
                  : SavepointReader.operatorState(restorePath, classLoader);
          SyncCompiler.Built built = syncCompiler.build(program, JobID.fromHexString(jobId), true);
          return forCluster(
              built.streamGraph(),
              built.jobGraph(),
              built.owners(),
              built.bundles(),
              List.of(),
              built.planText(),
              restorePath,
              savepointState);
        });
  }

  /**
   * A built job graph made ready for the cluster: its bundles and functions attached, its restore
   * point set, and described as its plan.
   */
  private FlinkCompiledJob forCluster(
      org.apache.flink.streaming.api.graph.StreamGraph streamGraph,
      JobGraph jobGraph,
      Map<String, StableUids.Owner> owners,
      java.util.Set<String> bundleNames,
      List<UserFunction> functions,
      String planText,
      String restorePath,
      Map<String, Long> savepointState) {
    List<String> attached = attach(jobGraph, bundleNames, functions);
    // Never allowNonRestoredState: state is not dropped without the user knowing.
    jobGraph.setSavepointRestoreSettings(
        restorePath == null
            ? SavepointRestoreSettings.none()
            : SavepointRestoreSettings.forPath(restorePath, false));
    ExplainResult explain =
        new ExplainResult(
            JobGraphViews.describe(streamGraph, jobGraph, owners),
            planText,
            List.copyOf(bundleNames));
    return new FlinkCompiledJob(jobGraph, explain, attached, restorePath, savepointState, owners);
  }

  private JarCompiler jarCompiler() {
    JarCompiler compiler = jars;
    if (compiler == null) {
      synchronized (this) {
        if (jars == null) {
          jars = new JarCompiler(JarCompiler.classPath(engineHome), classLoader);
        }
        compiler = jars;
      }
    }
    return compiler;
  }

  /** A compiled job graph; submitting it uploads its jars with it. */
  private final class FlinkCompiledJob implements CompiledJob {
    private final JobGraph jobGraph;
    private final ExplainResult explain;
    private final List<String> attached;
    private final String restorePath;
    private final Map<String, Long> savepointState;
    private final Map<String, StableUids.Owner> owners;

    FlinkCompiledJob(
        JobGraph jobGraph,
        ExplainResult explain,
        List<String> attached,
        String restorePath,
        Map<String, Long> savepointState,
        Map<String, StableUids.Owner> owners) {
      this.jobGraph = jobGraph;
      this.explain = explain;
      this.attached = List.copyOf(attached);
      this.restorePath = restorePath;
      this.savepointState = savepointState;
      this.owners = owners;
    }

    @Override
    public Map<String, OperatorOwner> operatorOwners() {
      Map<String, OperatorOwner> result = new LinkedHashMap<>();
      for (JobGraphView.Vertex v : explain.graph().vertices()) {
        for (JobGraphView.Operator op : v.operators()) {
          if (op.statement() != null) {
            result.put(op.id(), new OperatorOwner(op.uid(), op.statement()));
          }
        }
      }
      return result;
    }

    @Override
    public RestorePlan restorePlan(Map<String, String> previousOwners) {
      if (restorePath == null) {
        throw new IllegalArgumentException(
            "The job was compiled without a savepoint to restore from");
      }
      return inEngine(
          () -> {
            Map<String, StableUids.Owner> labels = new HashMap<>();
            owners.values().forEach(o -> labels.putIfAbsent(o.statementKey(), o));
            return RestorePlanner.plan(
                restorePath, savepointState, explain.graph(), labels, previousOwners);
          });
    }

    @Override
    public void allowDroppingState() {
      jobGraph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restorePath, true));
    }

    @Override
    public String jobId() {
      return jobGraph.getJobID().toHexString();
    }

    @Override
    public ExplainResult explain() {
      return explain;
    }

    @Override
    public List<String> attachedJars() {
      return attached;
    }

    @Override
    public SubmitOutcome submit(String restUrl, Map<String, byte[]> classPathResources) {
      if (classPathResources.isEmpty()) {
        return FlinkEngine.this.submit(jobGraph, restUrl);
      }
      // Shipped as a user jar, the resources reach the cluster's blob store and the job's class
      // loader, never the job's configuration; the file lives only while it is uploaded.
      ResourceJar written;
      try {
        written = ResourceJar.write(classPathResources);
      } catch (java.io.UncheckedIOException e) {
        return new SubmitOutcome.NotSent(jobId(), e.getMessage() + ": " + e.getCause());
      }
      try (ResourceJar jar = written) {
        org.apache.flink.core.fs.Path shipped =
            new org.apache.flink.core.fs.Path(jar.path().toUri());
        jobGraph.addJar(shipped);
        try {
          return FlinkEngine.this.submit(jobGraph, restUrl);
        } finally {
          jobGraph.getUserJars().remove(shipped);
        }
      }
    }
  }

  @Override
  public DebugJob debugJob(DebugRequest request, String jobId) {
    return inEngine(
        () -> {
          DebugCompiler.Debug debug =
              new DebugCompiler(compiler).compile(request, JobID.fromHexString(jobId));
          JobGraph jobGraph = debug.compiled().jobGraph();
          List<String> attached =
              attach(jobGraph, debug.compiled().bundles(), debug.compiled().functions());
          return new DebugJob() {
            @Override
            public String jobId() {
              return jobId;
            }

            @Override
            public List<DebugStep> steps() {
              return debug.steps();
            }

            @Override
            public List<String> attachedJars() {
              return attached;
            }

            @Override
            public void submit(String restUrl) {
              SubmitOutcome outcome = FlinkEngine.this.submit(jobGraph, restUrl);
              if (outcome instanceof SubmitOutcome.NotSent n) {
                throw new ClusterException(n.cause(), true, null);
              } else if (outcome instanceof SubmitOutcome.Rejected r) {
                throw new ClusterException(r.cause(), false, null);
              } else if (outcome instanceof SubmitOutcome.Unknown u) {
                throw new ClusterException(u.cause(), false, null);
              }
            }
          };
        });
  }

  /** Adds the jars of the given connector bundles and the function library to a job graph. */
  /** Submits a compiled job graph (a job's or a debug run's) to a cluster. */
  private SubmitOutcome submit(JobGraph jobGraph, String restUrl) {
    return inEngine(() -> new FlinkClusterClient(restUrl).submit(jobGraph));
  }

  /**
   * Adds the jars of the given connector bundles, the function library and the artifacts of the
   * registered functions the script calls (each artifact version once) to a job graph.
   */
  private List<String> attach(
      JobGraph jobGraph, java.util.Set<String> bundleNames, List<UserFunction> functions) {
    List<String> attached = new ArrayList<>();
    List<Path> jars = new ArrayList<>(bundles.jars(bundleNames));
    jars.addAll(bundles.functionJars());
    for (Path jar : jars) {
      jobGraph.addJar(new org.apache.flink.core.fs.Path(jar.toUri()));
      attached.add(jar.getFileName().toString());
    }
    java.util.Set<String> artifacts = new java.util.LinkedHashSet<>();
    for (UserFunction f : functions) {
      if (artifacts.add(f.jar())) {
        jobGraph.addJar(new org.apache.flink.core.fs.Path(Path.of(f.jar()).toUri()));
        attached.add("artifact " + f.artifact());
      }
    }
    return attached;
  }

  @Override
  public ArtifactScan scanArtifact(Path jar) {
    return inEngine(() -> ArtifactScanner.of(classLoader).scan(jar));
  }

  @Override
  public ClusterClient cluster(String restUrl) {
    return new FlinkClusterClient(restUrl);
  }

  @Override
  public LocalCluster localCluster(LocalClusterSpec spec) {
    return new StandaloneLocalCluster(engineHome, spec);
  }

  @Override
  public void close() {}

  private <T> T inEngine(Supplier<T> work) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(classLoader);
    try {
      return work.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
