package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.server.fakes.FakeEngine;
import dev.sluice.server.fakes.ServerFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A redeploy (the recovery policy's) brings back the version that ran, through the deploy path. */
class RedeployTest {
  @TempDir Path dataDir;

  @Test
  void deploysTheVersionThatRanNotANewerSavedOne() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = f.job("orders", "INSERT INTO a SELECT 1");
    f.deployments.deploy(id, "none");
    String first = f.jobs.findById(id).orElseThrow().flinkJobId();
    f.save(id, "INSERT INTO a SELECT 2");
    f.engine.cluster().run(first, FlinkJobState.FAILED, "boom");
    f.reconciler.reconcile();
    f.jobs.recordCheckpoint(id, "file:/checkpoints/chk-1");

    Job again = f.deployments.redeploy(id, "latest-checkpoint");

    assertThat(again.deployedVersion()).isEqualTo(1);
    assertThat(again.currentVersion()).isEqualTo(2);
    assertThat(again.state()).isEqualTo(JobState.RUNNING);
    FakeEngine.Compiled sent = f.engine.submitted().get(1);
    assertThat(sent.script()).isEqualTo("INSERT INTO a SELECT 1");
    assertThat(sent.restorePath()).isEqualTo("file:/checkpoints/chk-1");
    assertThat(sent.jobId()).isEqualTo(again.flinkJobId()).isNotEqualTo(first);
  }

  @Test
  void isRefusedWhileTheJobsFlinkJobStillRuns() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = f.job("orders", "INSERT INTO a SELECT 1");
    f.deployments.deploy(id, "none");

    assertThatThrownBy(() -> f.deployments.redeploy(id, "none"))
        .isInstanceOf(JobConflictException.class)
        .hasMessageContaining("is already RUNNING");
    assertThat(f.engine.submitted()).hasSize(1);
  }
}
