package dev.sluice.server.jobs;

import static java.util.Objects.requireNonNull;

import dev.sluice.engine.api.RestorePlan;
import java.util.Set;

/** A confirmDrop that names statements whose state the restore would not drop. */
public final class NothingToConfirmException extends RuntimeException {
  private final RestorePlan plan;

  public NothingToConfirmException(RestorePlan plan, Set<String> extra, Set<String> dropping) {
    super(
        "confirmDrop names statements whose state would not be dropped: "
            + extra
            + (dropping.isEmpty()
                ? " (this restore keeps all state)"
                : "; state would be dropped only for " + dropping));
    this.plan = requireNonNull(plan, "plan is null");
  }

  public RestorePlan plan() {
    return plan;
  }
}
