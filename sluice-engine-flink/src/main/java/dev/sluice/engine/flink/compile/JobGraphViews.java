package dev.sluice.engine.flink.compile;

import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.flink.state.StableUids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;

/** Describes a job graph for users: vertices with their chained operators, edges with shipping. */
public final class JobGraphViews {
  private JobGraphViews() {}

  /**
   * The owner of a uid. Flink derives the uids of some operators from their transformation's (a
   * sink's writer, "Sink Committer: " + uid), so the longest owned uid contained in it counts.
   */
  static Optional<StableUids.Owner> owner(String uid, Map<String, StableUids.Owner> owners) {
    if (uid == null) {
      return Optional.empty();
    }
    StableUids.Owner best = null;
    for (StableUids.Owner o : owners.values()) {
      if (uid.contains(o.uid()) && (best == null || o.uid().length() > best.uid().length())) {
        best = o;
      }
    }
    return Optional.ofNullable(best);
  }

  public static JobGraphView describe(StreamGraph streamGraph, JobGraph jobGraph) {
    return describe(streamGraph, jobGraph, Map.of());
  }

  /** With the owners of the stable uids, so that each operator names its statement. */
  public static JobGraphView describe(
      StreamGraph streamGraph, JobGraph jobGraph, Map<String, StableUids.Owner> owners) {
    // The same hashes the job graph generator used, so operator ids can be named.
    Map<Integer, byte[]> hashes =
        new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(streamGraph);
    Map<OperatorID, StreamNode> nodes = new HashMap<>();
    for (StreamNode node : streamGraph.getStreamNodes()) {
      byte[] hash = hashes.get(node.getId());
      if (hash != null) {
        nodes.put(new OperatorID(hash), node);
      }
    }
    List<JobGraphView.Vertex> vertices = new ArrayList<>();
    List<JobGraphView.Edge> edges = new ArrayList<>();
    for (JobVertex vertex : jobGraph.getVerticesSortedTopologicallyFromSources()) {
      List<JobGraphView.Operator> operators = new ArrayList<>();
      List<OperatorIDPair> ids = vertex.getOperatorIDs();
      // Flink lists a chain's operators from its tail to its head.
      for (int i = ids.size() - 1; i >= 0; i--) {
        OperatorID id = ids.get(i).getGeneratedOperatorID();
        StreamNode node = nodes.get(id);
        String uid = node == null ? null : node.getTransformationUID();
        operators.add(
            new JobGraphView.Operator(
                id.toHexString(),
                node == null ? "?" : node.getOperatorName(),
                uid,
                owner(uid, owners).map(StableUids.Owner::statementKey).orElse(null)));
      }
      vertices.add(
          new JobGraphView.Vertex(
              vertex.getID().toHexString(),
              vertex.getName(),
              vertex.getParallelism(),
              vertex.getMaxParallelism(),
              operators));
      for (JobEdge input : vertex.getInputs()) {
        edges.add(
            new JobGraphView.Edge(
                input.getSource().getProducer().getID().toHexString(),
                vertex.getID().toHexString(),
                String.valueOf(input.getShipStrategyName())));
      }
    }
    return new JobGraphView(vertices, edges);
  }
}
