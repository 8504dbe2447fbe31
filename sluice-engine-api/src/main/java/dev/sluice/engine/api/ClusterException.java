package dev.sluice.engine.api;

/** A cluster that cannot be reached, or that refused a request. */
public class ClusterException extends RuntimeException {
  private final boolean unreachable;

  public ClusterException(String message, boolean unreachable, Throwable cause) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  /** True when the cluster did not answer at all (as opposed to answering with an error). */
  public boolean unreachable() {
    return unreachable;
  }
}
