package dev.sluice.server.secrets;

/** Where each key handed to a running job is recorded: the platform's audit log. */
public interface KeyUseRecorder {

  /**
   * A deployment of the job was handed the key's material.
   *
   * @param flinkJobId the deployment, by the Flink job id it runs as
   */
  void keyUsed(long jobId, String flinkJobId, String keyName);
}
