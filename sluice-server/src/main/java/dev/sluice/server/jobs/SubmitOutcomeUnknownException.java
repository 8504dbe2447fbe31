package dev.sluice.server.jobs;

/**
 * A job graph was sent and the cluster did not answer: the job may be running. The deployment keeps
 * its Flink job id; the reconciler finds out which it is.
 */
public final class SubmitOutcomeUnknownException extends RuntimeException {
  private final String flinkJobId;

  public SubmitOutcomeUnknownException(String jobName, String flinkJobId, String cause) {
    super(
        "Job '"
            + jobName
            + "' was sent to the cluster as Flink job "
            + flinkJobId
            + " but no answer came ("
            + cause
            + "). Sluice keeps that id and checks the cluster for it: the job's state shows"
            + " RUNNING once the cluster reports it, LOST if it never arrived");
    this.flinkJobId = flinkJobId;
  }

  public String flinkJobId() {
    return flinkJobId;
  }
}
