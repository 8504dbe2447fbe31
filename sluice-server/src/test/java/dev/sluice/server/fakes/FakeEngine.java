package dev.sluice.server.fakes;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.CompiledJob;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.ExplainResult;
import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.api.LocalCluster;
import dev.sluice.engine.api.LocalClusterSpec;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.engine.api.SubmitOutcome;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.engine.api.assist.DeclaredTable;
import dev.sluice.engine.api.assist.SqlLanguage;
import dev.sluice.engine.api.debug.DebugJob;
import dev.sluice.engine.api.debug.DebugRequest;
import dev.sluice.engine.api.lineage.Lineage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An engine that compiles nothing: every script "compiles" to a job whose submission has the
 * outcome the test lined up (accepted by default) on a {@link FakeCluster}, and whose restore plan
 * is the one the test gave for its script (everything kept by default).
 */
public final class FakeEngine implements Engine {
  private final FakeCluster cluster = new FakeCluster();
  private final Deque<Function<String, SubmitOutcome>> outcomes = new ArrayDeque<>();
  private final Map<String, RestorePlanFor> plans = new HashMap<>();
  private final List<Compiled> compiled = new ArrayList<>();

  /** The restore plan a script's job has, given the savepoint path. */
  public interface RestorePlanFor {
    RestorePlan plan(String savepoint);
  }

  public FakeCluster cluster() {
    return cluster;
  }

  /** The next submission ends as given (by the job id it carries). */
  public synchronized void nextSubmit(Function<String, SubmitOutcome> outcome) {
    outcomes.add(outcome);
  }

  public synchronized void restorePlan(String script, RestorePlanFor plan) {
    plans.put(script, plan);
  }

  /** Every job compiled, in order. */
  public synchronized List<Compiled> compiled() {
    return List.copyOf(compiled);
  }

  /** Every job submitted, in order. */
  public synchronized List<Compiled> submitted() {
    return compiled.stream().filter(c -> c.submitted).toList();
  }

  @Override
  public String version() {
    return "fake";
  }

  @Override
  public ValidationResult validate(CompileRequest request) {
    return new ValidationResult(List.of(), List.of());
  }

  @Override
  public SqlLanguage language() {
    return new SqlLanguage(List.of(), List.of(), List.of(), List.of());
  }

  @Override
  public List<DeclaredTable> tables(CompileRequest request) {
    return List.of();
  }

  @Override
  public ExplainResult explain(CompileRequest request) {
    return new ExplainResult(new JobGraphView(List.of(), List.of()), "", List.of());
  }

  @Override
  public Lineage lineage(CompileRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public synchronized CompiledJob compile(
      CompileRequest request, String jobId, String restorePath) {
    Compiled job = new Compiled(request.script(), jobId, restorePath);
    compiled.add(job);
    return job;
  }

  @Override
  public DebugJob debugJob(DebugRequest request, String jobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ExplainResult explainJar(dev.sluice.engine.api.artifacts.JarProgram program) {
    throw new UnsupportedOperationException("the fake engine builds no jar jobs");
  }

  @Override
  public CompiledJob compileJar(
      dev.sluice.engine.api.artifacts.JarProgram program, String jobId, String restorePath) {
    throw new UnsupportedOperationException("the fake engine builds no jar jobs");
  }

  @Override
  public Lineage syncLineage(dev.sluice.engine.api.sync.SyncProgram program) {
    throw new UnsupportedOperationException("the fake engine builds no sync jobs");
  }

  @Override
  public ExplainResult explainSync(dev.sluice.engine.api.sync.SyncProgram program) {
    throw new UnsupportedOperationException("the fake engine builds no sync jobs");
  }

  @Override
  public CompiledJob compileSync(
      dev.sluice.engine.api.sync.SyncProgram program, String jobId, String restorePath) {
    throw new UnsupportedOperationException("the fake engine builds no sync jobs");
  }

  @Override
  public dev.sluice.engine.api.artifacts.ArtifactScan scanArtifact(java.nio.file.Path jar) {
    throw new UnsupportedOperationException("the fake engine reads no jars");
  }

  @Override
  public ClusterClient cluster(String restUrl) {
    return cluster;
  }

  @Override
  public LocalCluster localCluster(LocalClusterSpec spec) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}

  /** A compiled job: what it runs, under which id, restoring what. */
  public final class Compiled implements CompiledJob {
    private final String script;
    private final String jobId;
    private final String restorePath;
    private boolean submitted;
    private boolean droppingState;
    private Map<String, byte[]> classPathResources = Map.of();

    Compiled(String script, String jobId, String restorePath) {
      this.script = script;
      this.jobId = jobId;
      this.restorePath = restorePath;
    }

    public String script() {
      return script;
    }

    public String restorePath() {
      return restorePath;
    }

    public boolean droppingState() {
      return droppingState;
    }

    /** The resources shipped with its submission (none before it is submitted). */
    public synchronized Map<String, byte[]> classPathResources() {
      return classPathResources;
    }

    @Override
    public String jobId() {
      return jobId;
    }

    @Override
    public ExplainResult explain() {
      return FakeEngine.this.explain(null);
    }

    @Override
    public Map<String, OperatorOwner> operatorOwners() {
      return Map.of("op-" + script.hashCode(), new OperatorOwner("uid-" + script.hashCode(), "s1"));
    }

    @Override
    public RestorePlan restorePlan(Map<String, String> previousOwners) {
      if (restorePath == null) {
        throw new IllegalArgumentException("compiled without a savepoint");
      }
      RestorePlanFor plan = plans.get(script);
      return plan == null
          ? new RestorePlan(restorePath, List.of(), List.of())
          : plan.plan(restorePath);
    }

    @Override
    public void allowDroppingState() {
      droppingState = true;
    }

    @Override
    public List<String> attachedJars() {
      return List.of();
    }

    @Override
    public SubmitOutcome submit(String restUrl, Map<String, byte[]> classPathResources) {
      Function<String, SubmitOutcome> next;
      synchronized (this) {
        this.classPathResources = Map.copyOf(classPathResources);
      }
      synchronized (FakeEngine.this) {
        submitted = true;
        next = outcomes.poll();
      }
      SubmitOutcome outcome = next == null ? new SubmitOutcome.Accepted(jobId) : next.apply(jobId);
      if (outcome instanceof SubmitOutcome.Accepted) {
        cluster.run(jobId, FlinkJobState.RUNNING, null);
      }
      return outcome;
    }
  }
}
