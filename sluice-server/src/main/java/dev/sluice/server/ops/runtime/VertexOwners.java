package dev.sluice.server.ops.runtime;

import dev.sluice.engine.api.JobGraphView;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The statement and stable uid of each vertex of a deployed job. Flink derives a vertex's id from
 * its head operator's uid, and Sluice's uids depend only on the script (docs/state-evolution.md),
 * so the job graph compiled again from the deployed version has the running job's vertex ids. Where
 * it does not (an older deployment's uids), the operator owners recorded at the deploy still name
 * the head operator's statement, whose operator id is the vertex id.
 */
final class VertexOwners {
  /** Statement keys of operators that no single statement owns. */
  static final String SHARED = "shared";

  static final String SOURCE_PREFIX = "source:";

  /**
   * @param statement the statement key ({@code shared} or {@code source:...} for a vertex of no
   *     single statement); null when unknown
   * @param uid the head operator's stable uid; null when unknown
   */
  record Owner(String statement, String uid) {}

  private final Map<String, Owner> byVertex;

  private VertexOwners(Map<String, Owner> byVertex) {
    this.byVertex = Map.copyOf(byVertex);
  }

  static VertexOwners none() {
    return new VertexOwners(Map.of());
  }

  /**
   * From the compiled graph, else from the recorded operator owners (operator id to statement key).
   */
  static VertexOwners of(Optional<JobGraphView> graph, Map<String, String> operatorStatements) {
    Map<String, Owner> owners = new HashMap<>();
    operatorStatements.forEach(
        (operatorId, statement) -> {
          if (statement != null) {
            owners.put(operatorId, new Owner(statement, null));
          }
        });
    graph.ifPresent(
        g -> {
          for (JobGraphView.Vertex v : g.vertices()) {
            owners.put(v.id(), owner(v));
          }
        });
    return new VertexOwners(owners);
  }

  Optional<Owner> owner(String vertexId) {
    return Optional.ofNullable(byVertex.get(vertexId));
  }

  /**
   * The one statement the vertex's own operators belong to; {@code shared} when they belong to
   * several; the head's key (a source's, or {@code shared}) when none is one statement's.
   */
  static Owner owner(JobGraphView.Vertex vertex) {
    List<JobGraphView.Operator> operators = vertex.operators();
    Set<String> statements = new LinkedHashSet<>();
    String first = null;
    for (JobGraphView.Operator op : operators) {
      String s = op.statement();
      if (s == null) {
        continue;
      }
      if (first == null) {
        first = s;
      }
      if (!s.equals(SHARED) && !s.startsWith(SOURCE_PREFIX)) {
        statements.add(s);
      }
    }
    String statement =
        statements.size() == 1
            ? statements.iterator().next()
            : statements.size() > 1 ? SHARED : first;
    String uid = operators.isEmpty() ? null : operators.get(0).uid();
    return new Owner(statement, uid);
  }
}
