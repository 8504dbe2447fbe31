package dev.sluice.engine.api;

/**
 * One engine line (for example Flink 1.20), loaded by the server from its own directory through an
 * isolated classloader. Implementations are thread-safe: several users may validate or deploy at once.
 */
public interface Engine extends AutoCloseable {

  /** The engine line and version, for example {@code flink-1.20.3}. */
  String version();

  /** Splits the script into statements, validates each one and reports every problem found. */
  ValidationResult validate(CompileRequest request);

  /**
   * Compiles the script and returns its operator graph and the planner's plan text.
   *
   * @throws ScriptException when the script does not validate
   */
  ExplainResult explain(CompileRequest request);

  /**
   * Compiles the script in this engine and submits the resulting job graph to a session cluster,
   * attaching the connector jars the job needs.
   *
   * @throws ScriptException when the script does not compile
   * @throws ClusterException when the cluster cannot be reached or refuses the job
   */
  Submission submit(SubmitRequest request);

  /** Talks to a running session cluster by its REST address. */
  ClusterClient cluster(String restUrl);

  /** The local standalone session cluster this engine can start as child processes. */
  LocalCluster localCluster(LocalClusterSpec spec);

  @Override
  void close();
}
