package dev.sluice.server.ops.alerts;

import dev.sluice.server.jobs.JobState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tier column of jobs, and the jobs alert rules watch. */
@Repository
public class JobTiers {
  private static final String COLUMNS = "SELECT id, name, project, tier, state FROM jobs";
  private final JdbcClient jdbc;

  public JobTiers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Production jobs the user wants running and that were submitted (debug runs are not jobs); a
   * failed or lost one stays watched, so that its rules see it.
   */
  public List<WatchedJob> watched() {
    return jdbc.sql(
            COLUMNS
                + " WHERE desired_state = 'RUNNING' AND flink_job_id IS NOT NULL"
                + " ORDER BY id")
        .query(JobTiers::job)
        .list();
  }

  public Optional<WatchedJob> job(long id) {
    return jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query(JobTiers::job).optional();
  }

  public Optional<WatchedJob> job(String name) {
    return jdbc.sql(COLUMNS + " WHERE name = ?").param(name).query(JobTiers::job).optional();
  }

  public boolean setTier(long jobId, Tier tier) {
    return jdbc.sql("UPDATE jobs SET tier = ? WHERE id = ?").params(tier.name(), jobId).update()
        == 1;
  }

  private static WatchedJob job(ResultSet rs, int row) throws SQLException {
    return new WatchedJob(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("project"),
        Tier.valueOf(rs.getString("tier")),
        JobState.valueOf(rs.getString("state")));
  }
}
