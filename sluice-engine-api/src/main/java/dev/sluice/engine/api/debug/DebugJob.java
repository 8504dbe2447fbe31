package dev.sluice.engine.api.debug;

import java.util.List;

/** A compiled debug job: its taps and the means to submit it. */
public interface DebugJob {
  String jobId();

  List<DebugStep> steps();

  List<String> attachedJars();

  /** Submits the job to a session cluster. */
  void submit(String restUrl);
}
