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
 * @param prometheusPorts the port range Flink's Prometheus reporter of the JobManager and the
 *     TaskManager listen on (each takes the first free one), for example {@code 9249-9259}; empty
 *     for no reporter
 */
public record LocalClusterSpec(
    Path workDir,
    int restPort,
    int taskSlots,
    String taskManagerMemory,
    String jobManagerMemory,
    String prometheusPorts) {
  /** A cluster without a Prometheus reporter. */
  public LocalClusterSpec(
      Path workDir,
      int restPort,
      int taskSlots,
      String taskManagerMemory,
      String jobManagerMemory) {
    this(workDir, restPort, taskSlots, taskManagerMemory, jobManagerMemory, "");
  }

  public LocalClusterSpec {
    requireNonNull(prometheusPorts, "prometheusPorts is null");
    if (!prometheusPorts.isEmpty() && !prometheusPorts.matches("\\d{1,5}(-\\d{1,5})?")) {
      throw new IllegalArgumentException(
          "prometheusPorts must be a port or a range such as 9249-9259 (got "
              + prometheusPorts
              + ")");
    }
    requireNonNull(workDir, "workDir is null");
    requireNonNull(taskManagerMemory, "taskManagerMemory is null");
    requireNonNull(jobManagerMemory, "jobManagerMemory is null");
    if (taskSlots < 1) {
      throw new IllegalArgumentException("taskSlots must be positive");
    }
  }
}
