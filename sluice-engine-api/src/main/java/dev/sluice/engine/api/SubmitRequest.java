package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A script to compile and submit.
 *
 * @param compile the script
 * @param restUrl REST address of the target session cluster
 * @param jobId the Flink job id to use (32 hex digits), chosen by the caller and stored before the
 *     submission, so that a retried or interrupted submission can never run the job twice
 * @param restorePath savepoint or checkpoint to restore from, if any
 */
public record SubmitRequest(
    CompileRequest compile, String restUrl, String jobId, Optional<String> restorePath) {
  public SubmitRequest {
    requireNonNull(compile, "compile is null");
    requireNonNull(restUrl, "restUrl is null");
    requireNonNull(jobId, "jobId is null");
    requireNonNull(restorePath, "restorePath is null");
    if (!jobId.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("jobId must be 32 lower-case hex digits: " + jobId);
    }
  }
}
