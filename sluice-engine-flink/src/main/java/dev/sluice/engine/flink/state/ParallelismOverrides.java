package dev.sluice.engine.flink.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
import org.apache.flink.streaming.runtime.partitioner.GlobalPartitioner;

/**
 * Per-operator parallelism, set on the transformations (keyed by their stable uids) before the
 * stream graph is built.
 *
 * <p>An operator is set together with everything it is directly connected to (its forward group:
 * the operators linked without a planner exchange). Between groups the planner's own exchanges
 * (hash by key, rebalance, global) carry the data, so a changed parallelism never leaves a FORWARD
 * edge between different parallelisms, and changelog streams keep their keyed distribution. Groups
 * fed by a global exchange (global aggregations, sorts) run as one instance and stay at 1.
 */
public final class ParallelismOverrides {
  private ParallelismOverrides() {}

  /**
   * Applies the overrides whose uid is in the graph and returns the problems (nothing is applied
   * when there are any).
   *
   * @param sinks the sink transformations of the job
   * @param overrides uid to parallelism
   * @param maxParallelism the job's max parallelism
   */
  public static List<String> apply(
      List<Transformation<?>> sinks, Map<String, Integer> overrides, int maxParallelism) {
    Map<Transformation<?>, Transformation<?>> parent = new IdentityHashMap<>();
    Map<Transformation<?>, Boolean> singleton = new IdentityHashMap<>();
    Map<String, Transformation<?>> byUid = new LinkedHashMap<>();
    Set<Transformation<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Transformation<?> sink : sinks) {
      group(sink, parent, singleton, byUid, seen);
    }
    List<String> problems = new ArrayList<>();
    Map<Transformation<?>, String> chosenBy = new IdentityHashMap<>();
    Map<Transformation<?>, Integer> chosen = new IdentityHashMap<>();
    overrides.forEach(
        (uid, p) -> {
          Transformation<?> t = byUid.get(uid);
          if (t == null) {
            return; // the operator's statement changed: the override no longer applies
          }
          Transformation<?> root = find(parent, t);
          if (p == null || p < 1) {
            problems.add(
                "Parallelism of operator '" + uid + "' must be a positive number, got " + p);
          } else if (p > maxParallelism) {
            problems.add(
                "Parallelism "
                    + p
                    + " of operator '"
                    + uid
                    + "' is above the job's max parallelism "
                    + maxParallelism);
          } else if (p != 1 && Boolean.TRUE.equals(singleton.get(root))) {
            problems.add(
                "Operator '"
                    + uid
                    + "' ("
                    + t.getName()
                    + ") runs as a single instance (global aggregation or sort): its parallelism stays 1");
          } else if (chosen.containsKey(root) && !chosen.get(root).equals(p)) {
            problems.add(
                "Operators '"
                    + chosenBy.get(root)
                    + "' and '"
                    + uid
                    + "' are chained (no exchange between them) and must have"
                    + " the same parallelism, got "
                    + chosen.get(root)
                    + " and "
                    + p);
          } else {
            chosen.put(root, p);
            chosenBy.put(root, uid);
          }
        });
    if (problems.isEmpty()) {
      for (Transformation<?> t : seen) {
        Integer p = chosen.get(find(parent, t));
        if (p != null
            && !(t instanceof PartitionTransformation<?> partition && !isForward(partition))) {
          t.setParallelism(p);
        }
      }
    }
    return problems;
  }

  /** The uids of all transformations in the job, with the uids of their forward groups' heads. */
  private static void group(
      Transformation<?> t,
      Map<Transformation<?>, Transformation<?>> parent,
      Map<Transformation<?>, Boolean> singleton,
      Map<String, Transformation<?>> byUid,
      Set<Transformation<?>> seen) {
    if (!seen.add(t)) {
      return;
    }
    parent.putIfAbsent(t, t);
    if (t.getUid() != null) {
      byUid.put(t.getUid(), t);
    }
    for (Transformation<?> input : t.getInputs()) {
      group(input, parent, singleton, byUid, seen);
      if (input instanceof PartitionTransformation<?> partition && !isForward(partition)) {
        if (partition.getPartitioner() instanceof GlobalPartitioner) {
          singleton.put(find(parent, t), true);
        }
        continue; // a planner exchange: a group boundary
      }
      union(parent, singleton, input, t);
    }
  }

  private static boolean isForward(PartitionTransformation<?> partition) {
    return partition.getPartitioner() instanceof ForwardPartitioner;
  }

  private static Transformation<?> find(
      Map<Transformation<?>, Transformation<?>> parent, Transformation<?> t) {
    Transformation<?> root = t;
    while (parent.get(root) != root) {
      root = parent.get(root);
    }
    parent.put(t, root);
    return root;
  }

  private static void union(
      Map<Transformation<?>, Transformation<?>> parent,
      Map<Transformation<?>, Boolean> singleton,
      Transformation<?> a,
      Transformation<?> b) {
    Transformation<?> ra = find(parent, a);
    Transformation<?> rb = find(parent, b);
    if (ra != rb) {
      parent.put(rb, ra);
      if (Boolean.TRUE.equals(singleton.remove(rb))) {
        singleton.put(ra, true);
      }
    }
  }
}
