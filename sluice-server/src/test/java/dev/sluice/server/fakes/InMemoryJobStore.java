package dev.sluice.server.fakes;

import dev.sluice.engine.api.CompiledJob;
import dev.sluice.server.jobs.DesiredState;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobState;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.jobs.Savepoint;
import dev.sluice.server.jobs.SavepointKind;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The job store in memory, with the JDBC store's semantics, for tests without a database. */
public final class InMemoryJobStore implements JobStore {
  private final Clock clock;
  private final Map<Long, Job> jobs = new LinkedHashMap<>();
  private final Map<Long, List<JobVersion>> versions = new HashMap<>();
  private final Map<Long, List<Savepoint>> savepoints = new HashMap<>();
  private final Map<Long, Map<String, CompiledJob.OperatorOwner>> owners = new HashMap<>();
  private final Map<String, Set<String>> statements = new HashMap<>();
  private final Map<Long, Map<String, Integer>> parallelism = new HashMap<>();
  private long nextId = 1;
  private long nextSavepointId = 1;

  public InMemoryJobStore(Clock clock) {
    this.clock = clock;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  @Override
  public synchronized List<Job> findAll() {
    return List.copyOf(jobs.values());
  }

  @Override
  public synchronized List<Job> findByStates(Collection<JobState> states) {
    return jobs.values().stream().filter(j -> states.contains(j.state())).toList();
  }

  @Override
  public synchronized Optional<Job> findById(long id) {
    return Optional.ofNullable(jobs.get(id));
  }

  @Override
  public synchronized Optional<Job> findByName(String name) {
    return jobs.values().stream().filter(j -> j.name().equals(name)).findFirst();
  }

  @Override
  public synchronized long insert(String name, String type, long clusterId, String project) {
    if (findByName(name).isPresent()) {
      throw new IllegalStateException("duplicate job name " + name);
    }
    long id = nextId++;
    jobs.put(
        id,
        new Job(
            id,
            name,
            type,
            clusterId,
            0,
            DesiredState.STOPPED,
            JobState.CREATED,
            null,
            null,
            null,
            null,
            null,
            now(),
            now(),
            null,
            null,
            project));
    return id;
  }

  @Override
  public synchronized JobVersion addVersion(
      long jobId, String script, String author, String comment) {
    List<JobVersion> list = versions.computeIfAbsent(jobId, k -> new ArrayList<>());
    JobVersion v = new JobVersion(jobId, list.size() + 1, script, author, comment, now());
    list.add(v);
    Job j = jobs.get(jobId);
    put(
        new Job(
            j.id(),
            j.name(),
            j.type(),
            j.clusterId(),
            v.version(),
            j.desiredState(),
            j.state(),
            j.flinkJobId(),
            j.deployedVersion(),
            j.startedAt(),
            j.lastCheckpoint(),
            j.lastError(),
            j.createdAt(),
            now(),
            j.defaultParallelism(),
            j.maxParallelism(),
            j.project()));
    return v;
  }

  @Override
  public synchronized List<JobVersion> versions(long jobId) {
    return List.copyOf(versions.getOrDefault(jobId, List.of()));
  }

  @Override
  public synchronized Optional<JobVersion> version(long jobId, int version) {
    return versions.getOrDefault(jobId, List.of()).stream()
        .filter(v -> v.version() == version)
        .findFirst();
  }

  @Override
  public synchronized void setCluster(long jobId, long clusterId) {
    Job j = jobs.get(jobId);
    put(
        new Job(
            j.id(),
            j.name(),
            j.type(),
            clusterId,
            j.currentVersion(),
            j.desiredState(),
            j.state(),
            j.flinkJobId(),
            j.deployedVersion(),
            j.startedAt(),
            j.lastCheckpoint(),
            j.lastError(),
            j.createdAt(),
            now(),
            j.defaultParallelism(),
            j.maxParallelism(),
            j.project()));
  }

  @Override
  public synchronized void markSubmitting(long jobId, String flinkJobId, int version) {
    Job j = jobs.get(jobId);
    put(
        new Job(
            j.id(),
            j.name(),
            j.type(),
            j.clusterId(),
            j.currentVersion(),
            DesiredState.RUNNING,
            JobState.SUBMITTING,
            flinkJobId,
            version,
            now(),
            j.lastCheckpoint(),
            null,
            j.createdAt(),
            now(),
            j.defaultParallelism(),
            j.maxParallelism(),
            j.project()));
  }

  @Override
  public synchronized void restore(Job before) {
    Job j = jobs.get(before.id());
    put(
        new Job(
            j.id(),
            j.name(),
            j.type(),
            j.clusterId(),
            j.currentVersion(),
            before.desiredState(),
            before.state(),
            before.flinkJobId(),
            before.deployedVersion(),
            before.startedAt(),
            j.lastCheckpoint(),
            before.lastError(),
            j.createdAt(),
            now(),
            j.defaultParallelism(),
            j.maxParallelism(),
            j.project()));
  }

  @Override
  public synchronized void updateState(long jobId, JobState state, String error) {
    Job j = jobs.get(jobId);
    put(with(j, j.desiredState(), state, j.lastCheckpoint(), error));
  }

  @Override
  public synchronized void updateDesired(long jobId, DesiredState desired) {
    Job j = jobs.get(jobId);
    put(with(j, desired, j.state(), j.lastCheckpoint(), j.lastError()));
  }

  @Override
  public synchronized void updateObserved(
      long jobId, JobState state, String lastCheckpoint, String error) {
    Job j = jobs.get(jobId);
    put(
        with(
            j,
            j.desiredState(),
            state,
            lastCheckpoint != null ? lastCheckpoint : j.lastCheckpoint(),
            error != null ? error : j.lastError()));
  }

  @Override
  public synchronized void recordCheckpoint(long jobId, String path) {
    Job j = jobs.get(jobId);
    put(with(j, j.desiredState(), j.state(), path, j.lastError()));
  }

  @Override
  public synchronized void addOperatorOwners(
      long jobId, String flinkJobId, Map<String, CompiledJob.OperatorOwner> operators) {
    owners.computeIfAbsent(jobId, k -> new HashMap<>()).putAll(operators);
    operators
        .values()
        .forEach(
            o ->
                statements
                    .computeIfAbsent(flinkJobId, k -> new java.util.HashSet<>())
                    .add(o.statement()));
  }

  @Override
  public synchronized Set<String> deploymentStatements(long jobId, String flinkJobId) {
    return Set.copyOf(statements.getOrDefault(flinkJobId, Set.of()));
  }

  @Override
  public synchronized void setParallelism(
      long jobId,
      Integer defaultParallelism,
      Integer maxParallelism,
      Map<String, Integer> operators) {
    Job j = jobs.get(jobId);
    put(
        new Job(
            j.id(),
            j.name(),
            j.type(),
            j.clusterId(),
            j.currentVersion(),
            j.desiredState(),
            j.state(),
            j.flinkJobId(),
            j.deployedVersion(),
            j.startedAt(),
            j.lastCheckpoint(),
            j.lastError(),
            j.createdAt(),
            now(),
            defaultParallelism,
            maxParallelism,
            j.project()));
    parallelism.put(jobId, new TreeMap<>(operators));
  }

  @Override
  public synchronized Map<String, Integer> operatorParallelism(long jobId) {
    return new TreeMap<>(parallelism.getOrDefault(jobId, Map.of()));
  }

  @Override
  public synchronized Set<String> operatorUids(long jobId) {
    Set<String> uids = new HashSet<>();
    owners.getOrDefault(jobId, Map.of()).values().forEach(o -> uids.add(o.uid()));
    return uids;
  }

  @Override
  public synchronized Map<String, String> operatorOwners(long jobId) {
    Map<String, String> result = new HashMap<>();
    owners.getOrDefault(jobId, Map.of()).forEach((id, o) -> result.put(id, o.statement()));
    return result;
  }

  @Override
  public synchronized void addSavepoint(
      long jobId, String flinkJobId, int version, SavepointKind kind, String path) {
    savepoints
        .computeIfAbsent(jobId, k -> new ArrayList<>())
        .add(0, new Savepoint(nextSavepointId++, jobId, flinkJobId, version, kind, path, now()));
  }

  @Override
  public synchronized List<Savepoint> savepoints(long jobId) {
    return List.copyOf(savepoints.getOrDefault(jobId, List.of()));
  }

  /** Sets a job as given (for a test's starting point). */
  public synchronized void put(Job job) {
    jobs.put(job.id(), job);
  }

  private Job with(
      Job j, DesiredState desired, JobState state, String lastCheckpoint, String error) {
    return new Job(
        j.id(),
        j.name(),
        j.type(),
        j.clusterId(),
        j.currentVersion(),
        desired,
        state,
        j.flinkJobId(),
        j.deployedVersion(),
        j.startedAt(),
        lastCheckpoint,
        error,
        j.createdAt(),
        now(),
        j.defaultParallelism(),
        j.maxParallelism(),
        j.project());
  }
}
