package dev.sluice.server.jobs;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.StatementInfo;
import dev.sluice.server.config.CallbackUrl;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.secrets.SecretResolver;
import dev.sluice.server.secrets.SecretStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Builds the engine's compile request for a job: its script with the job-level defaults
 * (checkpointing, checkpoint retention, pinned max parallelism), its parallelism settings, and the
 * operator uids of its earlier deployments.
 */
@Component
public class CompileRequests {
  static final int DEFAULT_MAX_PARALLELISM = 128;
  private final SluiceProperties properties;
  private final JobStore jobs;
  private final SecretStore secrets;
  private final SecretResolver resolver;
  private final CallbackUrl callbackUrl;
  private final JobFunctions functions;
  private final JarPrograms jarPrograms;
  private final SyncPrograms syncPrograms;

  public CompileRequests(
      SluiceProperties properties,
      JobStore jobs,
      SecretStore secrets,
      SecretResolver resolver,
      CallbackUrl callbackUrl,
      JobFunctions functions,
      JarPrograms jarPrograms,
      SyncPrograms syncPrograms) {
    this.syncPrograms = syncPrograms;
    this.functions = functions;
    this.jarPrograms = jarPrograms;
    this.properties = properties;
    this.jobs = jobs;
    this.secrets = secrets;
    this.resolver = resolver;
    this.callbackUrl = callbackUrl;
  }

  /**
   * The request of a compile whose job graph goes to the cluster (or decides what a submit would
   * restore): the only one where {@code ${secret:name}} references are replaced by the values.
   *
   * @param statements the script's statements, asked for only to number wrong references
   */
  Submission forSubmit(
      Job job, String script, Set<String> knownUids, Supplier<List<StatementInfo>> statements) {
    java.util.Set<String> used = new java.util.TreeSet<>(SecretStore.references(script));
    dev.sluice.server.secrets.SecretReferences.find(script).forEach(r -> used.add(r.name()));
    secrets.requireInProject(used, job.project());
    SecretResolver.Resolution resolution = resolver.resolve(script, statements);
    // Functions are found by the script as saved, not with its secrets' values in it.
    return new Submission(of(job, script, knownUids).withScript(resolution.script()), resolution);
  }

  /** What is wrong with a script's secret references, for validation. */
  List<Problem> secretProblems(String script, List<StatementInfo> statements) {
    return resolver.problems(script, statements);
  }

  /** A compile request with its secrets resolved, and how to keep their values out of messages. */
  record Submission(CompileRequest request, SecretResolver.Resolution secrets) {}

  /** The job's stored parallelism settings apply. */
  CompileRequest of(Job job, String script, Set<String> knownUids) {
    return of(
        job,
        script,
        knownUids,
        jobs.operatorParallelism(job.id()),
        job.defaultParallelism(),
        job.maxParallelism());
  }

  /**
   * With the given parallelism settings instead of the stored ones (to check them before storing).
   */
  CompileRequest of(
      Job job,
      String script,
      Set<String> knownUids,
      Map<String, Integer> operatorParallelism,
      Integer defaultParallelism,
      Integer maxParallelism) {
    Map<String, String> config = defaults(defaultParallelism, maxParallelism);
    Set<String> keys = SecretStore.references(script);
    if (!keys.isEmpty()) {
      List<String> unknown = keys.stream().filter(k -> !secrets.exists(k)).toList();
      if (!unknown.isEmpty()) {
        throw new UnknownKeyReferenceException(unknown);
      }
      // Nothing about keys goes into the job's configuration, which Flink's REST API shows: each
      // submission gets a credential of its own in a class-path resource (DeploymentCredentials).
    }
    return functions.apply(
        job,
        script,
        new CompileRequest(job.name(), script, config, knownUids, operatorParallelism));
  }

  /**
   * Job-level defaults (a script's SET statements, a jar job's configuration override them).
   * Retention is a job setting in Flink, not a cluster one: without it a cancelled job's
   * checkpoints are deleted.
   */
  private Map<String, String> defaults(Integer defaultParallelism, Integer maxParallelism) {
    Map<String, String> config = new java.util.HashMap<>();
    config.put(
        "execution.checkpointing.interval",
        properties.jobs().checkpointInterval().toMillis() + "ms");
    config.put(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    // Pinned: Flink derives it from the parallelism otherwise, and a changed max parallelism makes
    // keyed state unrestorable.
    config.put(
        "pipeline.max-parallelism",
        Integer.toString(maxParallelism == null ? DEFAULT_MAX_PARALLELISM : maxParallelism));
    if (defaultParallelism != null) {
      config.put("parallelism.default", defaultParallelism.toString());
    }
    return config;
  }

  /** The program of a jar job's version, with the job-level defaults. */
  dev.sluice.engine.api.artifacts.JarProgram jarProgram(Job job, String settings) {
    return jarPrograms.program(
        job, settings, defaults(job.defaultParallelism(), job.maxParallelism()));
  }

  /** The program of a sync job's version, with the job-level defaults. */
  SyncPrograms.Program syncProgram(Job job, String settings, boolean submit) {
    return syncPrograms.program(
        job, settings, defaults(job.defaultParallelism(), job.maxParallelism()), submit);
  }

  /** A deploy of the version was accepted by the cluster. */
  void deployed(Job job, JobVersion version) {
    functions.deployed(job, version);
  }

  static int maxParallelism(Job job) {
    return job.maxParallelism() == null ? DEFAULT_MAX_PARALLELISM : job.maxParallelism();
  }
}
