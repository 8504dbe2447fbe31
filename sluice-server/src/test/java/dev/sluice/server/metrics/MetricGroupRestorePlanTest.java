package dev.sluice.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.RestorePlan;
import dev.sluice.server.TestDatabases;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.fakes.ServerFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore plan of a metric group's version before it is deployed: worked out from the state the
 * deploy would restore, without taking a savepoint or changing the job.
 */
class MetricGroupRestorePlanTest {
  private static final String V1 = "INSERT INTO out_tumble_1m SELECT COUNT(*) FROM src_pay";
  private static final String V2 = "INSERT INTO out_tumble_1m SELECT SUM(amount) FROM src_pay";

  @TempDir Path dataDir;

  private ServerFixture f;
  private MetricGroupService service;

  @BeforeEach
  void setUp() {
    f = new ServerFixture(dataDir);
    MetricGroupRepository repository =
        new MetricGroupRepository(TestDatabases.migratedClient("h2"));
    repository.add("demo", "pay", "{\"name\":\"pay\"}", V1, "ana", null);
    repository.add("demo", "pay", "{\"name\":\"pay\",\"v\":2}", V2, "ana", null);
    service =
        new MetricGroupService(
            null, null, repository, f.engine, null, f.jobs, f.deployments, null, null);
    f.engine.restorePlan(V2, MetricGroupRestorePlanTest::plan);
  }

  /** The running job's job as a deploy of version 1 left it; returns its Flink job id. */
  private String deployVersion1() {
    long id = f.job("metrics.pay", V1);
    return f.deployments.deploy(id, "none").flinkJobId();
  }

  @Test
  void aGroupThatWasNeverDeployedIsAFirstDeploy() {
    MetricGroupService.RestorePreview preview = service.restorePlan("pay", null);

    assertThat(preview.firstDeploy()).isTrue();
    assertThat(preview.version()).isEqualTo(2);
    assertThat(preview.job()).isEqualTo("metrics.pay");
    assertThat(preview.reason())
        .isEqualTo("Job 'metrics.pay' has never been deployed: every window starts empty");
    assertThat(preview.plan()).isNull();
    assertThat(preview.restoreFrom()).isNull();
    assertThat(preview.dropsState()).isFalse();
    assertThat(preview.statementsDroppingState()).isEmpty();
  }

  @Test
  void aRunningJobIsPlannedFromItsLatestCheckpointWithoutTouchingIt() {
    String running = deployVersion1();
    f.engine.cluster().checkpoint(running, "file:/checkpoints/" + running + "/chk-3");

    MetricGroupService.RestorePreview preview = service.restorePlan("pay", 2);

    assertThat(preview.firstDeploy()).isFalse();
    assertThat(preview.reason()).isNull();
    assertThat(preview.restoreFrom()).isEqualTo("file:/checkpoints/" + running + "/chk-3");
    assertThat(preview.plan().savepoint()).isEqualTo("file:/checkpoints/" + running + "/chk-3");
    assertThat(preview.plan().statements())
        .extracting(RestorePlan.StatementRestore::statement, RestorePlan.StatementRestore::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tumble_1m__kafka", RestorePlan.Status.KEPT),
            org.assertj.core.groups.Tuple.tuple("hop_10m_1m__kafka", RestorePlan.Status.CHANGED));
    assertThat(preview.dropsState()).isTrue();
    assertThat(preview.statementsDroppingState()).containsExactly("hop_10m_1m__kafka");
    // No savepoint, no stop: the job runs on as it was.
    assertThat(f.engine.cluster().calls()).isEmpty();
    assertThat(f.engine.cluster().running()).containsExactly(running);
    assertThat(f.jobs.findByName("metrics.pay").orElseThrow().currentVersion()).isEqualTo(1);
    assertThat(f.jobs.savepoints(f.jobs.findByName("metrics.pay").orElseThrow().id())).isEmpty();
  }

  @Test
  void aRunningJobWithoutACheckpointSaysThePlanIsNotKnownYet() {
    deployVersion1();

    MetricGroupService.RestorePreview preview = service.restorePlan("pay", 2);

    assertThat(preview.firstDeploy()).isFalse();
    assertThat(preview.plan()).isNull();
    assertThat(preview.reason())
        .isEqualTo(
            "Job 'metrics.pay' runs but has not completed a checkpoint yet: the plan is known once"
                + " it has");
  }

  @Test
  void aJobStoppedWithASavepointIsPlannedFromIt() {
    String running = deployVersion1();
    long id = f.jobs.findByName("metrics.pay").orElseThrow().id();
    String savepoint = f.deployments.stop(id, true, false).savepointPath();

    MetricGroupService.RestorePreview preview = service.restorePlan("pay", null);

    assertThat(preview.firstDeploy()).isFalse();
    assertThat(preview.restoreFrom())
        .isEqualTo(savepoint)
        .isEqualTo("file:/savepoints/savepoint-1");
    assertThat(preview.statementsDroppingState()).containsExactly("hop_10m_1m__kafka");
    assertThat(f.engine.cluster().calls()).containsExactly("stopWithSavepoint " + running);
  }

  @Test
  void aJobStoppedWithoutASavepointStartsEmpty() {
    deployVersion1();
    long id = f.jobs.findByName("metrics.pay").orElseThrow().id();
    f.deployments.stop(id, false, false);

    MetricGroupService.RestorePreview preview = service.restorePlan("pay", 2);

    assertThat(preview.firstDeploy()).isTrue();
    assertThat(preview.plan()).isNull();
    assertThat(preview.reason())
        .isEqualTo(
            "Job 'metrics.pay' has no savepoint to restore from: it starts with empty state");
  }

  @Test
  void anUnknownVersionOrGroupIsNotFound() {
    assertThatThrownBy(() -> service.restorePlan("pay", 7))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Metric group 'pay' version 7");
    assertThatThrownBy(() -> service.restorePlan("nope", null))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Metric group 'nope'");
  }

  private static RestorePlan plan(String savepoint) {
    RestorePlan.OperatorRestore kept =
        new RestorePlan.OperatorRestore("op-1", "tumble", "window", 256, true);
    RestorePlan.OperatorRestore dropped =
        new RestorePlan.OperatorRestore("op-2", null, null, 512, false);
    return new RestorePlan(
        savepoint,
        List.of(
            new RestorePlan.StatementRestore(
                "tumble_1m__kafka",
                "INSERT INTO out_tumble_1m_kafka",
                1,
                RestorePlan.Status.KEPT,
                256,
                0,
                0,
                List.of(kept)),
            new RestorePlan.StatementRestore(
                "hop_10m_1m__kafka",
                "INSERT INTO out_hop_10m_1m_kafka",
                2,
                RestorePlan.Status.CHANGED,
                0,
                512,
                1,
                List.of(dropped))),
        List.of());
  }
}
