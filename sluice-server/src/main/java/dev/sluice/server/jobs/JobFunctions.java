package dev.sluice.server.jobs;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.artifacts.UserFunction;
import java.util.List;
import java.util.Map;

/**
 * The registered functions a job's compile gets: those its version is pinned to, and those the
 * caller may not use (so that a call of one is refused where it stands).
 */
public interface JobFunctions {
  /** No registered functions: the job's scripts call only built-in ones. */
  JobFunctions NONE =
      new JobFunctions() {
        @Override
        public CompileRequest apply(Job job, String script, CompileRequest request) {
          return request;
        }

        @Override
        public void deployed(Job job, JobVersion version) {}

        @Override
        public void pin(Job job, JobVersion version) {}

        @Override
        public CompileRequest pinned(JobVersion version, CompileRequest request) {
          return request;
        }

        @Override
        public Resolved forProject(String project, String script) {
          return new Resolved(List.of(), Map.of());
        }
      };

  /** The registered functions a script calls, and those of them the caller may not use. */
  record Resolved(List<UserFunction> functions, Map<String, String> denied) {
    public CompileRequest applyTo(CompileRequest request) {
      return request.withFunctions(functions, denied);
    }
  }

  /** For a script of the project that is no job's version: a debug run's, a metric group's. */
  Resolved forProject(String project, String script);

  CompileRequest apply(Job job, String script, CompileRequest request);

  /** Pins a just saved version to the functions it calls, as they are registered now. */
  void pin(Job job, JobVersion version);

  /**
   * The request with the functions the version is pinned to, whoever asks (for its lineage, which
   * is the platform's record, not a use).
   */
  CompileRequest pinned(JobVersion version, CompileRequest request);

  /** Records that a version calling registered functions was deployed (each use is audited). */
  void deployed(Job job, JobVersion version);
}
