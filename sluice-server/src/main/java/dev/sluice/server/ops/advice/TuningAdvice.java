package dev.sluice.server.ops.advice;

import java.time.Instant;
import java.util.List;

/**
 * The tuning advice for a running job: per vertex the parallelism it needs, per TaskManager of its
 * cluster whether its memory is right.
 *
 * @param targetUtilization the busy fraction the vertices are sized for
 * @param catchUp the time a backlog should be read in ({@code 5m})
 * @param changes whether any vertex should run at another parallelism
 */
public record TuningAdvice(
    String job,
    long jobId,
    String flinkJobId,
    Instant at,
    double targetUtilization,
    String catchUp,
    boolean changes,
    List<VertexAdvice> vertices,
    List<MemoryAdvice> taskManagers) {
  public TuningAdvice {
    vertices = List.copyOf(vertices);
    taskManagers = List.copyOf(taskManagers);
  }
}
