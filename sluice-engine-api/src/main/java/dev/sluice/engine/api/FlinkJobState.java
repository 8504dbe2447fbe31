package dev.sluice.engine.api;

/** A job's state as the cluster reports it (Flink's {@code JobStatus}). */
public enum FlinkJobState {
  INITIALIZING(false),
  CREATED(false),
  RUNNING(false),
  FAILING(false),
  FAILED(true),
  CANCELLING(false),
  CANCELED(true),
  FINISHED(true),
  RESTARTING(false),
  SUSPENDED(true),
  RECONCILING(false);

  private final boolean terminal;

  FlinkJobState(boolean terminal) {
    this.terminal = terminal;
  }

  /** True for states after which the job will not run again by itself. */
  public boolean terminal() {
    return terminal;
  }
}
