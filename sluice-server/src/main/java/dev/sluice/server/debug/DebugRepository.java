package dev.sluice.server.debug;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Debug runs and the rows their taps posted. */
@Repository
class DebugRepository {
  private final JdbcClient jdbc;

  DebugRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One posted row. */
  record StoredRow(long seq, String kind, String rowValues) {}

  void insert(DebugRun run) {
    jdbc.sql(
            "INSERT INTO debug_runs (id, job_id, script, cluster_id, flink_job_id, token, status, reason,"
                + " steps, max_rows, max_seconds, idle_seconds, author, created_at, last_read_at, ended_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
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
            run.endedAt())
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

  boolean hasBatch(String id, String step, long firstSeq) {
    return jdbc.sql("SELECT COUNT(*) FROM debug_rows WHERE run_id = ? AND step = ? AND seq = ?")
            .params(id, step, firstSeq)
            .query(Long.class)
            .single()
        > 0;
  }

  void addRow(String id, String step, long seq, String kind, String values) {
    jdbc.sql("INSERT INTO debug_rows (run_id, step, seq, kind, row_values) VALUES (?, ?, ?, ?, ?)")
        .params(id, step, seq, kind, values)
        .update();
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
            "DELETE FROM debug_rows WHERE run_id IN (SELECT id FROM debug_runs WHERE ended_at < ?)")
        .param(time)
        .update();
    return jdbc.sql("DELETE FROM debug_runs WHERE ended_at < ?").param(time).update();
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
