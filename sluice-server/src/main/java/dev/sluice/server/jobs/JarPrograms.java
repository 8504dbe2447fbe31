package dev.sluice.server.jobs;

import dev.sluice.engine.api.artifacts.JarProgram;
import java.util.Map;

/** The program a jar job's version runs: its artifact version's jar, entry class and arguments. */
public interface JarPrograms {
  /** No jar jobs (the server's unit tests). */
  JarPrograms NONE =
      (job, settings, defaults) -> {
        throw new IllegalStateException("jar jobs are not available here");
      };

  /**
   * @param settings the version's settings as saved (JSON)
   * @param defaults the platform's job options, which the version's configuration overrides
   */
  JarProgram program(Job job, String settings, Map<String, String> defaults);
}
