package dev.sluice.server.lineage;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored lineage per job version. */
@Repository
class LineageRepository {
  private final JdbcClient jdbc;

  LineageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One stored row: the lineage JSON when VALID, the problems JSON when INVALID. */
  record Stored(long jobId, int version, String status, String lineage, String problems) {}

  void save(long jobId, int version, String status, String lineage, String problems) {
    jdbc.sql("DELETE FROM job_version_lineage WHERE job_id = ? AND version = ?")
        .params(jobId, version)
        .update();
    jdbc.sql(
            "INSERT INTO job_version_lineage (job_id, version, status, lineage, problems, computed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
        .params(jobId, version, status, lineage, problems, OffsetDateTime.now(ZoneOffset.UTC))
        .update();
  }

  Optional<Stored> find(long jobId, int version) {
    return jdbc.sql(
            "SELECT job_id, version, status, lineage, problems FROM job_version_lineage"
                + " WHERE job_id = ? AND version = ?")
        .params(jobId, version)
        .query(Stored.class)
        .optional();
  }

  /** The lineage of every job's current version that has one. */
  List<Stored> current() {
    return jdbc.sql(
            "SELECT l.job_id, l.version, l.status, l.lineage, l.problems FROM job_version_lineage l"
                + " JOIN jobs j ON j.id = l.job_id AND j.current_version = l.version"
                + " WHERE l.status = 'VALID'")
        .query(Stored.class)
        .list();
  }
}
