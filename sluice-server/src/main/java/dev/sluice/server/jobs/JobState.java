package dev.sluice.server.jobs;

/** What Sluice knows of a job's actual state. */
public enum JobState {
  /** Saved, never deployed. */
  CREATED(false),
  /**
   * Recorded before the job graph is sent, so an interrupted submission is found and never
   * repeated.
   */
  SUBMITTING(true),
  RUNNING(true),
  RESTARTING(true),
  STOPPING(true),
  STOPPED(false),
  FINISHED(false),
  FAILED(false),
  /**
   * Stopped with a savepoint because its cluster (the local one) shut down with the server; resumed
   * from that savepoint when the server starts again.
   */
  SUSPENDED(false),
  /** The cluster no longer knows the job (cluster restarted, job removed outside Sluice). */
  LOST(false);

  private final boolean active;

  JobState(boolean active) {
    this.active = active;
  }

  public boolean active() {
    return active;
  }
}
