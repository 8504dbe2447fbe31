package dev.sluice.engine.flink.compile;

import dev.sluice.engine.api.JobGraphView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  public static JobGraphView describe(StreamGraph streamGraph, JobGraph jobGraph) {
    // The same hashes the job graph generator used, so operator ids can be named.
    Map<Integer, byte[]> hashes =
        new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(streamGraph);
    Map<OperatorID, String> names = new HashMap<>();
    for (StreamNode node : streamGraph.getStreamNodes()) {
      byte[] hash = hashes.get(node.getId());
      if (hash != null) {
        names.put(new OperatorID(hash), node.getOperatorName());
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
        operators.add(new JobGraphView.Operator(id.toHexString(), names.getOrDefault(id, "?")));
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
