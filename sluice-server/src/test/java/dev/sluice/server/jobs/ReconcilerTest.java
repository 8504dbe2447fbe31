package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.engine.api.SubmitOutcome;
import dev.sluice.server.fakes.ServerFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerTest {
  private static final String SCRIPT = "INSERT INTO totals SELECT COUNT(*) FROM pay";

  @TempDir Path dataDir;

  /** A job whose submission got no answer; returns its id. */
  private static long unanswered(ServerFixture f) {
    long id = f.job("orders", SCRIPT);
    f.engine.nextSubmit(jobId -> new SubmitOutcome.Unknown(jobId, "connection closed"));
    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(SubmitOutcomeUnknownException.class);
    return id;
  }

  @Test
  void aSubmissionWithoutAnswerThatArrivedIsRunningAndNoLongerInDoubt() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = unanswered(f);
    String sent = f.jobs.findById(id).orElseThrow().flinkJobId();
    f.engine.cluster().run(sent, FlinkJobState.RUNNING, null);

    f.reconciler.reconcile();

    Job job = f.jobs.findById(id).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.flinkJobId()).isEqualTo(sent);
    assertThat(job.lastError()).isNull();
    assertThat(f.engine.submitted()).hasSize(1);
  }

  @Test
  void aSubmissionWithoutAnswerIsAwaitedAndThenLost() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = unanswered(f);

    f.reconciler.reconcile();
    assertThat(f.jobs.findById(id).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);

    f.clock.advance(DeploymentService.SUBMISSION_GRACE.plus(Duration.ofSeconds(1)));
    f.reconciler.reconcile();
    Job job = f.jobs.findById(id).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.LOST);
    assertThat(job.lastError())
        .isEqualTo("The submission was interrupted before the cluster accepted the job");
    assertThat(f.engine.submitted()).hasSize(1);
  }

  @Test
  void aBoundedJobThatFinishedIsNoLongerDesiredRunning() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = f.job("bounded", SCRIPT);
    String flinkJobId = f.deployments.deploy(id, "none").flinkJobId();
    f.engine.cluster().run(flinkJobId, FlinkJobState.FINISHED, null);

    f.reconciler.reconcile();

    Job job = f.jobs.findById(id).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.FINISHED);
    assertThat(job.desiredState()).isEqualTo(DesiredState.STOPPED);
  }

  @Test
  void aJobCancelledOutsideSluiceIsStoppedButStillDesiredRunning() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = f.job("orders", SCRIPT);
    String flinkJobId = f.deployments.deploy(id, "none").flinkJobId();
    f.engine.cluster().run(flinkJobId, FlinkJobState.CANCELED, null);

    f.reconciler.reconcile();

    Job job = f.jobs.findById(id).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.STOPPED);
    assertThat(job.desiredState()).isEqualTo(DesiredState.RUNNING);
  }

  @Test
  void aFailingJobIsRestartingWithItsCauseAndAFailedOneFailed() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = f.job("orders", SCRIPT);
    String flinkJobId = f.deployments.deploy(id, "none").flinkJobId();

    f.engine.cluster().run(flinkJobId, FlinkJobState.RESTARTING, "NumberFormatException: x");
    f.reconciler.reconcile();
    assertThat(f.jobs.findById(id).orElseThrow().state()).isEqualTo(JobState.RESTARTING);
    assertThat(f.jobs.findById(id).orElseThrow().lastError()).isEqualTo("NumberFormatException: x");

    f.engine.cluster().run(flinkJobId, FlinkJobState.FAILED, "NumberFormatException: y");
    f.reconciler.reconcile();
    Job job = f.jobs.findById(id).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.lastError()).isEqualTo("NumberFormatException: y");
  }

  @Test
  void aFailureThatQuotesASecretIsStoredWithTheReferenceInstead() {
    ServerFixture f = new ServerFixture(dataDir);
    f.secrets.createValue("crm_db_password", "s3cr'et", "ana");
    long id = f.job("orders", SCRIPT);
    String flinkJobId = f.deployments.deploy(id, "none").flinkJobId();

    f.engine
        .cluster()
        .run(
            flinkJobId,
            FlinkJobState.FAILED,
            "SQLException: login failed for 's3cr''et' (s3cr'et)");
    f.reconciler.reconcile();
    assertThat(f.jobs.findById(id).orElseThrow().lastError())
        .isEqualTo(
            "SQLException: login failed for '${secret:crm_db_password}' (${secret:crm_db_password})");
  }

  @Test
  void aRunningJobThatVanishedIsLost() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = f.job("orders", SCRIPT);
    String flinkJobId = f.deployments.deploy(id, "none").flinkJobId();
    f.engine.cluster().remove(flinkJobId);

    f.reconciler.reconcile();

    assertThat(f.jobs.findById(id).orElseThrow().state()).isEqualTo(JobState.LOST);
  }

  @Test
  void anUnreachableClusterChangesNothing() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = f.job("orders", SCRIPT);
    f.deployments.deploy(id, "none");
    f.engine.cluster().reachable(false);

    f.reconciler.reconcile();

    assertThat(f.jobs.findById(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
  }
}
