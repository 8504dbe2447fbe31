package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A job accepted by a cluster.
 *
 * @param jobId the Flink job id
 * @param attachedJars file names of the jars shipped with the job
 */
public record Submission(String jobId, List<String> attachedJars) {
  public Submission {
    requireNonNull(jobId, "jobId is null");
    attachedJars = List.copyOf(attachedJars);
  }
}
