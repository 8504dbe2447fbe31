package dev.sluice.server.ops.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.fakes.InMemoryMetricHistory;
import dev.sluice.server.fakes.ServerFixture;
import dev.sluice.server.ops.metrics.MetricNames;
import dev.sluice.server.ops.metrics.MetricSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncSignalsTest {
  @TempDir Path dataDir;

  @Test
  void aSyncsSchemaChangesCountForTenMinutesAndOtherJobsHaveNoSignal() {
    ServerFixture f = new ServerFixture(dataDir);
    InMemoryRecovery events = new InMemoryRecovery();
    InMemoryMetricHistory history = new InMemoryMetricHistory();
    long sync = f.jobs.insert("orders-sync", "SYNC", f.local.id(), "demo");
    long sql = f.jobs.insert("totals", "SQL", f.local.id(), "demo");
    SyncSignals signals = new SyncSignals(f.jobs, events, history, f.clock);

    signals.record();
    events.record(
        JobEvent.ofJob(
            sync,
            "sync",
            "sync.schema-evolved",
            "table shop.orders added column(s) channel",
            "deployed version 1 again",
            "submitted",
            null,
            "f1",
            f.clock.instant()));
    events.record(
        JobEvent.ofJob(
            sync,
            "recovery",
            "recovery.attempt",
            "failed",
            "restarted",
            "ok",
            1,
            "f1",
            f.clock.instant()));
    f.clock.advance(Duration.ofMinutes(9));
    signals.record();
    f.clock.advance(Duration.ofMinutes(2));
    signals.record();

    List<String> seen =
        history.all().stream()
            .map(s -> s.jobId() + " " + s.name() + " " + (long) s.value())
            .toList();
    assertThat(seen)
        .containsExactly(
            sync + " " + MetricNames.SYNC_SCHEMA_CHANGES + " 0",
            sync + " " + MetricNames.SYNC_SCHEMA_CHANGES + " 1",
            sync + " " + MetricNames.SYNC_SCHEMA_CHANGES + " 0");
    assertThat(history.all()).extracting(MetricSample::jobId).doesNotContain(sql);
  }
}
