package dev.sluice.server.ops.recovery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Events on the server's database. */
@Repository
public class JdbcEventLog implements EventLog {
  private static final String COLUMNS =
      "id, job_id, cluster_id, source, kind, seen, action, outcome, attempt, flink_job_id,"
          + " created_at";
  private final JdbcClient jdbc;

  public JdbcEventLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public long record(JobEvent e) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO events (job_id, cluster_id, source, kind, seen, action, outcome, attempt,"
                + " flink_job_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            e.jobId(),
            e.clusterId(),
            e.source(),
            e.kind(),
            e.seen(),
            e.action(),
            e.outcome(),
            e.attempt(),
            e.flinkJobId(),
            e.at().atOffset(ZoneOffset.UTC))
        .update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }

  @Override
  public List<JobEvent> ofJob(long jobId, long clusterId, Instant clusterSince, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM events WHERE job_id = ?"
                + " OR (job_id IS NULL AND cluster_id = ? AND created_at >= ?)"
                + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY")
        .params(jobId, clusterId, clusterSince.atOffset(ZoneOffset.UTC), limit)
        .query(JdbcEventLog::event)
        .list();
  }

  private static JobEvent event(ResultSet rs, int row) throws SQLException {
    long job = rs.getLong("job_id");
    Long jobId = rs.wasNull() ? null : job;
    long cluster = rs.getLong("cluster_id");
    Long clusterId = rs.wasNull() ? null : cluster;
    int attempt = rs.getInt("attempt");
    Integer a = rs.wasNull() ? null : attempt;
    return new JobEvent(
        rs.getLong("id"),
        jobId,
        clusterId,
        rs.getString("source"),
        rs.getString("kind"),
        rs.getString("seen"),
        rs.getString("action"),
        rs.getString("outcome"),
        a,
        rs.getString("flink_job_id"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
