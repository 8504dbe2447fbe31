package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.engine.api.SubmitOutcome;
import dev.sluice.server.fakes.FakeEngine;
import dev.sluice.server.fakes.ServerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentServiceTest {
  private static final String V1 = "INSERT INTO totals SELECT k, COUNT(*) FROM pay GROUP BY k";
  private static final String V2 = "INSERT INTO totals SELECT k, SUM(amount) FROM pay GROUP BY k";

  @TempDir Path dataDir;

  private ServerFixture fixture() {
    return new ServerFixture(dataDir);
  }

  @Test
  void anAcceptedSubmissionRecordsTheJobRunningUnderTheIdItCarried() {
    ServerFixture f = fixture();
    long id = f.job("orders", V1);

    Job job = f.deployments.deploy(id, "none");

    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.desiredState()).isEqualTo(DesiredState.RUNNING);
    assertThat(job.deployedVersion()).isEqualTo(1);
    assertThat(job.flinkJobId()).isEqualTo(f.engine.submitted().get(0).jobId());
    assertThat(f.engine.cluster().running()).containsExactly(job.flinkJobId());
  }

  @Test
  void aSubmissionThatWasNotSentLeavesTheJobAsItWas() {
    ServerFixture f = fixture();
    long id = f.job("orders", V1);
    f.engine.nextSubmit(jobId -> new SubmitOutcome.NotSent(jobId, "connection refused"));

    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOfSatisfying(ClusterException.class, e -> assertThat(e.unreachable()).isTrue())
        .hasMessage("connection refused");

    Job job = f.jobs.findById(id).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.CREATED);
    assertThat(job.desiredState()).isEqualTo(DesiredState.STOPPED);
    assertThat(job.flinkJobId()).isNull();
  }

  @Test
  void aRejectedSubmissionLeavesTheJobAsItWasAndSaysWhy() {
    ServerFixture f = fixture();
    long id = f.job("orders", V1);
    f.engine.nextSubmit(
        jobId -> new SubmitOutcome.Rejected(jobId, "Flink refused the job: no slots"));

    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOfSatisfying(ClusterException.class, e -> assertThat(e.unreachable()).isFalse())
        .hasMessage("Flink refused the job: no slots");

    Job job = f.jobs.findById(id).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.CREATED);
    assertThat(job.flinkJobId()).isNull();
  }

  @Test
  void aSubmissionWithoutAnswerKeepsItsFlinkJobIdForTheReconciler() {
    ServerFixture f = fixture();
    long id = f.job("orders", V1);
    f.engine.nextSubmit(jobId -> new SubmitOutcome.Unknown(jobId, "connection closed"));

    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(SubmitOutcomeUnknownException.class)
        .hasMessageContaining("no answer came (connection closed)");

    Job job = f.jobs.findById(id).orElseThrow();
    String sent = f.engine.submitted().get(0).jobId();
    assertThat(job.state()).isEqualTo(JobState.SUBMITTING);
    assertThat(job.flinkJobId()).isEqualTo(sent);
    assertThat(job.desiredState()).isEqualTo(DesiredState.RUNNING);
    assertThat(job.lastError()).isEqualTo("Submission outcome unknown: connection closed");
    // Its operators are known, so that a later restore plan can name the owner of its state.
    assertThat(f.jobs.operatorOwners(id)).isNotEmpty();
  }

  @Test
  void aDeployWhileSubmittingAsksTheClusterFirstAndFindsTheJobRunning() {
    ServerFixture f = fixture();
    long id = f.job("orders", V1);
    f.engine.nextSubmit(jobId -> new SubmitOutcome.Unknown(jobId, "connection closed"));
    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(SubmitOutcomeUnknownException.class);
    String sent = f.jobs.findById(id).orElseThrow().flinkJobId();
    f.engine.cluster().run(sent, FlinkJobState.RUNNING, null); // it had arrived after all

    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(JobConflictException.class)
        .hasMessage(
            "Job 'orders' is already RUNNING on cluster 'local' (Flink job "
                + sent
                + "): stop it first");
    assertThat(f.engine.submitted()).hasSize(1);
  }

  @Test
  void aDeployWhileSubmittingWaitsUntilTheLostSubmissionCanNoLongerArrive() {
    ServerFixture f = fixture();
    long id = f.job("orders", V1);
    f.engine.nextSubmit(jobId -> new SubmitOutcome.Unknown(jobId, "connection closed"));
    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(SubmitOutcomeUnknownException.class);

    f.clock.advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(JobConflictException.class)
        .hasMessageContaining("the cluster does not report it yet");
    assertThat(f.engine.submitted()).hasSize(1);

    f.clock.advance(DeploymentService.SUBMISSION_GRACE);
    Job job = f.deployments.deploy(id, "none");
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(f.engine.submitted()).hasSize(2);
    assertThat(f.engine.cluster().running()).containsExactly(job.flinkJobId());
  }

  @Test
  void aDeployOfARunningJobIsRefused() {
    ServerFixture f = fixture();
    long id = f.job("orders", V1);
    f.deployments.deploy(id, "none");

    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(JobConflictException.class)
        .hasMessageContaining("is already RUNNING");
    assertThat(f.engine.submitted()).hasSize(1);
  }

  @Test
  void aStopWithSavepointOfARestartingJobSaysWhatHappenedToIt() {
    ServerFixture f = fixture();
    long id = f.job("orders", V1);
    String flinkJobId = f.deployments.deploy(id, "none").flinkJobId();
    f.engine
        .cluster()
        .run(
            flinkJobId,
            FlinkJobState.RESTARTING,
            "OutOfMemoryError: Java heap space in Source: pay[41]");

    assertThatThrownBy(() -> f.deployments.stop(id, true, false))
        .isInstanceOf(JobConflictException.class)
        .hasMessage(
            "Job 'orders' cannot be stopped with a savepoint: the job is restarting:"
                + " OutOfMemoryError: Java heap space in Source: pay[41]. Stop it without a"
                + " savepoint to cancel it");
    assertThat(f.jobs.findById(id).orElseThrow().desiredState()).isEqualTo(DesiredState.RUNNING);
    assertThat(f.engine.cluster().calls()).isEmpty();
  }

  @Test
  void aStopShowsTheFlinkJobAsItEnded() {
    ServerFixture f = fixture();
    long id = f.job("orders", V1);
    String flinkJobId = f.deployments.deploy(id, "none").flinkJobId();

    DeploymentService.StopResult stopped = f.deployments.stop(id, true, false);

    assertThat(stopped.savepointPath()).isEqualTo("file:/savepoints/savepoint-1");
    JobView view = f.deployments.status(id);
    assertThat(view.state()).isEqualTo(JobState.STOPPED);
    assertThat(view.desiredState()).isEqualTo(DesiredState.STOPPED);
    assertThat(view.flinkState()).isEqualTo(FlinkJobState.FINISHED);
    assertThat(f.jobs.savepoints(id))
        .extracting(Savepoint::path)
        .containsExactly("file:/savepoints/savepoint-1");

    long other = f.job("other", V2);
    f.deployments.deploy(other, "none");
    f.deployments.stop(other, false, false);
    assertThat(f.deployments.status(other).flinkState()).isEqualTo(FlinkJobState.CANCELED);
    assertThat(f.engine.cluster().calls())
        .containsExactly(
            "stopWithSavepoint " + flinkJobId,
            "cancel " + f.jobs.findById(other).orElseThrow().flinkJobId());
  }

  @Test
  void anUpgradeThatWouldDropStateLeavesTheOldVersionRunningAndUnchanged() {
    ServerFixture f = fixture();
    long id = f.job("metrics.pay", V1);
    String running = f.deployments.deploy(id, "none").flinkJobId();
    f.engine.restorePlan(V2, savepoint -> dropping(savepoint, "s1"));
    boolean[] saved = {false};

    assertThatThrownBy(
            () ->
                f.deployments.upgrade(
                    id,
                    V2,
                    () -> {
                      saved[0] = true;
                      return f.save(id, V2);
                    },
                    List.of()))
        .isInstanceOfSatisfying(
            StateWouldBeDroppedException.class,
            e -> {
              assertThat(e.statementsDroppingState()).containsExactly("s1");
              assertThat(e.plan().savepoint()).isEqualTo("file:/savepoints/savepoint-1");
            });

    assertThat(saved[0]).isFalse();
    Job job = f.jobs.findById(id).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.flinkJobId()).isEqualTo(running);
    assertThat(job.currentVersion()).isEqualTo(1);
    assertThat(f.engine.cluster().running()).containsExactly(running);
    assertThat(f.engine.cluster().calls()).containsExactly("triggerSavepoint " + running);
  }

  @Test
  void anUpgradeThatFailsAfterTheStopRunsTheOldVersionAgainFromTheStopsSavepoint() {
    ServerFixture f = fixture();
    long id = f.job("metrics.pay", V1);
    String old = f.deployments.deploy(id, "none").flinkJobId();
    f.engine.nextSubmit(jobId -> new SubmitOutcome.Rejected(jobId, "Flink refused the job"));

    assertThatThrownBy(() -> f.deployments.upgrade(id, V2, () -> f.save(id, V2), List.of()))
        .isInstanceOf(ClusterException.class)
        .hasMessage("Flink refused the job");

    List<FakeEngine.Compiled> submitted = f.engine.submitted();
    assertThat(submitted).extracting(FakeEngine.Compiled::script).containsExactly(V1, V2, V1);
    FakeEngine.Compiled again = submitted.get(2);
    // savepoint-1 was the probe, savepoint-2 the stop's
    assertThat(again.restorePath()).isEqualTo("file:/savepoints/savepoint-2");
    assertThat(f.engine.cluster().calls())
        .containsExactly("triggerSavepoint " + old, "stopWithSavepoint " + old);
    Job job = f.jobs.findById(id).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.deployedVersion()).isEqualTo(1);
    assertThat(job.flinkJobId()).isEqualTo(again.jobId());
    assertThat(f.engine.cluster().running()).containsExactly(again.jobId());
  }

  @Test
  void anUpgradeRestoresTheNewVersionFromTheSavepointOfTheStop() {
    ServerFixture f = fixture();
    long id = f.job("metrics.pay", V1);
    String old = f.deployments.deploy(id, "none").flinkJobId();

    Job job = f.deployments.upgrade(id, V2, () -> f.save(id, V2), List.of());

    assertThat(job.deployedVersion()).isEqualTo(2);
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    FakeEngine.Compiled last = f.engine.submitted().get(1);
    assertThat(last.script()).isEqualTo(V2);
    assertThat(last.restorePath()).isEqualTo("file:/savepoints/savepoint-2");
    assertThat(f.engine.cluster().state(old)).contains(FlinkJobState.FINISHED);
    assertThat(f.engine.cluster().running()).containsExactly(job.flinkJobId());
  }

  @Test
  void anUpgradeOfARestartingJobIsRefusedBeforeAnythingIsSaved() {
    ServerFixture f = fixture();
    long id = f.job("metrics.pay", V1);
    String running = f.deployments.deploy(id, "none").flinkJobId();
    f.engine.cluster().run(running, FlinkJobState.RESTARTING, "NumberFormatException: x");

    assertThatThrownBy(() -> f.deployments.upgrade(id, V2, () -> f.save(id, V2), List.of()))
        .isInstanceOf(JobConflictException.class)
        .hasMessageContaining("is already RESTARTING");

    assertThat(f.jobs.findById(id).orElseThrow().currentVersion()).isEqualTo(1);
    assertThat(f.engine.submitted()).hasSize(1);
  }

  @Test
  void anUpgradeOfAJobThatDoesNotRunSavesAndDeploysIt() {
    ServerFixture f = fixture();
    long id = f.job("metrics.pay", V1);

    Job job = f.deployments.upgrade(id, V2, () -> f.save(id, V2), List.of());

    assertThat(job.deployedVersion()).isEqualTo(2);
    assertThat(f.engine.submitted())
        .extracting(FakeEngine.Compiled::restorePath)
        .containsOnlyNulls();
  }

  static RestorePlan dropping(String savepoint, String statement) {
    RestorePlan.OperatorRestore op =
        new RestorePlan.OperatorRestore("op-1", null, null, 512, false);
    return new RestorePlan(
        savepoint,
        List.of(
            new RestorePlan.StatementRestore(
                statement,
                "INSERT INTO totals",
                1,
                RestorePlan.Status.CHANGED,
                0,
                512,
                1,
                List.of(op))),
        List.of());
  }
}
