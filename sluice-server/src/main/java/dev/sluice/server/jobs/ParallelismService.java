package dev.sluice.server.jobs;

import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.ExplainResult;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A job's parallelism: its default, its max (pinned once it has state) and overrides per operator
 * by stable uid, validated against the compiled job before they are stored; applied at the next
 * deploy.
 */
@Service
public class ParallelismService {
  private final Engine engine;
  private final JobStore jobs;
  private final ScriptService scripts;
  private final JobLocks locks;
  private final CompileRequests requests;

  public ParallelismService(
      Engine engine,
      JobStore jobs,
      ScriptService scripts,
      JobLocks locks,
      CompileRequests requests) {
    this.engine = engine;
    this.jobs = jobs;
    this.scripts = scripts;
    this.locks = locks;
    this.requests = requests;
  }

  /** The job's parallelism settings and the operators they can name. */
  public record ParallelismSettings(
      Integer defaultParallelism,
      int maxParallelism,
      Map<String, Integer> operators,
      ExplainResult plan) {}

  /**
   * The graph of a job that runs a program rather than a script (a sync, a jar), at the given
   * default parallelism; empty for a SQL job.
   */
  private java.util.Optional<ExplainResult> programPlan(Job job, Integer defaultParallelism) {
    String text = scripts.current(job.id()).script();
    if (DeploymentService.isSync(job)) {
      dev.sluice.engine.api.sync.SyncProgram p = requests.syncProgram(job, text, false).program();
      return java.util.Optional.of(
          engine.explainSync(
              new dev.sluice.engine.api.sync.SyncProgram(
                  p.jobName(), p.source(), p.tables(), defaultParallelism, p.configuration())));
    }
    if (DeploymentService.isJar(job)) {
      return java.util.Optional.of(engine.explainJar(requests.jarProgram(job, text)));
    }
    return java.util.Optional.empty();
  }

  public ParallelismSettings parallelism(long jobId) {
    Job job = scripts.get(jobId);
    ExplainResult plan =
        programPlan(job, job.defaultParallelism())
            .orElseGet(
                () ->
                    engine.explain(
                        requests.of(
                            job, scripts.current(jobId).script(), jobs.operatorUids(jobId))));
    return new ParallelismSettings(
        job.defaultParallelism(),
        CompileRequests.maxParallelism(job),
        jobs.operatorParallelism(jobId),
        plan);
  }

  /**
   * Validates and stores the job's parallelism: default, max (pinned once the job has state) and
   * per operator by stable uid. Applied at the next deploy; nothing is stored when anything is
   * wrong.
   */
  public ParallelismSettings setParallelism(
      long jobId,
      Integer defaultParallelism,
      Integer maxParallelism,
      Map<String, Integer> operators) {
    return locks.withLock(
        jobId,
        () -> {
          Job job = scripts.get(jobId);
          int current = CompileRequests.maxParallelism(job);
          int max = maxParallelism == null ? current : maxParallelism;
          if (max < 1 || max > 32768) {
            throw new InvalidRequestException(
                "max parallelism must be between 1 and 32768, got " + max);
          }
          if (defaultParallelism != null && (defaultParallelism < 1 || defaultParallelism > max)) {
            throw new InvalidRequestException(
                "default parallelism must be between 1 and the max parallelism "
                    + max
                    + ", got "
                    + defaultParallelism);
          }
          if (max != current
              && (!jobs.savepoints(jobId).isEmpty() || job.lastCheckpoint() != null)) {
            throw new ConflictException(
                "The max parallelism of job '"
                    + job.name()
                    + "' is pinned at "
                    + current
                    + " because it has state: keyed state cannot be restored under another max"
                    + " parallelism");
          }
          Map<String, Integer> ops = operators == null ? Map.of() : operators;
          ops.forEach(
              (uid, p) -> {
                if (p == null || p < 1) {
                  throw new InvalidRequestException(
                      "Parallelism of operator '" + uid + "' must be a positive number, got " + p);
                }
              });
          if (!ops.isEmpty() && !"SQL".equals(job.type())) {
            throw new InvalidRequestException(
                "Job '"
                    + job.name()
                    + "' is a "
                    + job.type()
                    + " job: its operators run at the job's default parallelism; parallelism per"
                    + " operator is set on SQL jobs");
          }
          ExplainResult plan =
              programPlan(job, defaultParallelism)
                  .orElseGet(
                      () ->
                          engine.explain(
                              requests.of(
                                  job,
                                  scripts.current(jobId).script(),
                                  jobs.operatorUids(jobId),
                                  ops,
                                  defaultParallelism,
                                  max)));
          java.util.Set<String> known = new java.util.HashSet<>();
          plan.graph().vertices().forEach(v -> v.operators().forEach(o -> known.add(o.uid())));
          List<String> unknown =
              ops.keySet().stream().filter(uid -> !known.contains(uid)).sorted().toList();
          if (!unknown.isEmpty()) {
            throw new InvalidRequestException(
                "Unknown operator id(s) "
                    + unknown
                    + ": GET /api/v1/jobs/"
                    + jobId
                    + "/plan lists the operators with their uids");
          }
          jobs.setParallelism(jobId, defaultParallelism, max, ops);
          return parallelism(jobId);
        });
  }
}
