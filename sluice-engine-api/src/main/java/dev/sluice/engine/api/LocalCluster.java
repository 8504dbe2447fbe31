package dev.sluice.engine.api;

import java.nio.file.Path;

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
}
