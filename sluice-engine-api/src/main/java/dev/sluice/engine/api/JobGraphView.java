package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A job graph as users see it: vertices (chains of operators) and the edges between them. */
public record JobGraphView(List<Vertex> vertices, List<Edge> edges) {
  public JobGraphView {
    vertices = List.copyOf(vertices);
    edges = List.copyOf(edges);
  }

  /**
   * A task: one or more operators chained into one thread.
   *
   * @param id the vertex id Flink uses
   * @param name the vertex name
   * @param parallelism its parallelism
   * @param maxParallelism its max parallelism (number of key groups), -1 when not set
   * @param operators the chained operators, head first
   */
  public record Vertex(
      String id, String name, int parallelism, int maxParallelism, List<Operator> operators) {
    public Vertex {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      operators = List.copyOf(operators);
    }
  }

  /**
   * One operator of a chain.
   *
   * @param id the operator id (its uid hash, which savepoint state is keyed by)
   * @param name the operator name
   * @param uid the stable uid Sluice gave it, null where it has none
   * @param statement the key of the statement it belongs to ({@code shared} or {@code source:...}
   *     for nodes of several statements), null where unknown
   */
  public record Operator(String id, String name, String uid, String statement) {
    public Operator {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
    }
  }

  /**
   * A data exchange between two vertices.
   *
   * @param source id of the producing vertex
   * @param target id of the consuming vertex
   * @param shipStrategy how records are distributed (FORWARD, HASH, REBALANCE, GLOBAL, ...)
   */
  public record Edge(String source, String target, String shipStrategy) {
    public Edge {
      requireNonNull(source, "source is null");
      requireNonNull(target, "target is null");
      requireNonNull(shipStrategy, "shipStrategy is null");
    }
  }
}
