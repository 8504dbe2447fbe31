package dev.sluice.server.jobs;

import dev.sluice.engine.api.CompiledJob;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The store on the server's database (H2 or PostgreSQL). */
@Repository
public class JdbcJobStore implements JobStore {
  private final JdbcClient jdbc;

  public JdbcJobStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  @Override
  public List<Job> findAll() {
    return jdbc.sql("SELECT * FROM jobs ORDER BY id").query(Job.class).list();
  }

  @Override
  public List<Job> findByStates(Collection<JobState> states) {
    return jdbc.sql("SELECT * FROM jobs WHERE state IN (:states) ORDER BY id")
        .param("states", states.stream().map(JobState::name).toList())
        .query(Job.class)
        .list();
  }

  @Override
  public Optional<Job> findById(long id) {
    return jdbc.sql("SELECT * FROM jobs WHERE id = ?").param(id).query(Job.class).optional();
  }

  @Override
  public Optional<Job> findByName(String name) {
    return jdbc.sql("SELECT * FROM jobs WHERE name = ?").param(name).query(Job.class).optional();
  }

  @Override
  public long insert(String name, String type, long clusterId, String project) {
    OffsetDateTime now = now();
    jdbc.sql(
            "INSERT INTO jobs (name, type, cluster_id, current_version, desired_state, state,"
                + " created_at, updated_at, project) VALUES (?, ?, ?, 0, 'STOPPED', 'CREATED', ?, ?, ?)")
        .params(name, type, clusterId, now, now, project)
        .update();
    return findByName(name).orElseThrow().id();
  }

  @Override
  public JobVersion addVersion(long jobId, String script, String author, String comment) {
    int version =
        jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM job_versions WHERE job_id = ?")
            .param(jobId)
            .query(Integer.class)
            .single();
    OffsetDateTime now = now();
    jdbc.sql(
            "INSERT INTO job_versions (job_id, version, script, author, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .params(jobId, version, script, author, comment, now)
        .update();
    jdbc.sql("UPDATE jobs SET current_version = ?, updated_at = ? WHERE id = ?")
        .params(version, now, jobId)
        .update();
    return new JobVersion(jobId, version, script, author, comment, now);
  }

  @Override
  public List<JobVersion> versions(long jobId) {
    return jdbc.sql("SELECT * FROM job_versions WHERE job_id = ? ORDER BY version")
        .param(jobId)
        .query(JobVersion.class)
        .list();
  }

  @Override
  public Optional<JobVersion> version(long jobId, int version) {
    return jdbc.sql("SELECT * FROM job_versions WHERE job_id = ? AND version = ?")
        .params(jobId, version)
        .query(JobVersion.class)
        .optional();
  }

  @Override
  public void setCluster(long jobId, long clusterId) {
    jdbc.sql("UPDATE jobs SET cluster_id = ?, updated_at = ? WHERE id = ?")
        .params(clusterId, now(), jobId)
        .update();
  }

  /**
   * Records a submission about to be made; the Flink job id is fixed before the job graph leaves.
   */
  @Override
  public void markSubmitting(long jobId, String flinkJobId, int version) {
    jdbc.sql(
            "UPDATE jobs SET state = 'SUBMITTING', desired_state = 'RUNNING', flink_job_id = ?, deployed_version = ?,"
                + " last_error = NULL, started_at = ?, updated_at = ? WHERE id = ?")
        .params(flinkJobId, version, now(), now(), jobId)
        .update();
  }

  /** Puts a job back as it was before a submission that did not happen. */
  @Override
  public void restore(Job before) {
    jdbc.sql(
            "UPDATE jobs SET state = ?, desired_state = ?, flink_job_id = ?, deployed_version = ?, started_at = ?,"
                + " last_error = ?, updated_at = ? WHERE id = ?")
        .params(
            before.state().name(),
            before.desiredState().name(),
            before.flinkJobId(),
            before.deployedVersion(),
            before.startedAt(),
            before.lastError(),
            now(),
            before.id())
        .update();
  }

  @Override
  public void updateState(long jobId, JobState state, String error) {
    jdbc.sql("UPDATE jobs SET state = ?, last_error = ?, updated_at = ? WHERE id = ?")
        .params(state.name(), error, now(), jobId)
        .update();
  }

  @Override
  public void updateDesired(long jobId, DesiredState desired) {
    jdbc.sql("UPDATE jobs SET desired_state = ?, updated_at = ? WHERE id = ?")
        .params(desired.name(), now(), jobId)
        .update();
  }

  @Override
  public void updateObserved(long jobId, JobState state, String lastCheckpoint, String error) {
    jdbc.sql(
            "UPDATE jobs SET state = ?, last_checkpoint = COALESCE(?, last_checkpoint), last_error = COALESCE(?, last_error),"
                + " updated_at = ? WHERE id = ?")
        .params(state.name(), lastCheckpoint, error, now(), jobId)
        .update();
  }

  @Override
  public void recordCheckpoint(long jobId, String path) {
    jdbc.sql("UPDATE jobs SET last_checkpoint = ?, updated_at = ? WHERE id = ?")
        .params(path, now(), jobId)
        .update();
  }

  @Override
  public void addOperatorOwners(
      long jobId, String flinkJobId, Map<String, CompiledJob.OperatorOwner> owners) {
    owners.forEach(
        (operatorId, owner) ->
            jdbc.sql(
                    "INSERT INTO deployment_operators (job_id, flink_job_id, operator_id, uid, statement)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(jobId, flinkJobId, operatorId, owner.uid(), owner.statement())
                .update());
  }

  /** Replaces the job's parallelism settings. */
  @Override
  public void setParallelism(
      long jobId,
      Integer defaultParallelism,
      Integer maxParallelism,
      Map<String, Integer> operators) {
    jdbc.sql(
            "UPDATE jobs SET default_parallelism = ?, max_parallelism = ?, updated_at = ? WHERE id = ?")
        .params(defaultParallelism, maxParallelism, now(), jobId)
        .update();
    jdbc.sql("DELETE FROM operator_parallelism WHERE job_id = ?").param(jobId).update();
    operators.forEach(
        (uid, p) ->
            jdbc.sql("INSERT INTO operator_parallelism (job_id, uid, parallelism) VALUES (?, ?, ?)")
                .params(jobId, uid, p)
                .update());
  }

  @Override
  public Map<String, Integer> operatorParallelism(long jobId) {
    Map<String, Integer> result = new java.util.TreeMap<>();
    jdbc.sql("SELECT uid, parallelism FROM operator_parallelism WHERE job_id = ?")
        .param(jobId)
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getInt(2)))
        .list()
        .forEach(e -> result.put(e.getKey(), e.getValue()));
    return result;
  }

  /** The operator uids of every deployment of the job. */
  @Override
  public Set<String> operatorUids(long jobId) {
    return new HashSet<>(
        jdbc.sql(
                "SELECT DISTINCT uid FROM deployment_operators WHERE job_id = ? AND uid IS NOT NULL")
            .param(jobId)
            .query(String.class)
            .list());
  }

  /**
   * Operator id to statement, over every deployment of the job (operator ids never repeat across
   * statements).
   */
  @Override
  public Map<String, String> operatorOwners(long jobId) {
    Map<String, String> owners = new HashMap<>();
    jdbc.sql("SELECT operator_id, statement FROM deployment_operators WHERE job_id = ?")
        .param(jobId)
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .forEach(e -> owners.put(e.getKey(), e.getValue()));
    return owners;
  }

  @Override
  public Set<String> deploymentStatements(long jobId, String flinkJobId) {
    return new HashSet<>(
        jdbc.sql(
                "SELECT DISTINCT statement FROM deployment_operators WHERE job_id = ? AND"
                    + " flink_job_id = ?")
            .params(jobId, flinkJobId)
            .query(String.class)
            .list());
  }

  @Override
  public void addSavepoint(
      long jobId, String flinkJobId, int version, SavepointKind kind, String path) {
    jdbc.sql(
            "INSERT INTO savepoints (job_id, flink_job_id, job_version, kind, path, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .params(jobId, flinkJobId, version, kind.name(), path, now())
        .update();
  }

  @Override
  public List<Savepoint> savepoints(long jobId) {
    return jdbc.sql("SELECT * FROM savepoints WHERE job_id = ? ORDER BY id DESC")
        .param(jobId)
        .query(Savepoint.class)
        .list();
  }
}
