package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.RestorePlan;
import dev.sluice.server.fakes.FakeEngine;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DeploymentService#checkStateIsKept}: state is dropped only when the user says so. */
class RestorePolicyTest {
  private static final String SP = "file:/savepoints/sp-1";
  private final FakeEngine engine = new FakeEngine();
  private final Job job =
      new Job(
          1,
          "orders",
          "SQL",
          1,
          2,
          DesiredState.STOPPED,
          JobState.STOPPED,
          null,
          1,
          null,
          null,
          null,
          OffsetDateTime.now(),
          OffsetDateTime.now(),
          null,
          null,
          "demo");

  private FakeEngine.Compiled compiled() {
    return (FakeEngine.Compiled) engine.compile(request(), "ab", SP);
  }

  private static dev.sluice.engine.api.CompileRequest request() {
    return dev.sluice.engine.api.CompileRequest.of("orders", "INSERT INTO a SELECT 1");
  }

  @Test
  void aRestoreThatKeepsEverythingNeedsNoConfirmationAndDropsNothing() {
    FakeEngine.Compiled compiled = compiled();
    DeploymentService.checkStateIsKept(job, plan(kept("s1")), List.of(), compiled);
    assertThat(compiled.droppingState()).isFalse();
  }

  @Test
  void unconfirmedDroppedStateIsRefusedWithThePlan() {
    RestorePlan plan = plan(kept("s1"), changed("s2"));
    assertThatThrownBy(() -> DeploymentService.checkStateIsKept(job, plan, List.of(), compiled()))
        .isInstanceOfSatisfying(
            StateWouldBeDroppedException.class,
            e -> {
              assertThat(e.plan()).isEqualTo(plan);
              assertThat(e.statementsDroppingState()).containsExactly("s2");
            })
        .hasMessage(
            "Restoring job 'orders' from "
                + SP
                + " would drop the state of [s2]. Deploy again with confirmDrop naming exactly"
                + " these statements to accept that, or restore without the change");
  }

  @Test
  void confirmingExactlyTheDroppedStatementsLetsTheRestoreSkipTheirState() {
    FakeEngine.Compiled compiled = compiled();
    DeploymentService.checkStateIsKept(
        job, plan(kept("s1"), changed("s2")), List.of("s2"), compiled);
    assertThat(compiled.droppingState()).isTrue();
  }

  @Test
  void confirmingTooFewIsRefused() {
    assertThatThrownBy(
            () ->
                DeploymentService.checkStateIsKept(
                    job, plan(changed("s1"), changed("s2")), List.of("s2"), compiled()))
        .isInstanceOfSatisfying(
            StateWouldBeDroppedException.class,
            e -> assertThat(e.statementsDroppingState()).containsExactly("s1", "s2"));
  }

  @Test
  void confirmingAStatementThatKeepsItsStateIsRefused() {
    assertThatThrownBy(
            () ->
                DeploymentService.checkStateIsKept(
                    job, plan(kept("s1"), changed("s2")), List.of("s1", "s2"), compiled()))
        .isInstanceOf(NothingToConfirmException.class)
        .hasMessage(
            "confirmDrop names statements whose state would not be dropped: [s1]; state would be"
                + " dropped only for [s2]");
  }

  @Test
  void stateNoDeploymentOwnedCountsAsDroppedUnderItsOwnName() {
    RestorePlan plan =
        new RestorePlan(
            SP,
            List.of(kept("s1")),
            List.of(new RestorePlan.OperatorRestore("op-9", null, null, 100, false)));
    assertThatThrownBy(() -> DeploymentService.checkStateIsKept(job, plan, List.of(), compiled()))
        .isInstanceOfSatisfying(
            StateWouldBeDroppedException.class,
            e ->
                assertThat(e.statementsDroppingState())
                    .containsExactly(DeploymentService.UNATTRIBUTED));
  }

  @Test
  void theRestorePlanListsWhatADeployMustConfirmUnattributedStateIncluded() {
    // GET /restore-plan and the deploy's check agree on the names to confirm.
    RestorePlan plan =
        new RestorePlan(
            SP,
            List.of(kept("s1"), changed("s2")),
            List.of(new RestorePlan.OperatorRestore("op-9", null, null, 100, false)));
    assertThat(DeploymentService.statementsToConfirm(plan))
        .containsExactly("s2", DeploymentService.UNATTRIBUTED);
    RestorePlan withoutStateOfItsOwn =
        new RestorePlan(
            SP,
            List.of(kept("s1")),
            List.of(new RestorePlan.OperatorRestore("op-9", null, null, 0, false)));
    assertThat(DeploymentService.statementsToConfirm(withoutStateOfItsOwn)).isEmpty();
  }

  @Test
  void unmappedOperatorsWithoutStateAreSkippedWithoutAsking() {
    RestorePlan plan =
        new RestorePlan(
            SP,
            List.of(kept("s1")),
            List.of(new RestorePlan.OperatorRestore("op-9", null, null, 0, false)));
    FakeEngine.Compiled compiled = compiled();
    DeploymentService.checkStateIsKept(job, plan, List.of(), compiled);
    assertThat(compiled.droppingState()).isTrue();
  }

  private static RestorePlan plan(RestorePlan.StatementRestore... statements) {
    return new RestorePlan(SP, List.of(statements), List.of());
  }

  private static RestorePlan.StatementRestore kept(String key) {
    return new RestorePlan.StatementRestore(
        key,
        key,
        1,
        RestorePlan.Status.KEPT,
        100,
        0,
        0,
        List.of(new RestorePlan.OperatorRestore("op-" + key, "uid-" + key, key, 100, true)));
  }

  private static RestorePlan.StatementRestore changed(String key) {
    return new RestorePlan.StatementRestore(
        key,
        key,
        2,
        RestorePlan.Status.CHANGED,
        0,
        100,
        1,
        List.of(new RestorePlan.OperatorRestore("op-" + key, null, null, 100, false)));
  }
}
