package dev.sluice.server.ops.runtime;

import java.time.Instant;
import java.util.List;

/**
 * The graph of a job as its cluster runs it, with live rates per vertex.
 *
 * @param flinkJobId the job's latest Flink job; null when it was never deployed
 * @param state the Flink job's state ({@code RUNNING}, {@code RESTARTING}, {@code FAILED}...); null
 *     when there is no Flink job the cluster knows (then {@code vertices} is empty)
 * @param at when the cluster was asked
 */
public record JobVertices(
    String job, long jobId, String flinkJobId, String state, Instant at, List<Vertex> vertices) {
  public JobVertices {
    vertices = List.copyOf(vertices);
  }

  /**
   * One vertex: a chain of operators run as one task.
   *
   * @param id Flink's vertex id (as in the job's metrics and Flink's web UI)
   * @param status the vertex's execution state ({@code RUNNING}, {@code INITIALIZING}...)
   * @param operators the chained operators' names, head first
   * @param statement the key of the statement the vertex's operators belong to ({@code shared} or
   *     {@code source:<table>} for a vertex of no single statement), as in the plan; null when it
   *     cannot be told
   * @param uid the stable uid of the vertex's head operator; null when it cannot be told
   * @param inputs the vertices it reads from, with how records are distributed
   * @param recordsInPerSecond records taken in per second, summed over subtasks; for a source, what
   *     its source operators emit; null while the vertex does not run or reports nothing
   * @param recordsOutPerSecond records sent on per second, summed over subtasks
   * @param busyPercent time busy, the busiest subtask's, 0-100
   * @param backpressuredPercent time back-pressured, the most back-pressured subtask's, 0-100
   * @param idlePercent time idle, the most idle subtask's, 0-100
   */
  public record Vertex(
      String id,
      String name,
      int parallelism,
      int maxParallelism,
      String status,
      List<String> operators,
      String statement,
      String uid,
      List<Input> inputs,
      Double recordsInPerSecond,
      Double recordsOutPerSecond,
      Double busyPercent,
      Double backpressuredPercent,
      Double idlePercent) {
    public Vertex {
      operators = List.copyOf(operators);
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * @param id the producing vertex
   * @param shipStrategy Flink's name for the distribution: {@code FORWARD}, {@code HASH}, {@code
   *     REBALANCE}, {@code GLOBAL}, ...
   */
  public record Input(String id, String shipStrategy) {}
}
