package dev.sluice.server.jobs;

import static java.util.Objects.requireNonNull;

import dev.sluice.engine.api.RestorePlan;
import java.util.Set;
import java.util.TreeSet;

/**
 * A restore refused because it would drop the state of statements the user did not confirm; it
 * carries the restore plan so that the user can see what would be lost.
 */
public final class StateWouldBeDroppedException extends RuntimeException {
  private final RestorePlan plan;
  private final Set<String> statementsDroppingState;

  public StateWouldBeDroppedException(
      String jobName, RestorePlan plan, Set<String> statementsDroppingState) {
    super(
        "Restoring job '"
            + jobName
            + "' from "
            + plan.savepoint()
            + " would drop the state of "
            + statementsDroppingState
            + ". Deploy again with confirmDrop naming exactly these statements to accept that, or"
            + " restore without the change");
    this.plan = requireNonNull(plan, "plan is null");
    this.statementsDroppingState = new TreeSet<>(statementsDroppingState);
  }

  public RestorePlan plan() {
    return plan;
  }

  public Set<String> statementsDroppingState() {
    return statementsDroppingState;
  }
}
