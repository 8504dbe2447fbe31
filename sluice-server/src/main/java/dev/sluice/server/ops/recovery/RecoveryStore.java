package dev.sluice.server.ops.recovery;

import java.time.Instant;
import java.util.Optional;

/** The jobs' own recovery policies and the policy's progress with each job. */
public interface RecoveryStore {

  /** The job's own policy; empty when it follows its tier's default. */
  Optional<RecoveryPolicy> policy(long jobId);

  void savePolicy(long jobId, RecoveryPolicy policy, String author, Instant at);

  Optional<RecoveryProgress> progress(long jobId);

  void saveProgress(RecoveryProgress progress, Instant at);
}
