package dev.sluice.server.ops.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Silences in the store. */
@Repository
public class SilenceStore {
  private final JdbcClient jdbc;

  public SilenceStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Silence insert(
      String project,
      String job,
      String rule,
      Tier severity,
      Instant startsAt,
      Instant endsAt,
      String author,
      String comment,
      Instant now) {
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO silences (project, job, rule, severity, starts_at, ends_at, author,"
                + " comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            project,
            job,
            rule,
            severity == null ? null : severity.name(),
            Timestamps.of(startsAt),
            Timestamps.of(endsAt),
            author,
            comment,
            Timestamps.of(now))
        .update(key, "id");
    return byId(key.getKey().longValue()).orElseThrow();
  }

  public Optional<Silence> byId(long id) {
    return jdbc.sql("SELECT * FROM silences WHERE id = ?")
        .param(id)
        .query(SilenceStore::silence)
        .optional();
  }

  /** Silences that have not ended by the instant (active or still to come), by start. */
  public List<Silence> notEnded(Instant at) {
    return jdbc.sql("SELECT * FROM silences WHERE ends_at > ? ORDER BY starts_at, id")
        .param(Timestamps.of(at))
        .query(SilenceStore::silence)
        .list();
  }

  public List<Silence> all() {
    return jdbc.sql("SELECT * FROM silences ORDER BY starts_at, id")
        .query(SilenceStore::silence)
        .list();
  }

  public boolean delete(long id) {
    return jdbc.sql("DELETE FROM silences WHERE id = ?").param(id).update() == 1;
  }

  private static Silence silence(ResultSet rs, int row) throws SQLException {
    String severity = rs.getString("severity");
    return new Silence(
        rs.getLong("id"),
        rs.getString("project"),
        rs.getString("job"),
        rs.getString("rule"),
        severity == null ? null : Tier.valueOf(severity),
        Timestamps.read(rs, "starts_at"),
        Timestamps.read(rs, "ends_at"),
        rs.getString("author"),
        rs.getString("comment"),
        Timestamps.read(rs, "created_at"));
  }
}
