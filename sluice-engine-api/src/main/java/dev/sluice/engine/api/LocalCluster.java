package dev.sluice.engine.api;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A standalone session cluster run as child JVM processes (one JobManager, one TaskManager).
 *
 * <p>The processes outlive a crashed server on purpose: a restarted server adopts them (by their
 * pid files) and re-attaches to the jobs still running there.
 */
public interface LocalCluster {

  /** Starts the cluster, or adopts it when its processes from an earlier server are still alive. */
  void start();

  /** True when the JobManager and TaskManager processes are alive. */
  boolean alive();

  /** The REST address, for example {@code http://localhost:8081}. */
  String restUrl();

  /** Directory savepoints go to by default. */
  Path savepointDir();

  /** Directory checkpoints go to. */
  Path checkpointDir();

  /** Stops both processes, waiting for them to exit. */
  void stop();

  /** The two processes of the cluster. */
  enum Role {
    JOB_MANAGER,
    TASK_MANAGER
  }

  /** The pid of the role's process while it is alive. */
  OptionalLong pid(Role role);

  /**
   * Starts the role's process again after it died, with the configuration the cluster was started
   * with, and returns its pid. While a process of the role is alive (also one whose pid file was
   * lost) it is adopted instead and nothing is started: the cluster never has two of either.
   */
  long restart(Role role);
}
