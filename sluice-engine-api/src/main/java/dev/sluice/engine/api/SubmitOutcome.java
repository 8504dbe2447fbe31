package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

/**
 * What became of a job graph sent to a cluster. A submission that failed did so in exactly one of
 * three ways, and only two of them prove that no job was started: the caller may forget a
 * submission that was {@link Rejected} or {@link NotSent}, never one whose outcome is {@link
 * Unknown} (the job may be running under the id it was given).
 */
public sealed interface SubmitOutcome {

  /** The job id the graph carried. */
  String jobId();

  /** The cluster accepted the job (also when it answered that the job was already submitted). */
  record Accepted(String jobId) implements SubmitOutcome {
    public Accepted {
      requireNonNull(jobId, "jobId is null");
    }
  }

  /**
   * The cluster answered and refused the job: no job runs under its id.
   *
   * @param cause the cluster's reason, as a message for people
   */
  record Rejected(String jobId, String cause) implements SubmitOutcome {
    public Rejected {
      requireNonNull(jobId, "jobId is null");
      requireNonNull(cause, "cause is null");
    }
  }

  /**
   * No connection to the cluster was made: nothing reached it.
   *
   * @param cause why not, as a message for people
   */
  record NotSent(String jobId, String cause) implements SubmitOutcome {
    public NotSent {
      requireNonNull(jobId, "jobId is null");
      requireNonNull(cause, "cause is null");
    }
  }

  /**
   * The graph was sent (or may have been) and no answer came: the job may or may not run. Ask the
   * cluster for the job id before submitting anything again.
   *
   * @param cause what went wrong after sending, as a message for people
   */
  record Unknown(String jobId, String cause) implements SubmitOutcome {
    public Unknown {
      requireNonNull(jobId, "jobId is null");
      requireNonNull(cause, "cause is null");
    }
  }
}
