package dev.sluice.server.jobs;

import dev.sluice.engine.api.sync.SyncProgram;
import java.util.Map;

/**
 * The program a sync job's version runs: its definition (which data source, which tables, which
 * target) read against the source's catalog as it is now, so that a table or column added since the
 * last deploy is part of the next one.
 */
public interface SyncPrograms {
  /** No sync jobs (the server's unit tests). */
  SyncPrograms NONE =
      (job, settings, defaults, submit) -> {
        throw new IllegalStateException("sync jobs are not available here");
      };

  /**
   * @param settings the version's definition as saved (JSON)
   * @param defaults the platform's job options
   * @param submit whether the program goes to the cluster: only then are the passwords resolved and
   *     the JDBC target's tables created and given the columns added to their source tables
   * @throws dev.sluice.engine.api.ScriptException when the plan has problems, each a problem of the
   *     definition
   */
  Program program(Job job, String settings, Map<String, String> defaults, boolean submit);

  /**
   * @param secrets the secret values the program holds, by secret name, to keep out of messages
   */
  record Program(SyncProgram program, Map<String, String> secrets) {}
}
