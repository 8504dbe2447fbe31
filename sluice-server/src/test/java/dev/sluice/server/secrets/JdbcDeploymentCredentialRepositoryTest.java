package dev.sluice.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestDatabases;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Deployment credentials on both databases the store supports. */
class JdbcDeploymentCredentialRepositoryTest {
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  static Stream<Arguments> databases() {
    return TestDatabases.kinds();
  }

  private static long job(JdbcClient jdbc, String name) {
    jdbc.sql(
            "INSERT INTO jobs (name, type, cluster_id, current_version, desired_state, state,"
                + " created_at, updated_at) VALUES (?, 'SQL', 1, 1, 'STOPPED', 'CREATED', ?, ?)")
        .params(name, T0, T0)
        .update();
    return jdbc.sql("SELECT id FROM jobs WHERE name = ?").param(name).query(Long.class).single();
  }

  private static DeploymentCredentialRepository.Stored credential(
      long job, String flinkJobId, String digest, Set<String> keys) {
    return new DeploymentCredentialRepository.Stored(
        job, flinkJobId, digest, keys, T0, T0.plusDays(30), null);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsDigestsWithTheirKeysAndRevokesByDeployment(String kind) {
    JdbcClient jdbc = TestDatabases.migratedClient(kind);
    jdbc.sql(
            "INSERT INTO clusters (id, name, kind, rest_url, created_at) VALUES (1, 'local',"
                + " 'LOCAL', 'http://localhost:8081', ?)")
        .param(T0)
        .update();
    long orders = job(jdbc, "orders");
    long other = job(jdbc, "other");
    JdbcDeploymentCredentialRepository repo = new JdbcDeploymentCredentialRepository(jdbc);
    repo.insert(credential(orders, "f1", "aa".repeat(32), Set.of("pay_key", "bank.key-2")));
    repo.insert(credential(orders, "f2", "bb".repeat(32), Set.of("pay_key")));
    repo.insert(credential(orders, "f3", "cc".repeat(32), Set.of()));
    repo.insert(credential(other, "g1", "dd".repeat(32), Set.of("pay_key")));

    assertThat(repo.all(orders))
        .containsExactly(
            credential(orders, "f1", "aa".repeat(32), Set.of("pay_key", "bank.key-2")),
            credential(orders, "f2", "bb".repeat(32), Set.of("pay_key")),
            credential(orders, "f3", "cc".repeat(32), Set.of()));
    // Valid strictly before expires_at.
    assertThat(repo.valid(orders, T0.plusDays(30).minusNanos(1000)))
        .extracting(DeploymentCredentialRepository.Stored::flinkJobId)
        .containsExactly("f1", "f2", "f3");
    assertThat(repo.valid(orders, T0.plusDays(30))).isEmpty();

    OffsetDateTime t1 = T0.plusHours(1);
    assertThat(repo.revoke(orders, "f1", t1)).isEqualTo(1);
    assertThat(repo.revoke(orders, "f1", t1.plusHours(1))).isZero();
    assertThat(repo.revokeAllBut(orders, "f3", t1)).isEqualTo(1);
    assertThat(repo.valid(orders, t1))
        .extracting(DeploymentCredentialRepository.Stored::flinkJobId)
        .containsExactly("f3");
    assertThat(repo.revokeAll(orders, t1)).isEqualTo(1);
    assertThat(repo.valid(orders, t1)).isEmpty();
    assertThat(repo.all(orders))
        .extracting(DeploymentCredentialRepository.Stored::revokedAt)
        .containsExactly(t1, t1, t1);
    assertThat(repo.valid(other, t1))
        .extracting(DeploymentCredentialRepository.Stored::flinkJobId)
        .containsExactly("g1");
  }
}
