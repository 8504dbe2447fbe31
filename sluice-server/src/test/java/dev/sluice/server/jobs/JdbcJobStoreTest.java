package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterStore;
import dev.sluice.server.clusters.JdbcClusterStore;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The store on both databases it supports: embedded H2 and a real PostgreSQL (started by dev/test,
 * which sets SLUICE_TEST_PG_URL; required under CI and dev/test, see {@link TestDatabases}).
 */
class JdbcJobStoreTest {

  static Stream<Arguments> databases() {
    return TestDatabases.kinds();
  }

  private static JdbcClient migrated(String kind) {
    return TestDatabases.migratedClient(kind);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsImmutableVersionsAndTheDesiredState(String kind) {
    JdbcClient jdbc = migrated(kind);
    ClusterStore clusters = new JdbcClusterStore(jdbc);
    JobStore jobs = new JdbcJobStore(jdbc);
    Cluster local = clusters.insert(Cluster.LOCAL, "LOCAL", "http://localhost:8081");

    long id = jobs.insert("orders", "SQL", local.id(), "demo");
    JobVersion v1 = jobs.addVersion(id, "INSERT INTO a SELECT 1", "ana", "first");
    JobVersion v2 = jobs.addVersion(id, "INSERT INTO a SELECT 2", "bo", null);
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(jobs.versions(id))
        .extracting(JobVersion::script)
        .containsExactly("INSERT INTO a SELECT 1", "INSERT INTO a SELECT 2");
    assertThat(jobs.findById(id).orElseThrow().currentVersion()).isEqualTo(2);

    Job before = jobs.findById(id).orElseThrow();
    jobs.markSubmitting(id, "0123456789abcdef0123456789abcdef", 2);
    Job submitting = jobs.findById(id).orElseThrow();
    assertThat(submitting.state()).isEqualTo(JobState.SUBMITTING);
    assertThat(submitting.desiredState()).isEqualTo(DesiredState.RUNNING);
    assertThat(jobs.findByStates(List.of(JobState.SUBMITTING)))
        .extracting(Job::id)
        .containsExactly(id);

    jobs.restore(before);
    Job restored = jobs.findById(id).orElseThrow();
    assertThat(restored.state()).isEqualTo(JobState.CREATED);
    assertThat(restored.flinkJobId()).isNull();

    jobs.addSavepoint(
        id, "0123456789abcdef0123456789abcdef", 2, SavepointKind.SAVEPOINT, "file:/sp/1");
    jobs.addSavepoint(
        id, "0123456789abcdef0123456789abcdef", 2, SavepointKind.SAVEPOINT, "file:/sp/2");
    assertThat(jobs.savepoints(id))
        .extracting(Savepoint::path)
        .containsExactly("file:/sp/2", "file:/sp/1");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void refusesDuplicateNames(String kind) {
    JdbcClient jdbc = migrated(kind);
    Cluster local =
        new JdbcClusterStore(jdbc).insert(Cluster.LOCAL, "LOCAL", "http://localhost:8081");
    JobStore jobs = new JdbcJobStore(jdbc);
    jobs.insert("twice", "SQL", local.id(), "demo");
    assertThatThrownBy(() -> jobs.insert("twice", "SQL", local.id(), "demo"))
        .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
  }
}
