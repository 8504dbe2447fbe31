package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where and how to run the local standalone session cluster.
 *
 * @param workDir directory for its configuration, logs, pid files, checkpoints and savepoints
 * @param restPort port of the JobManager REST API and web UI
 * @param taskSlots task slots of the single TaskManager
 * @param taskManagerMemory total process memory of the TaskManager, Flink syntax (for example
 *     1728m)
 * @param jobManagerMemory total process memory of the JobManager, Flink syntax
 */
public record LocalClusterSpec(
    Path workDir, int restPort, int taskSlots, String taskManagerMemory, String jobManagerMemory) {
  public LocalClusterSpec {
    requireNonNull(workDir, "workDir is null");
    requireNonNull(taskManagerMemory, "taskManagerMemory is null");
    requireNonNull(jobManagerMemory, "jobManagerMemory is null");
    if (taskSlots < 1) {
      throw new IllegalArgumentException("taskSlots must be positive");
    }
  }
}
