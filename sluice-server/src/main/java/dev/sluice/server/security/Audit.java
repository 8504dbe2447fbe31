package dev.sluice.server.security;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who did what and when: logins, deploys, stops, grants, token and secret changes, a job's use of a
 * key. An event names things, never a secret's value.
 */
@Repository
public class Audit {
  private static final int MAX_DETAIL = 2000;
  private final JdbcClient jdbc;
  private final Clock clock;

  public Audit(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * @param actor a username, {@code job:<id>} for a job on the cluster, or {@code sluice}
   * @param action what was done, for example {@code job.deploy}
   * @param project the project it was done in, or null
   * @param target what it was done to, for example {@code job 12}
   * @param detail anything else worth keeping, or null
   */
  public record Event(
      long id,
      OffsetDateTime at,
      String actor,
      String action,
      String project,
      String target,
      String detail) {}

  public void record(String actor, String action, String project, String target, String detail) {
    // What a caller typed (a user name at a failed login, a token's name) is kept, but never
    // longer than its column: an event is always recorded.
    jdbc.sql(
            "INSERT INTO audit_events (at, actor, action, project, target, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
        .params(
            OffsetDateTime.now(clock),
            cut(actor, 128),
            cut(action, 64),
            cut(project, 64),
            cut(target, 256),
            cut(detail, MAX_DETAIL))
        .update();
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** Events matching every filter given (null: any), newest first. */
  public List<Event> query(
      String actor, String action, String project, OffsetDateTime since, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM audit_events WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (actor != null) {
      sql.append(" AND actor = ?");
      params.add(actor);
    }
    if (action != null) {
      sql.append(" AND (action = ? OR action LIKE ?)");
      params.add(action);
      params.add(action + ".%");
    }
    if (project != null) {
      sql.append(" AND project = ?");
      params.add(project);
    }
    if (since != null) {
      sql.append(" AND at >= ?");
      params.add(since);
    }
    sql.append(" ORDER BY id DESC LIMIT ").append(limit);
    return jdbc.sql(sql.toString()).params(params).query(Event.class).list();
  }
}
