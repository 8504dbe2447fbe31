package dev.sluice.server.jobs;

import dev.sluice.engine.api.CompiledJob;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Jobs, their script versions, deployments and savepoints as the store keeps them. The deployment
 * and reconciliation logic depends on this, not on a database, so that it can be tested without
 * one.
 */
public interface JobStore {

  List<Job> findAll();

  List<Job> findByStates(Collection<JobState> states);

  Optional<Job> findById(long id);

  Optional<Job> findByName(String name);

  /** A new job of a project, desired STOPPED and CREATED; returns its id. */
  long insert(String name, String type, long clusterId, String project);

  JobVersion addVersion(long jobId, String script, String author, String comment);

  List<JobVersion> versions(long jobId);

  Optional<JobVersion> version(long jobId, int version);

  void setCluster(long jobId, long clusterId);

  /**
   * Records a submission about to be made; the Flink job id is fixed before the job graph leaves.
   */
  void markSubmitting(long jobId, String flinkJobId, int version);

  /** Puts a job back as it was before a submission that did not happen. */
  void restore(Job before);

  /** Sets the state and the last error (null clears it). */
  void updateState(long jobId, JobState state, String error);

  void updateDesired(long jobId, DesiredState desired);

  /** Sets the state seen on the cluster; a null checkpoint or error keeps the stored one. */
  void updateObserved(long jobId, JobState state, String lastCheckpoint, String error);

  void recordCheckpoint(long jobId, String path);

  void addOperatorOwners(
      long jobId, String flinkJobId, Map<String, CompiledJob.OperatorOwner> owners);

  /** Replaces the job's parallelism settings. */
  void setParallelism(
      long jobId,
      Integer defaultParallelism,
      Integer maxParallelism,
      Map<String, Integer> operators);

  Map<String, Integer> operatorParallelism(long jobId);

  /** The operator uids of every deployment of the job. */
  Set<String> operatorUids(long jobId);

  /**
   * Operator id to statement, over every deployment of the job (operator ids never repeat across
   * statements).
   */
  Map<String, String> operatorOwners(long jobId);

  /** The statements that own the operators of one deployment (one Flink job) of the job. */
  Set<String> deploymentStatements(long jobId, String flinkJobId);

  void addSavepoint(long jobId, String flinkJobId, int version, SavepointKind kind, String path);

  /** The job's savepoints, newest first. */
  List<Savepoint> savepoints(long jobId);
}
