package dev.sluice.server.ops.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Policies, progress and events on both databases the store supports. */
class JdbcRecoveryStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  static Stream<Arguments> databases() {
    return TestDatabases.kinds();
  }

  private static long job(JdbcClient jdbc, String name) {
    jdbc.sql(
            "INSERT INTO jobs (name, type, cluster_id, current_version, desired_state, state,"
                + " created_at, updated_at, project) VALUES (?, 'SQL', 1, 1, 'RUNNING', 'RUNNING',"
                + " ?, ?, 'demo')")
        .params(name, T0.atOffset(ZoneOffset.UTC), T0.atOffset(ZoneOffset.UTC))
        .update();
    return jdbc.sql("SELECT id FROM jobs WHERE name = ?").param(name).query(Long.class).single();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsAPolicyAndTheProgressAsSaved(String kind) {
    DataSource ds = TestDatabases.migrated(kind);
    JdbcClient jdbc = JdbcClient.create(ds);
    jdbc.sql(
            "INSERT INTO clusters (id, name, kind, rest_url, created_at) VALUES (1, 'local',"
                + " 'LOCAL', 'http://localhost:8081', ?)")
        .param(T0.atOffset(ZoneOffset.UTC))
        .update();
    long id = job(jdbc, "orders");
    JdbcRecoveryStore store = new JdbcRecoveryStore(jdbc, new DataSourceTransactionManager(ds));
    RecoveryPolicy policy =
        new RecoveryPolicy(
            true,
            RestoreFrom.SAVEPOINT,
            4,
            Duration.ofSeconds(3),
            Duration.ofMinutes(2),
            Duration.ofMinutes(7),
            9,
            Duration.ofHours(1),
            Duration.ofMinutes(20));

    assertThat(store.policy(id)).isEmpty();
    store.savePolicy(id, policy, "ana", T0);
    store.savePolicy(id, policy, "ana", T0.plusSeconds(1));
    assertThat(store.policy(id)).contains(policy);

    RecoveryProgress waiting =
        RecoveryProgress.idle(id)
            .restarting("f1", T0)
            .waiting("it failed", T0.plusSeconds(3), "f1", T0);
    store.saveProgress(waiting, T0);
    assertThat(store.progress(id)).contains(waiting);
    RecoveryProgress submitted = waiting.attempting(1, T0.plusSeconds(3)).submitted("f2");
    store.saveProgress(submitted, T0.plusSeconds(3));
    assertThat(store.progress(id)).contains(submitted);
    assertThat(store.progress(id + 1)).isEmpty();

    JdbcEventLog events = new JdbcEventLog(jdbc);
    long other = job(jdbc, "payments");
    events.record(
        JobEvent.ofCluster(1, "supervisor", "taskmanager.died", "gone", "start", null, T0));
    events.record(
        JobEvent.ofCluster(
            1, "supervisor", "taskmanager.died", "long ago", "start", null, T0.minusSeconds(60)));
    events.record(
        JobEvent.ofJob(id, "recovery", "recovery.attempt", "seen", "did", "ok", 1, "f2", T0));
    events.record(
        JobEvent.ofJob(other, "recovery", "recovery.scheduled", "x", "y", null, null, null, T0));
    events.record(
        JobEvent.ofCluster(2, "supervisor", "taskmanager.died", "gone", "start", null, T0));

    assertThat(events.ofJob(id, 1, T0, 10))
        .extracting(JobEvent::seen)
        .containsExactly("seen", "gone");
    assertThat(events.ofJob(id, 1, T0.minusSeconds(60), 10)).hasSize(3);
    JobEvent attempt = events.ofJob(id, 1, T0, 1).get(0);
    assertThat(attempt.jobId()).isEqualTo(id);
    assertThat(attempt.clusterId()).isNull();
    assertThat(attempt.attempt()).isEqualTo(1);
    assertThat(attempt.flinkJobId()).isEqualTo("f2");
    assertThat(attempt.at()).isEqualTo(T0);
    assertThat(attempt.outcome()).isEqualTo("ok");
  }
}
