package dev.sluice.engine.flink.state;

import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.engine.api.RestorePlan.OperatorRestore;
import dev.sluice.engine.api.RestorePlan.StatementRestore;
import dev.sluice.engine.api.RestorePlan.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a savepoint's operator state with a compiled job: per statement whether its state is
 * kept, would be dropped because it changed, is new, or was removed.
 */
public final class RestorePlanner {
  private RestorePlanner() {}

  /**
   * @param savepoint the savepoint path
   * @param state operator id to state size, from the savepoint
   * @param graph the new job's graph (operators carry their statement keys)
   * @param labels statement key to label and number, for the new script's statements
   * @param previousOwners operator id to statement key, from the deployments that wrote the
   *     savepoint
   */
  public static RestorePlan plan(
      String savepoint,
      Map<String, Long> state,
      JobGraphView graph,
      Map<String, StableUids.Owner> labels,
      Map<String, String> previousOwners) {
    Map<String, List<OperatorRestore>> byStatement = new LinkedHashMap<>();
    Set<String> inNewJob = new HashSet<>();
    for (JobGraphView.Vertex v : graph.vertices()) {
      for (JobGraphView.Operator op : v.operators()) {
        inNewJob.add(op.id());
        String key = op.statement() == null ? "unknown" : op.statement();
        Long bytes = state.get(op.id());
        byStatement
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(
                new OperatorRestore(
                    op.id(), op.uid(), op.name(), bytes == null ? 0 : bytes, bytes != null));
      }
    }
    Map<String, List<OperatorRestore>> dropped = new LinkedHashMap<>();
    List<OperatorRestore> unowned = new ArrayList<>();
    state.forEach(
        (id, bytes) -> {
          if (!inNewJob.contains(id)) {
            OperatorRestore op = new OperatorRestore(id, null, null, bytes, false);
            String owner = previousOwners.get(id);
            if (owner == null) {
              unowned.add(op);
            } else {
              dropped.computeIfAbsent(owner, k -> new ArrayList<>()).add(op);
            }
          }
        });
    Set<String> before = new HashSet<>(previousOwners.values());
    List<StatementRestore> statements = new ArrayList<>();
    for (var e : byStatement.entrySet()) {
      String key = e.getKey();
      List<OperatorRestore> ops = new ArrayList<>(e.getValue());
      List<OperatorRestore> lost = dropped.getOrDefault(key, List.of());
      ops.addAll(lost);
      long restored =
          ops.stream()
              .filter(OperatorRestore::restored)
              .mapToLong(OperatorRestore::stateBytes)
              .sum();
      long lostBytes = lost.stream().mapToLong(OperatorRestore::stateBytes).sum();
      Status status;
      // Operators that no longer map but hold no bytes (stateless steps that changed) lose nothing.
      if (lostBytes > 0) {
        status = Status.CHANGED;
      } else if (before.contains(key) || ops.stream().anyMatch(OperatorRestore::restored)) {
        status = Status.KEPT;
      } else {
        status = Status.NEW;
      }
      StableUids.Owner label = labels.get(key);
      statements.add(
          new StatementRestore(
              key,
              label == null ? key : label.label(),
              label == null ? 0 : label.statement(),
              status,
              restored,
              lostBytes,
              (int) lost.stream().filter(o -> o.stateBytes() > 0).count(),
              ops));
    }
    for (var e : dropped.entrySet()) {
      if (!byStatement.containsKey(e.getKey())) {
        long lostBytes = e.getValue().stream().mapToLong(OperatorRestore::stateBytes).sum();
        statements.add(
            new StatementRestore(
                e.getKey(),
                e.getKey(),
                0,
                Status.REMOVED,
                0,
                lostBytes,
                (int) e.getValue().stream().filter(o -> o.stateBytes() > 0).count(),
                e.getValue()));
      }
    }
    return new RestorePlan(savepoint, pairRenamed(statements), unowned);
  }

  /**
   * An unnamed statement whose text changed gets a new identity (sink table and text digest): a
   * removed and a new statement writing the same sink are the same statement, changed.
   */
  private static List<StatementRestore> pairRenamed(List<StatementRestore> statements) {
    List<StatementRestore> result = new ArrayList<>(statements);
    for (StatementRestore removed : statements) {
      if (removed.status() != Status.REMOVED || !removed.statement().contains("#")) {
        continue;
      }
      String sink = removed.statement().substring(0, removed.statement().indexOf('#'));
      List<StatementRestore> candidates =
          result.stream()
              .filter(s -> s.status() == Status.NEW && s.statement().startsWith(sink + "#"))
              .toList();
      if (candidates.size() == 1) {
        StatementRestore added = candidates.get(0);
        List<OperatorRestore> ops = new ArrayList<>(added.operators());
        ops.addAll(removed.operators());
        result.remove(removed);
        result.set(
            result.indexOf(added),
            new StatementRestore(
                added.statement(),
                added.label(),
                added.number(),
                Status.CHANGED,
                added.restoredBytes(),
                removed.droppedBytes(),
                removed.droppedOperators(),
                ops));
      }
    }
    return result;
  }
}
