package dev.sluice.server.debug;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Debug runs and the rows their taps posted. */
@Repository
class DebugRepository {
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  DebugRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  /** One posted row. */
  record StoredRow(long seq, String kind, String rowValues) {}

  /**
   * What became of a posted batch: stored, or a retry of one already stored; and how many rows the
   * step has now.
   */
  record Appended(boolean retry, long rows) {}

  void insert(DebugRun run) {
    jdbc.sql(
            "INSERT INTO debug_runs (id, job_id, script, cluster_id, flink_job_id, token, status, reason,"
                + " steps, max_rows, max_seconds, idle_seconds, author, created_at, last_read_at, ended_at,"
                + " project, live) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            run.id(),
            run.jobId(),
            run.script(),
            run.clusterId(),
            run.flinkJobId(),
            run.token(),
            run.status(),
            run.reason(),
            run.steps(),
            run.maxRows(),
            run.maxSeconds(),
            run.idleSeconds(),
            run.author(),
            run.createdAt(),
            run.lastReadAt(),
            run.endedAt(),
            run.project(),
            run.live())
        .update();
  }

  Optional<DebugRun> find(String id) {
    return jdbc.sql("SELECT * FROM debug_runs WHERE id = ?")
        .param(id)
        .query(DebugRun.class)
        .optional();
  }

  List<DebugRun> all() {
    return jdbc.sql("SELECT * FROM debug_runs ORDER BY created_at DESC")
        .query(DebugRun.class)
        .list();
  }

  List<DebugRun> running() {
    return jdbc.sql("SELECT * FROM debug_runs WHERE status = 'RUNNING'")
        .query(DebugRun.class)
        .list();
  }

  /** Ends a running run; false when it had already ended (the first reason wins). */
  boolean end(String id, String status, String reason) {
    return jdbc.sql(
                "UPDATE debug_runs SET status = ?, reason = ?, ended_at = ? WHERE id = ? AND status = 'RUNNING'")
            .params(status, reason, now(), id)
            .update()
        == 1;
  }

  void touch(String id) {
    jdbc.sql("UPDATE debug_runs SET last_read_at = ? WHERE id = ?").params(now(), id).update();
  }

  long count(String id, String step) {
    return jdbc.sql("SELECT COUNT(*) FROM debug_rows WHERE run_id = ? AND step = ?")
        .params(id, step)
        .query(Long.class)
        .single();
  }

  /**
   * Stores a batch's rows after the step's last row, at most up to {@code maxRows} rows for the
   * step, unless the same sender's batch of that number was stored before (a retry after a lost
   * answer). The run's row is locked meanwhile, so concurrent posts of one run (a sink's last post
   * still in flight while its restarted attempt posts) take their places one after the other.
   */
  Appended append(String id, PostedBatch posted, int maxRows) {
    PostedBatch.Id batch = posted.id();
    List<PostedBatch.Row> rows = posted.rows();
    return transaction.execute(
        status -> {
          jdbc.sql("SELECT id FROM debug_runs WHERE id = ? FOR UPDATE")
              .param(id)
              .query(String.class)
              .list();
          long stored = count(id, batch.step());
          if (hasBatch(id, batch)) {
            return new Appended(true, stored);
          }
          long seq =
              jdbc.sql(
                      "SELECT COALESCE(MAX(seq), -1) + 1 FROM debug_rows WHERE run_id = ? AND step = ?")
                  .params(id, batch.step())
                  .query(Long.class)
                  .single();
          int taken = (int) Math.max(0, Math.min(rows.size(), maxRows - stored));
          for (PostedBatch.Row row : rows.subList(0, taken)) {
            jdbc.sql(
                    "INSERT INTO debug_rows (run_id, step, seq, kind, row_values) VALUES (?, ?, ?, ?, ?)")
                .params(id, batch.step(), seq++, row.kind(), row.values())
                .update();
          }
          jdbc.sql(
                  "INSERT INTO debug_batches (run_id, step, subtask, attempt, instance_id, batch,"
                      + " row_count) VALUES (?, ?, ?, ?, ?, ?, ?)")
              .params(
                  id,
                  batch.step(),
                  batch.subtask(),
                  batch.attempt(),
                  batch.instance(),
                  batch.batch(),
                  taken)
              .update();
          return new Appended(false, stored + taken);
        });
  }

  private boolean hasBatch(String id, PostedBatch.Id batch) {
    return jdbc.sql(
                "SELECT COUNT(*) FROM debug_batches WHERE run_id = ? AND step = ? AND subtask = ?"
                    + " AND attempt = ? AND instance_id = ? AND batch = ?")
            .params(
                id, batch.step(), batch.subtask(), batch.attempt(), batch.instance(), batch.batch())
            .query(Long.class)
            .single()
        > 0;
  }

  List<StoredRow> rows(String id, String step, long after, int limit) {
    return jdbc.sql(
            "SELECT seq, kind, row_values FROM debug_rows WHERE run_id = ? AND step = ? AND seq > ?"
                + " ORDER BY seq LIMIT ?")
        .params(id, step, after, limit)
        .query(StoredRow.class)
        .list();
  }

  int deleteEndedBefore(OffsetDateTime time) {
    jdbc.sql(
            "DELETE FROM debug_batches WHERE run_id IN (SELECT id FROM debug_runs WHERE ended_at < ?)")
        .param(time)
        .update();
    jdbc.sql(
            "DELETE FROM debug_rows WHERE run_id IN (SELECT id FROM debug_runs WHERE ended_at < ?)")
        .param(time)
        .update();
    return jdbc.sql("DELETE FROM debug_runs WHERE ended_at < ?").param(time).update();
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
