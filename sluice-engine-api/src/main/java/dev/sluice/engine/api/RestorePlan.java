package dev.sluice.engine.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What restoring a savepoint into a compiled job will do, per statement and per operator, worked
 * out from the savepoint's metadata before anything is submitted.
 *
 * @param savepoint the savepoint or checkpoint path
 * @param statements one entry per statement of the new script and per statement only the savepoint
 *     has
 * @param unowned savepoint state that no statement of the new script restores and whose owner is
 *     not known
 */
public record RestorePlan(
    String savepoint, List<StatementRestore> statements, List<OperatorRestore> unowned) {
  public RestorePlan {
    requireNonNull(savepoint, "savepoint is null");
    statements = List.copyOf(statements);
    unowned = List.copyOf(unowned);
  }

  /** Whether restoring would drop any state (which needs the user's confirmation). */
  public boolean dropsState() {
    return unowned.stream().anyMatch(o -> o.stateBytes() > 0)
        || statements.stream().anyMatch(s -> s.droppedOperators() > 0);
  }

  /**
   * Whether some savepoint operators map to no operator of the new job, even ones holding no bytes:
   * Flink then refuses the restore unless told to skip them.
   */
  public boolean hasUnmappedOperators() {
    return !unowned.isEmpty()
        || statements.stream()
            .flatMap(s -> s.operators().stream())
            .anyMatch(o -> o.uid() == null && !o.restored());
  }

  /** The statements (by key) whose state would be dropped. */
  public List<String> statementsDroppingState() {
    return statements.stream()
        .filter(s -> s.droppedOperators() > 0)
        .map(StatementRestore::statement)
        .toList();
  }

  /** What happens to a statement. */
  public enum Status {
    /** All its state is restored (or it has none and is unchanged). */
    KEPT,
    /**
     * It is in both versions but some of its old state does not map: that state would be dropped.
     */
    CHANGED,
    /** Only in the new script: it starts from empty state. */
    NEW,
    /** Only in the savepoint: its state would be dropped. */
    REMOVED
  }

  /**
   * @param statement the statement's identity (its name, or its sink table and text digest)
   * @param label how users know it
   * @param number its number in the new script, 0 when removed
   * @param status what happens to it
   * @param restoredBytes state restored
   * @param droppedBytes state dropped
   * @param droppedOperators operators whose state is dropped
   * @param operators the operators concerned
   */
  public record StatementRestore(
      String statement,
      String label,
      int number,
      Status status,
      long restoredBytes,
      long droppedBytes,
      int droppedOperators,
      List<OperatorRestore> operators) {
    public StatementRestore {
      requireNonNull(statement, "statement is null");
      requireNonNull(status, "status is null");
      operators = List.copyOf(operators);
    }
  }

  /**
   * @param operatorId the operator id state is keyed by
   * @param uid its uid in the new job, null when it is not in the new job
   * @param name its name in the new job, null when it is not in the new job
   * @param stateBytes state the savepoint holds for it
   * @param restored whether the new job restores that state
   */
  public record OperatorRestore(
      String operatorId, String uid, String name, long stateBytes, boolean restored) {
    public OperatorRestore {
      requireNonNull(operatorId, "operatorId is null");
    }
  }
}
