package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.engine.api.SubmitOutcome;
import dev.sluice.server.fakes.FakeEngine;
import dev.sluice.server.fakes.ServerFixture;
import dev.sluice.server.secrets.DeploymentCredentials;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each deployment's credential for its keys: issued at submit, revoked when the deployment ends.
 */
class DeploymentCredentialLifecycleTest {
  private static final String SCRIPT = "INSERT INTO out SELECT ENCRYPT(card, 'pay_key') FROM pay";

  @TempDir Path dataDir;

  private ServerFixture fixture() {
    ServerFixture f = new ServerFixture(dataDir);
    f.secrets.create("pay_key", "AES-256", null, "ana");
    return f;
  }

  /** The token the submission carried in its class-path resource. */
  private static String token(FakeEngine.Compiled submitted) throws Exception {
    Properties p = new Properties();
    p.load(
        new ByteArrayInputStream(
            submitted.classPathResources().get(DeploymentCredentials.RESOURCE)));
    return p.getProperty("token");
  }

  private static String lastToken(ServerFixture f) throws Exception {
    List<FakeEngine.Compiled> submitted = f.engine.submitted();
    return token(submitted.get(submitted.size() - 1));
  }

  private static boolean valid(ServerFixture f, long id, String token) {
    return f.credentials.verify(id, token).isPresent();
  }

  @Test
  void aDeploymentCarriesItsCredentialInAResourceNotInItsConfiguration() throws Exception {
    ServerFixture f = fixture();
    long id = f.job("orders", SCRIPT);
    Job job = f.deployments.deploy(id, "none");

    String token = lastToken(f);
    assertThat(f.credentials.verify(id, token))
        .contains(new DeploymentCredentials.Holder(id, job.flinkJobId(), Set.of("pay_key")));
    assertThat(f.engine.submitted().get(0).classPathResources())
        .containsOnlyKeys("META-INF/sluice/job-credential.properties");
  }

  @Test
  void aJobWithoutKeysGetsNoCredential() {
    ServerFixture f = fixture();
    long id = f.job("orders", "INSERT INTO out SELECT card FROM pay");
    f.deployments.deploy(id, "none");
    assertThat(f.engine.submitted().get(0).classPathResources()).isEmpty();
    assertThat(f.credentialStore.all(id)).isEmpty();
  }

  @Test
  void stoppingWithOrWithoutASavepointRevokesIt() throws Exception {
    ServerFixture f = fixture();
    long id = f.job("orders", SCRIPT);
    f.deployments.deploy(id, "none");
    String first = lastToken(f);
    f.deployments.stop(id, true, false);
    assertThat(valid(f, id, first)).isFalse();

    f.deployments.deploy(id, "latest");
    String second = lastToken(f);
    assertThat(second).isNotEqualTo(first);
    assertThat(valid(f, id, second)).isTrue();
    f.deployments.stop(id, false, false);
    assertThat(valid(f, id, second)).isFalse();
  }

  @Test
  void aNewerDeploymentRevokesTheEarlierOnes() throws Exception {
    ServerFixture f = fixture();
    long id = f.job("orders", SCRIPT);
    f.deployments.deploy(id, "none");
    String first = lastToken(f);
    // Upgraded while running: stopped with a savepoint, then the new version deployed from it.
    f.deployments.upgrade(id, SCRIPT + " ", () -> f.save(id, SCRIPT + " "), List.of());
    String second = lastToken(f);
    assertThat(valid(f, id, first)).isFalse();
    assertThat(valid(f, id, second)).isTrue();
  }

  @Test
  void aSubmissionTheClusterRefusedOrNeverGotKeepsNoValidCredential() throws Exception {
    ServerFixture f = fixture();
    long id = f.job("orders", SCRIPT);
    f.engine.nextSubmit(jobId -> new SubmitOutcome.Rejected(jobId, "no slots"));
    assertThatThrownBy(() -> f.deployments.deploy(id, "none")).isInstanceOf(ClusterException.class);
    assertThat(valid(f, id, lastToken(f))).isFalse();

    f.engine.nextSubmit(jobId -> new SubmitOutcome.NotSent(jobId, "connection refused"));
    assertThatThrownBy(() -> f.deployments.deploy(id, "none")).isInstanceOf(ClusterException.class);
    assertThat(valid(f, id, lastToken(f))).isFalse();
  }

  @Test
  void aSubmissionWithoutAnswerKeepsItsCredentialUntilItIsFoundLost() throws Exception {
    ServerFixture f = fixture();
    long id = f.job("orders", SCRIPT);
    f.engine.nextSubmit(jobId -> new SubmitOutcome.Unknown(jobId, "connection closed"));
    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(SubmitOutcomeUnknownException.class);
    String token = lastToken(f);
    assertThat(valid(f, id, token)).as("the job may be running").isTrue();

    f.clock.advance(DeploymentService.SUBMISSION_GRACE.plus(Duration.ofSeconds(1)));
    f.reconciler.reconcile();
    assertThat(f.jobs.findById(id).orElseThrow().state()).isEqualTo(JobState.LOST);
    assertThat(valid(f, id, token)).isFalse();
  }

  @Test
  void theReconcilerRevokesItWhenTheJobEndsOnTheClusterButNotWhileItRestarts() throws Exception {
    for (FlinkJobState end :
        new FlinkJobState[] {
          FlinkJobState.FINISHED, FlinkJobState.FAILED, FlinkJobState.CANCELED
        }) {
      ServerFixture f = fixture();
      long id = f.job("orders", SCRIPT);
      Job job = f.deployments.deploy(id, "none");
      String token = lastToken(f);

      f.engine.cluster().run(job.flinkJobId(), FlinkJobState.RESTARTING, "task lost");
      f.reconciler.reconcile();
      assertThat(valid(f, id, token)).as("restarting").isTrue();

      f.engine.cluster().run(job.flinkJobId(), end, null);
      f.reconciler.reconcile();
      assertThat(valid(f, id, token)).as(end.name()).isFalse();
    }
  }

  @Test
  void aJobThatVanishedFromTheClusterLosesItsCredential() throws Exception {
    ServerFixture f = fixture();
    long id = f.job("orders", SCRIPT);
    Job job = f.deployments.deploy(id, "none");
    f.engine.cluster().remove(job.flinkJobId());
    f.reconciler.reconcile();
    assertThat(f.jobs.findById(id).orElseThrow().state()).isEqualTo(JobState.LOST);
    assertThat(valid(f, id, lastToken(f))).isFalse();
  }

  @Test
  void aJobSuspendedWithTheServerIsResumedWithANewCredential() throws Exception {
    ServerFixture f = fixture();
    long id = f.job("orders", SCRIPT);
    f.deployments.deploy(id, "none");
    String before = lastToken(f);
    f.deployments.suspendAll(f.local.id());
    assertThat(f.jobs.findById(id).orElseThrow().state()).isEqualTo(JobState.SUSPENDED);
    assertThat(valid(f, id, before)).isFalse();

    f.deployments.resumeSuspended(f.local.id());
    assertThat(valid(f, id, lastToken(f))).isTrue();
    assertThat(lastToken(f)).isNotEqualTo(before);
  }
}
