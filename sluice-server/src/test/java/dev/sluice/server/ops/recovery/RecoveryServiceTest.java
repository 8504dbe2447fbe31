package dev.sluice.server.ops.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.server.TestDatabases;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.fakes.FakeEngine;
import dev.sluice.server.fakes.InMemoryMetricHistory;
import dev.sluice.server.fakes.ServerFixture;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobLocks;
import dev.sluice.server.jobs.JobState;
import dev.sluice.server.ops.alerts.JobTiers;
import dev.sluice.server.ops.metrics.MetricNames;
import dev.sluice.server.ops.metrics.MetricSample;
import dev.sluice.server.secrets.SecretRedactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryServiceTest {
  private static final String SCRIPT = "INSERT INTO totals SELECT COUNT(*) FROM pay";
  private static final RecoveryProperties PROPERTIES =
      new RecoveryProperties(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(30));
  private static final RecoveryPolicy TWO_ATTEMPTS =
      new RecoveryPolicy(
          true,
          RestoreFrom.CHECKPOINT,
          2,
          Duration.ofSeconds(10),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          5,
          Duration.ofMinutes(10),
          Duration.ofMinutes(5));

  @TempDir Path dataDir;
  private ServerFixture f;
  private InMemoryRecovery store;
  private InMemoryMetricHistory history;
  private JobTiers tiers;

  @BeforeEach
  void setUp() {
    f = new ServerFixture(dataDir);
    store = new InMemoryRecovery();
    history = new InMemoryMetricHistory();
    tiers = new JobTiers(TestDatabases.migratedClient("h2"));
  }

  /** A recovery service over the fixture and the store: a new one is what a server restart has. */
  private RecoveryService service() {
    return new RecoveryService(
        f.jobs,
        tiers,
        store,
        store,
        f.deployments,
        new ClusterService(f.clusterStore, f.engine),
        f.engine,
        new JobLocks(),
        history,
        new SecretRedactor(f.secrets),
        PROPERTIES,
        f.clock,
        new SyncSchemaChanges(
            f.jobs,
            store,
            f.deployments,
            new SecretRedactor(f.secrets),
            tools.jackson.databind.json.JsonMapper.builder().build()));
  }

  private long running(String name) {
    long id = f.job(name, SCRIPT);
    f.deployments.deploy(id, "none");
    return id;
  }

  private Job job(long id) {
    return f.jobs.findById(id).orElseThrow();
  }

  /** The job's Flink job fails on the cluster and the reconciler sees it. */
  private void fails(long id, String why) {
    f.engine.cluster().run(job(id).flinkJobId(), FlinkJobState.FAILED, why);
    f.reconciler.reconcile();
    assertThat(job(id).state()).isEqualTo(JobState.FAILED);
  }

  private List<String> restorePaths() {
    return f.engine.submitted().stream().map(FakeEngine.Compiled::restorePath).toList();
  }

  @Test
  void restartsAFailedJobFromItsLatestCheckpointWithBackoffThenGivesUp() {
    long id = running("orders");
    store.savePolicy(id, TWO_ATTEMPTS, "ana", f.clock.instant());
    f.jobs.recordCheckpoint(id, "file:/checkpoints/chk-7");
    String first = job(id).flinkJobId();
    fails(id, "ArithmeticException: / by zero");
    RecoveryService recovery = service();

    recovery.run();
    assertThat(f.engine.submitted()).hasSize(1);
    assertThat(recovery.progress(id).phase()).isEqualTo(RecoveryProgress.Phase.WAITING);
    f.clock.advance(Duration.ofSeconds(9));
    recovery.run();
    assertThat(f.engine.submitted()).hasSize(1);

    f.clock.advance(Duration.ofSeconds(1));
    recovery.run();
    assertThat(f.engine.submitted()).hasSize(2);
    String second = job(id).flinkJobId();
    assertThat(second).isNotEqualTo(first);
    assertThat(job(id).state()).isEqualTo(JobState.RUNNING);
    assertThat(f.engine.cluster().running()).containsExactly(second);

    fails(id, "ArithmeticException: / by zero");
    recovery.run();
    assertThat(recovery.progress(id).nextAttemptAt()).isEqualTo(f.clock.instant().plusSeconds(20));
    f.clock.advance(Duration.ofSeconds(20));
    recovery.run();
    assertThat(f.engine.submitted()).hasSize(3);
    assertThat(f.engine.cluster().running()).containsExactly(job(id).flinkJobId());

    fails(id, "ArithmeticException: / by zero");
    recovery.run();
    f.clock.advance(Duration.ofHours(1));
    recovery.run();

    assertThat(f.engine.submitted()).hasSize(3);
    assertThat(restorePaths())
        .containsExactly(null, "file:/checkpoints/chk-7", "file:/checkpoints/chk-7");
    assertThat(recovery.progress(id).phase()).isEqualTo(RecoveryProgress.Phase.GAVE_UP);
    assertThat(job(id).state()).isEqualTo(JobState.FAILED);
    assertThat(job(id).lastError())
        .startsWith("Recovery gave up after 2 attempts (maxAttempts 2): The job failed (Flink job ")
        .endsWith(", Flink's restart strategy gave up: ArithmeticException: / by zero");
    assertThat(store.kinds(id))
        .containsExactly(
            "recovery.scheduled",
            "recovery.attempt",
            "recovery.scheduled",
            "recovery.attempt",
            "recovery.gave-up");
    JobEvent attempt = store.ofJob(id, f.local.id(), java.time.Instant.EPOCH, 10).get(3);
    assertThat(attempt.attempt()).isEqualTo(1);
    assertThat(attempt.seen())
        .isEqualTo(
            "The job failed (Flink job "
                + first
                + "), Flink's restart strategy gave up: ArithmeticException: / by zero");
    assertThat(attempt.action())
        .isEqualTo("deployed version 1 again from its latest checkpoint file:/checkpoints/chk-7");
    assertThat(attempt.outcome()).isEqualTo("submitted as Flink job " + second);
    assertThat(store.ofJob(id, f.local.id(), java.time.Instant.EPOCH, 10).get(4).action())
        .isEqualTo("restarting it from its checkpoint in 10s (attempt 1 of 2)");
  }

  @Test
  void cancelsAJobStuckRestartingBeforeItSubmitsAnother() {
    long id = running("orders");
    store.savePolicy(id, TWO_ATTEMPTS, "ana", f.clock.instant());
    String stuck = job(id).flinkJobId();
    f.engine.cluster().run(stuck, FlinkJobState.RESTARTING, "NoResourceAvailableException");
    f.reconciler.reconcile();
    RecoveryService recovery = service();

    recovery.run();
    f.clock.advance(Duration.ofSeconds(119));
    recovery.run();
    assertThat(recovery.progress(id).phase()).isEqualTo(RecoveryProgress.Phase.IDLE);

    f.clock.advance(Duration.ofSeconds(1));
    recovery.run();
    assertThat(recovery.progress(id).phase()).isEqualTo(RecoveryProgress.Phase.WAITING);
    assertThat(store.ofJob(id, f.local.id(), java.time.Instant.EPOCH, 1).get(0).seen())
        .isEqualTo(
            "The job has been RESTARTING (Flink job "
                + stuck
                + ") for 2m (stuckRestartingAfter 2m): NoResourceAvailableException");
    f.clock.advance(Duration.ofSeconds(10));
    recovery.run();

    String next = job(id).flinkJobId();
    assertThat(f.engine.cluster().calls()).containsExactly("cancel " + stuck);
    assertThat(f.engine.cluster().state(stuck)).contains(FlinkJobState.CANCELED);
    assertThat(f.engine.cluster().running()).containsExactly(next);
    assertThat(store.ofJob(id, f.local.id(), java.time.Instant.EPOCH, 1).get(0).action())
        .isEqualTo(
            "cancelled Flink job "
                + stuck
                + " (RESTARTING), deployed version 1 again without state (it has no checkpoint"
                + " and no savepoint)");
  }

  @Test
  void aJobThatRestartsTooOftenIsRestartedFromItsLatestSavepointByPolicy() {
    long id = running("orders");
    store.savePolicy(
        id,
        new RecoveryPolicy(
            true,
            RestoreFrom.SAVEPOINT,
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            3,
            Duration.ofMinutes(10),
            Duration.ZERO),
        "ana",
        f.clock.instant());
    f.jobs.recordCheckpoint(id, "file:/checkpoints/chk-3");
    f.deployments.savepoint(id);
    for (int restarts = 0; restarts <= 3; restarts++) {
      history.record(
          List.of(new MetricSample(id, MetricNames.RESTARTS, null, f.clock.instant(), restarts)));
      f.clock.advance(Duration.ofMinutes(1));
    }
    RecoveryService recovery = service();

    recovery.run();
    f.clock.advance(Duration.ofSeconds(1));
    recovery.run();

    assertThat(restorePaths()).containsExactly(null, "file:/savepoints/savepoint-1");
    assertThat(store.ofJob(id, f.local.id(), java.time.Instant.EPOCH, 10).get(1).seen())
        .isEqualTo("The job restarted 3 times within 10m (restartsThreshold 3)");
    assertThat(f.engine.cluster().running()).containsExactly(job(id).flinkJobId());
  }

  @Test
  void aJobWhoseCheckpointsStoppedCompletingIsRestartedFromTheLastOneThatDid() {
    long id = running("orders");
    // TWO_ATTEMPTS watches checkpoints: none completed for 5m is a trigger.
    store.savePolicy(id, TWO_ATTEMPTS, "ana", f.clock.instant());
    f.jobs.recordCheckpoint(id, "file:/checkpoints/chk-7");
    RecoveryService recovery = service();
    // Four minutes without a completed checkpoint, two failed: nothing yet.
    sampleCheckpoints(id, 240_000, 7, 2);
    recovery.run();
    assertThat(recovery.progress(id).phase()).isEqualTo(RecoveryProgress.Phase.IDLE);

    f.clock.advance(Duration.ofMinutes(1));
    sampleCheckpoints(id, 300_000, 7, 3);
    recovery.run();

    assertThat(recovery.progress(id).phase()).isEqualTo(RecoveryProgress.Phase.WAITING);
    assertThat(store.ofJob(id, f.local.id(), java.time.Instant.EPOCH, 1).get(0).seen())
        .isEqualTo(
            "The job completed no checkpoint for 5m (noCheckpointFor 5m; 3 failed since it was"
                + " submitted)");
    f.clock.advance(Duration.ofSeconds(10));
    recovery.run();
    assertThat(restorePaths()).containsExactly(null, "file:/checkpoints/chk-7");
  }

  @Test
  void aJobThatNeverCheckpointsIsNotRestartedForItsCheckpointAge() {
    long id = running("orders");
    store.savePolicy(id, TWO_ATTEMPTS, "ana", f.clock.instant());
    RecoveryService recovery = service();
    // Checkpointing is off: the age grows from the start, no checkpoint completes or fails.
    sampleCheckpoints(id, 3_600_000, 0, 0);
    recovery.run();
    f.clock.advance(Duration.ofSeconds(30));
    recovery.run();
    assertThat(recovery.progress(id).phase()).isEqualTo(RecoveryProgress.Phase.IDLE);
    assertThat(restorePaths()).containsExactly((String) null);
  }

  private void sampleCheckpoints(long id, double ageMs, double completed, double failed) {
    java.time.Instant at = f.clock.instant();
    history.record(
        List.of(
            new MetricSample(id, MetricNames.CHECKPOINT_AGE, null, at, ageMs),
            new MetricSample(id, MetricNames.CHECKPOINTS_COMPLETED, null, at, completed),
            new MetricSample(id, MetricNames.CHECKPOINTS_FAILED, null, at, failed)));
  }

  @Test
  void aRestartedServerContinuesTheAttemptsWhereTheyWere() {
    long id = running("orders");
    store.savePolicy(id, TWO_ATTEMPTS, "ana", f.clock.instant());
    fails(id, "boom");
    service().run();
    f.clock.advance(Duration.ofSeconds(10));
    service().run();
    fails(id, "boom");

    RecoveryService restarted = service();
    restarted.run();
    assertThat(restarted.progress(id).attempts()).isEqualTo(1);
    f.clock.advance(Duration.ofSeconds(20));
    restarted.run();
    fails(id, "boom");
    service().run();

    assertThat(f.engine.submitted()).hasSize(3);
    assertThat(service().progress(id).phase()).isEqualTo(RecoveryProgress.Phase.GAVE_UP);
  }

  @Test
  void aJobLostWithItsJobManagerIsDeployedAgainFromItsCheckpoint() {
    long id = running("orders");
    store.savePolicy(id, TWO_ATTEMPTS, "ana", f.clock.instant());
    f.jobs.recordCheckpoint(id, "file:/checkpoints/chk-9");
    String lost = job(id).flinkJobId();
    f.engine.cluster().remove(lost); // a JobManager without high availability forgets its jobs
    f.reconciler.reconcile();
    assertThat(job(id).state()).isEqualTo(JobState.LOST);
    RecoveryService recovery = service();

    recovery.run();
    f.clock.advance(Duration.ofSeconds(10));
    recovery.run();

    assertThat(restorePaths()).containsExactly(null, "file:/checkpoints/chk-9");
    assertThat(job(id).state()).isEqualTo(JobState.RUNNING);
    assertThat(store.ofJob(id, f.local.id(), java.time.Instant.EPOCH, 10).get(1).seen())
        .isEqualTo(
            "The job is no longer on its cluster (Flink job "
                + lost
                + "): The job vanished from cluster 'local' (cluster restarted or job removed"
                + " outside Sluice)");
  }

  @Test
  void aJobOfTheDefaultTierIsLeftToFlinksRestartStrategy() {
    long id = running("orders");
    fails(id, "boom");

    RecoveryService recovery = service();
    recovery.run();
    f.clock.advance(Duration.ofHours(1));
    recovery.run();

    assertThat(recovery.policy(id).enabled()).isFalse();
    assertThat(f.engine.submitted()).hasSize(1);
    assertThat(store.all()).isEmpty();
  }

  @Test
  void aJobDeployedByAUserWhileAnAttemptIsDueEndsTheEpisode() {
    long id = running("orders");
    store.savePolicy(id, TWO_ATTEMPTS, "ana", f.clock.instant());
    fails(id, "boom");
    RecoveryService recovery = service();
    recovery.run();

    f.deployments.deploy(id, "none");
    f.clock.advance(Duration.ofSeconds(10));
    recovery.run();

    assertThat(f.engine.submitted()).hasSize(2);
    assertThat(recovery.progress(id).phase()).isEqualTo(RecoveryProgress.Phase.IDLE);
    assertThat(store.kinds(id)).containsExactly("recovery.scheduled", "recovery.ended");
  }

  /**
   * A sync job that ran and failed on a changed source table, as the sync runtime fails it; the
   * unit tests have no sync programs, so its deploy fails.
   */
  private long failedSync(String name, String policy, String change) {
    return failedSync(name, policy, change, "jdbc");
  }

  private long failedSync(String name, String policy, String change, String target) {
    long id = f.jobs.insert(name, "SYNC", f.local.id(), "demo");
    f.jobs.addVersion(
        id,
        "{\"source\": \"shop\", \"tables\": [\"shop.orders\"], \"target\": {\"type\": \""
            + target
            + "\"}, \"schemaChanges\": \""
            + policy
            + "\"}\n",
        "ana",
        null);
    f.jobs.markSubmitting(id, "00000000000000000000000000000001", 1);
    f.jobs.updateState(
        id,
        JobState.FAILED,
        "SchemaChangedException: Sync schema change: table shop.orders "
            + change
            + "; the rows from here on were not written: the sync must be compiled against the"
            + " table as it is now");
    return id;
  }

  @Test
  void aSyncPausedByItsPolicyIsNotRestartedAndSaysWhyOnce() {
    long id = failedSync("orders-sync", "pause", "added column(s) channel");
    store.savePolicy(id, TWO_ATTEMPTS, "ana", f.clock.instant());
    RecoveryService recovery = service();

    recovery.run();
    f.clock.advance(Duration.ofMinutes(5));
    recovery.run();

    assertThat(f.engine.submitted()).isEmpty();
    assertThat(store.kinds(id)).containsExactly("sync.schema-paused");
    JobEvent paused = store.all().get(0);
    assertThat(paused.source()).isEqualTo("sync");
    assertThat(paused.seen()).isEqualTo("table shop.orders added column(s) channel");
    assertThat(paused.action()).isEqualTo("the sync is paused: the policy is pause");
    assertThat(paused.flinkJobId()).isEqualTo("00000000000000000000000000000001");
    assertThat(job(id).state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void aDroppedColumnPausesASyncEvenUnderEvolve() {
    long id = failedSync("orders-sync", "evolve", "dropped column(s) note");
    service().run();

    assertThat(f.engine.submitted()).isEmpty();
    assertThat(store.kinds(id)).containsExactly("sync.schema-paused");
    assertThat(store.all().get(0).action())
        .isEqualTo(
            "the sync is paused: the policy evolve applies only added columns to a table; a dropped"
                + " or renamed column, or a column of another type, would leave the target's rows"
                + " wrong");
  }

  @Test
  void aDroppedColumnIntoKafkaIsEvolvedTopicsTakeTheNewShape() {
    long id = failedSync("orders-sync", "evolve", "dropped column(s) note", "kafka");
    f.jobs.recordCheckpoint(id, "file:/checkpoints/chk-3");
    service().run();

    // The deploy from the checkpoint was tried (without sync programs here it fails).
    JobEvent event = store.all().get(0);
    assertThat(event.action())
        .isEqualTo(
            "deployed version 1 again from its latest checkpoint file:/checkpoints/chk-3,"
                + " compiled against the source tables as they are now");
  }

  @Test
  void aChangedTypePausesASyncEvenUnderEvolve() {
    long id =
        failedSync(
            "orders-sync", "evolve", "changed the type of column(s) amount (now DECIMAL(12, 4))");
    service().run();

    assertThat(f.engine.submitted()).isEmpty();
    assertThat(store.kinds(id)).containsExactly("sync.schema-paused");
    assertThat(store.all().get(0).seen())
        .isEqualTo("table shop.orders changed the type of column(s) amount (now DECIMAL(12, 4))");
  }

  @Test
  void anAddedColumnUnderEvolveDeploysTheSyncAgainFromItsCheckpoint() {
    long id = failedSync("orders-sync", "evolve", "added column(s) channel");
    f.jobs.recordCheckpoint(id, "file:/checkpoints/chk-3");
    service().run();

    // The deploy was tried from the checkpoint; without sync programs here it fails, and the
    // failure pauses the sync instead of entering the restart policy.
    assertThat(store.kinds(id)).containsExactly("sync.schema-paused");
    JobEvent event = store.all().get(0);
    assertThat(event.action())
        .isEqualTo(
            "deployed version 1 again from its latest checkpoint file:/checkpoints/chk-3,"
                + " compiled against the source tables as they are now");
    assertThat(event.outcome()).isEqualTo("failed: sync jobs are not available here");
  }
}
