package dev.sluice.server.config;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.CompiledJob;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.ExplainResult;
import dev.sluice.engine.api.LocalCluster;
import dev.sluice.engine.api.LocalClusterSpec;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.engine.api.artifacts.ArtifactScan;
import dev.sluice.engine.api.assist.DeclaredTable;
import dev.sluice.engine.api.assist.SqlLanguage;
import dev.sluice.engine.api.debug.DebugJob;
import dev.sluice.engine.api.debug.DebugRequest;
import dev.sluice.engine.api.lineage.Lineage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine with the sandbox's settings added to every request, whoever builds it (jobs, debug
 * runs, metric groups, lineage): no path into the engine goes without them. The platform's values
 * override any of the same name a request may carry.
 */
final class SandboxedEngine implements Engine {
  private final Engine engine;
  private final Map<String, String> sandbox;

  SandboxedEngine(Engine engine, Map<String, String> sandbox) {
    this.engine = engine;
    this.sandbox = Map.copyOf(sandbox);
  }

  @Override
  public String version() {
    return engine.version();
  }

  @Override
  public ValidationResult validate(CompileRequest request) {
    return engine.validate(sandboxed(request));
  }

  @Override
  public SqlLanguage language() {
    return engine.language();
  }

  @Override
  public List<DeclaredTable> tables(CompileRequest request) {
    return engine.tables(sandboxed(request));
  }

  @Override
  public ExplainResult explain(CompileRequest request) {
    return engine.explain(sandboxed(request));
  }

  @Override
  public Lineage lineage(CompileRequest request) {
    return engine.lineage(sandboxed(request));
  }

  @Override
  public CompiledJob compile(CompileRequest request, String jobId, String restorePath) {
    return engine.compile(sandboxed(request), jobId, restorePath);
  }

  @Override
  public DebugJob debugJob(DebugRequest request, String jobId) {
    return engine.debugJob(request.withConfiguration(with(request.configuration())), jobId);
  }

  @Override
  public ExplainResult explainJar(dev.sluice.engine.api.artifacts.JarProgram program) {
    return engine.explainJar(program);
  }

  @Override
  public CompiledJob compileJar(
      dev.sluice.engine.api.artifacts.JarProgram program, String jobId, String restorePath) {
    return engine.compileJar(program, jobId, restorePath);
  }

  @Override
  public Lineage syncLineage(dev.sluice.engine.api.sync.SyncProgram program) {
    return engine.syncLineage(sandboxed(program));
  }

  @Override
  public ExplainResult explainSync(dev.sluice.engine.api.sync.SyncProgram program) {
    return engine.explainSync(sandboxed(program));
  }

  @Override
  public CompiledJob compileSync(
      dev.sluice.engine.api.sync.SyncProgram program, String jobId, String restorePath) {
    return engine.compileSync(sandboxed(program), jobId, restorePath);
  }

  @Override
  public ArtifactScan scanArtifact(Path jar) {
    return engine.scanArtifact(jar);
  }

  @Override
  public ClusterClient cluster(String restUrl) {
    return engine.cluster(restUrl);
  }

  @Override
  public LocalCluster localCluster(LocalClusterSpec spec) {
    return engine.localCluster(spec);
  }

  @Override
  public void close() {
    engine.close();
  }

  private CompileRequest sandboxed(CompileRequest request) {
    return request.withConfiguration(with(request.configuration()));
  }

  private dev.sluice.engine.api.sync.SyncProgram sandboxed(
      dev.sluice.engine.api.sync.SyncProgram program) {
    return program.withConfiguration(with(program.configuration()));
  }

  private Map<String, String> with(Map<String, String> configuration) {
    Map<String, String> merged = new HashMap<>(configuration);
    merged.putAll(sandbox);
    return merged;
  }
}
