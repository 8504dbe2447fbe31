package dev.sluice.server.ops.recovery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Recovery policies and progress on the server's database. */
@Repository
public class JdbcRecoveryStore implements RecoveryStore {
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public JdbcRecoveryStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
  }

  @Override
  public Optional<RecoveryPolicy> policy(long jobId) {
    return jdbc.sql(
            "SELECT enabled, restore_from, max_attempts, initial_backoff_ms, max_backoff_ms,"
                + " stuck_restarting_ms, restarts_count, restarts_within_ms, no_checkpoint_ms"
                + " FROM recovery_policies WHERE job_id = ?")
        .param(jobId)
        .query(
            (rs, row) ->
                new RecoveryPolicy(
                    rs.getBoolean("enabled"),
                    RestoreFrom.valueOf(rs.getString("restore_from")),
                    rs.getInt("max_attempts"),
                    Duration.ofMillis(rs.getLong("initial_backoff_ms")),
                    Duration.ofMillis(rs.getLong("max_backoff_ms")),
                    Duration.ofMillis(rs.getLong("stuck_restarting_ms")),
                    rs.getInt("restarts_count"),
                    Duration.ofMillis(rs.getLong("restarts_within_ms")),
                    Duration.ofMillis(rs.getLong("no_checkpoint_ms"))))
        .optional();
  }

  @Override
  public void savePolicy(long jobId, RecoveryPolicy p, String author, Instant at) {
    tx.executeWithoutResult(
        s -> {
          jdbc.sql("DELETE FROM recovery_policies WHERE job_id = ?").param(jobId).update();
          jdbc.sql(
                  "INSERT INTO recovery_policies (job_id, enabled, restore_from, max_attempts,"
                      + " initial_backoff_ms, max_backoff_ms, stuck_restarting_ms,"
                      + " restarts_count, restarts_within_ms, no_checkpoint_ms, author,"
                      + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
              .params(
                  jobId,
                  p.enabled(),
                  p.restoreFrom().name(),
                  p.maxAttempts(),
                  p.initialBackoff().toMillis(),
                  p.maxBackoff().toMillis(),
                  p.stuckRestartingAfter().toMillis(),
                  p.restartsCount(),
                  p.restartsWithin().toMillis(),
                  p.noCheckpointFor().toMillis(),
                  author,
                  ts(at))
              .update();
        });
  }

  @Override
  public Optional<RecoveryProgress> progress(long jobId) {
    return jdbc.sql(
            "SELECT job_id, phase, attempts, trigger_reason, episode_started_at, next_attempt_at,"
                + " last_attempt_at, last_flink_job_id, restarting_job_id, restarting_since"
                + " FROM recovery_progress WHERE job_id = ?")
        .param(jobId)
        .query(JdbcRecoveryStore::progress)
        .optional();
  }

  @Override
  public void saveProgress(RecoveryProgress p, Instant at) {
    Object[] values = {
      p.phase().name(),
      p.attempts(),
      p.reason(),
      ts(p.episodeStartedAt()),
      ts(p.nextAttemptAt()),
      ts(p.lastAttemptAt()),
      p.flinkJobId(),
      p.restartingJobId(),
      ts(p.restartingSince()),
      ts(at),
      p.jobId()
    };
    tx.executeWithoutResult(
        s -> {
          int updated =
              jdbc.sql(
                      "UPDATE recovery_progress SET phase = ?, attempts = ?, trigger_reason = ?,"
                          + " episode_started_at = ?, next_attempt_at = ?, last_attempt_at = ?,"
                          + " last_flink_job_id = ?, restarting_job_id = ?, restarting_since = ?,"
                          + " updated_at = ? WHERE job_id = ?")
                  .params(values)
                  .update();
          if (updated == 0) {
            jdbc.sql(
                    "INSERT INTO recovery_progress (phase, attempts, trigger_reason,"
                        + " episode_started_at, next_attempt_at, last_attempt_at,"
                        + " last_flink_job_id, restarting_job_id, restarting_since, updated_at,"
                        + " job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(values)
                .update();
          }
        });
  }

  private static RecoveryProgress progress(ResultSet rs, int row) throws SQLException {
    return new RecoveryProgress(
        rs.getLong("job_id"),
        RecoveryProgress.Phase.valueOf(rs.getString("phase")),
        rs.getInt("attempts"),
        rs.getString("trigger_reason"),
        instant(rs, "episode_started_at"),
        instant(rs, "next_attempt_at"),
        instant(rs, "last_attempt_at"),
        rs.getString("last_flink_job_id"),
        rs.getString("restarting_job_id"),
        instant(rs, "restarting_since"));
  }

  private static OffsetDateTime ts(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
