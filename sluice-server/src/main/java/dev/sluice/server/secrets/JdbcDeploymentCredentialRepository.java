package dev.sluice.server.secrets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Deployment credentials on the server's database. */
@Repository
public class JdbcDeploymentCredentialRepository implements DeploymentCredentialRepository {
  private static final String COLUMNS =
      "job_id, flink_job_id, digest, key_names, created_at, expires_at, revoked_at";
  private final JdbcClient jdbc;

  public JdbcDeploymentCredentialRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void insert(Stored c) {
    jdbc.sql("INSERT INTO deployment_credentials (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(
            c.jobId(),
            c.flinkJobId(),
            c.digest(),
            // Key names are letters, digits, '_', '.' and '-': a comma never occurs in one.
            c.keyNames().stream().sorted().collect(Collectors.joining(",")),
            c.createdAt(),
            c.expiresAt(),
            c.revokedAt())
        .update();
  }

  @Override
  public List<Stored> valid(long jobId, OffsetDateTime at) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM deployment_credentials WHERE job_id = ? AND revoked_at IS NULL"
                + " AND expires_at > ? ORDER BY id")
        .params(jobId, at)
        .query(JdbcDeploymentCredentialRepository::stored)
        .list();
  }

  @Override
  public List<Stored> all(long jobId) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM deployment_credentials WHERE job_id = ? ORDER BY id")
        .param(jobId)
        .query(JdbcDeploymentCredentialRepository::stored)
        .list();
  }

  @Override
  public int revoke(long jobId, String flinkJobId, OffsetDateTime at) {
    return jdbc.sql(
            "UPDATE deployment_credentials SET revoked_at = ? WHERE job_id = ? AND flink_job_id = ?"
                + " AND revoked_at IS NULL")
        .params(at, jobId, flinkJobId)
        .update();
  }

  @Override
  public int revokeAll(long jobId, OffsetDateTime at) {
    return jdbc.sql(
            "UPDATE deployment_credentials SET revoked_at = ? WHERE job_id = ?"
                + " AND revoked_at IS NULL")
        .params(at, jobId)
        .update();
  }

  @Override
  public int revokeAllBut(long jobId, String flinkJobId, OffsetDateTime at) {
    return jdbc.sql(
            "UPDATE deployment_credentials SET revoked_at = ? WHERE job_id = ?"
                + " AND flink_job_id <> ? AND revoked_at IS NULL")
        .params(at, jobId, flinkJobId)
        .update();
  }

  private static Stored stored(ResultSet rs, int row) throws SQLException {
    String names = rs.getString("key_names");
    return new Stored(
        rs.getLong("job_id"),
        rs.getString("flink_job_id"),
        rs.getString("digest"),
        names.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(names.split(","))),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("expires_at", OffsetDateTime.class),
        rs.getObject("revoked_at", OffsetDateTime.class));
  }
}
