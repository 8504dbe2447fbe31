package dev.sluice.engine.api;

import java.util.List;

/**
 * A script compiled to a job graph in the engine, ready to be submitted. Compiling first and
 * submitting second lets the caller record the deployment only once the script is known to compile.
 */
public interface CompiledJob {

  /** The Flink job id the graph carries. */
  String jobId();

  /** The operator graph and plan text. */
  ExplainResult explain();

  /** File names of the jars that will be shipped with the job. */
  List<String> attachedJars();

  /**
   * Submits the job graph to a session cluster.
   *
   * @throws ClusterException when the cluster cannot be reached or refuses the job
   */
  void submit(String restUrl);
}
