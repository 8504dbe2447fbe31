package dev.sluice.engine.api;

import java.util.List;
import java.util.Map;

/**
 * A script compiled to a job graph in the engine, ready to be submitted. Compiling first and
 * submitting second lets the caller record the deployment only once the script is known to compile.
 */
public interface CompiledJob {

  /** The Flink job id the graph carries. */
  String jobId();

  /** The operator graph and plan text. */
  ExplainResult explain();

  /**
   * The job's operators: operator id (hex) to its uid and the key of the statement it belongs to.
   * Stored with each deployment, so that a later restore plan can name the owner of old state and a
   * later compile can keep uids of operators that became shared or private.
   */
  Map<String, OperatorOwner> operatorOwners();

  /**
   * @param uid the operator's uid
   * @param statement the key of its statement ({@code shared} or {@code source:...} for others)
   */
  record OperatorOwner(String uid, String statement) {}

  /**
   * Compares the savepoint the job was compiled to restore from with the job's operators.
   *
   * @param previousOwners operator id (hex) to statement key of the deployments that wrote the
   *     savepoint, so that dropped state can be attributed; may be empty
   * @throws IllegalArgumentException when the job restores nothing, or the savepoint cannot be read
   */
  RestorePlan restorePlan(Map<String, String> previousOwners);

  /**
   * Lets the submission start although some savepoint state maps to no operator. Only after the
   * user confirmed the drop of exactly that state.
   */
  void allowDroppingState();

  /** File names of the jars that will be shipped with the job. */
  List<String> attachedJars();

  /** Submits the job graph with nothing but its own jars; see {@link #submit(String, Map)}. */
  default SubmitOutcome submit(String restUrl) {
    return submit(restUrl, Map.of());
  }

  /**
   * Submits the job graph to a session cluster. Never throws for what the cluster did: the outcome
   * says whether the job was accepted, refused, not sent, or sent without an answer.
   *
   * @param classPathResources resources for this submission alone (path inside a jar, such as
   *     {@code META-INF/sluice/x.properties}, to its bytes), packed into one more jar on the job's
   *     class path: for what the job needs but the cluster's REST API must not show, as it shows
   *     the job's configuration. The jar is kept on this machine only while it is uploaded.
   */
  SubmitOutcome submit(String restUrl, Map<String, byte[]> classPathResources);
}
