package dev.sluice.server.ops.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alerts and the notifications they caused. A state change and the notification it causes are
 * written in one transaction ({@link #inTransaction}); the notifier is called after commit.
 */
@Repository
public class AlertStore {
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public AlertStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  public <T> T inTransaction(Supplier<T> work) {
    return transaction.execute(s -> work.get());
  }

  /** Pending and firing alerts. */
  public List<Alert> open() {
    return jdbc.sql("SELECT * FROM alerts WHERE open_key IS NOT NULL ORDER BY id")
        .query(AlertStore::alert)
        .list();
  }

  public List<Alert> open(long ruleId, long jobId) {
    return jdbc.sql(
            "SELECT * FROM alerts WHERE rule_id = ? AND job_id = ? AND open_key IS NOT NULL"
                + " ORDER BY id")
        .params(ruleId, jobId)
        .query(AlertStore::alert)
        .list();
  }

  /**
   * Alerts in the state (null: open ones and those resolved since {@code resolvedSince}), of the
   * job when given, newest first.
   */
  public List<Alert> query(AlertState state, Long jobId, Instant resolvedSince, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM alerts WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (state != null) {
      sql.append(" AND state = ?");
      params.add(state.name());
    }
    if (state == null || state == AlertState.RESOLVED) {
      sql.append(" AND (resolved_at IS NULL OR resolved_at >= ?)");
      params.add(Timestamps.of(resolvedSince));
    }
    if (jobId != null) {
      sql.append(" AND job_id = ?");
      params.add(jobId);
    }
    sql.append(" ORDER BY id DESC LIMIT ").append(limit);
    return jdbc.sql(sql.toString()).params(params).query(AlertStore::alert).list();
  }

  /** A new pending (or, with a zero {@code for}, firing) alert; fails if one is open already. */
  public Alert insert(
      long ruleId,
      long jobId,
      String vertex,
      AlertState state,
      Tier severity,
      Double value,
      Instant at) {
    jdbc.sql(
            "INSERT INTO alerts (rule_id, job_id, vertex, open_key, state, severity, metric_value,"
                + " pending_since, firing_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            ruleId,
            jobId,
            vertex,
            openKey(ruleId, jobId, vertex),
            state.name(),
            severity.name(),
            value,
            Timestamps.of(at),
            state == AlertState.FIRING ? Timestamps.of(at) : null)
        .update();
    return jdbc.sql("SELECT * FROM alerts WHERE open_key = ?")
        .param(openKey(ruleId, jobId, vertex))
        .query(AlertStore::alert)
        .single();
  }

  /** Writes the alert's state, value, times and suppression; a resolved one is no longer open. */
  public void update(Alert a) {
    jdbc.sql(
            "UPDATE alerts SET state = ?, metric_value = ?, firing_since = ?, resolved_at = ?,"
                + " suppressed = ?, open_key = ? WHERE id = ?")
        .params(
            a.state().name(),
            a.value(),
            Timestamps.of(a.firingSince()),
            Timestamps.of(a.resolvedAt()),
            a.suppressed(),
            a.state() == AlertState.RESOLVED ? null : openKey(a.ruleId(), a.jobId(), a.vertex()),
            a.id())
        .update();
  }

  public void delete(long id) {
    jdbc.sql("DELETE FROM alerts WHERE id = ?").param(id).update();
  }

  /**
   * Records that the status was sent, if what was last sent is still what the caller read: the
   * guard that makes a second evaluation (or server) decide nothing twice.
   */
  public boolean markNotified(Alert read, String status, Instant at) {
    StringBuilder sql =
        new StringBuilder("UPDATE alerts SET notified = ?, last_notified_at = ? WHERE id = ?");
    List<Object> params = new ArrayList<>(List.of(status, Timestamps.of(at), read.id()));
    if (read.notified() == null) {
      sql.append(" AND notified IS NULL");
    } else {
      sql.append(" AND notified = ?");
      params.add(read.notified());
    }
    if (read.lastNotifiedAt() == null) {
      sql.append(" AND last_notified_at IS NULL");
    } else {
      sql.append(" AND last_notified_at = ?");
      params.add(Timestamps.of(read.lastNotifiedAt()));
    }
    return jdbc.sql(sql.toString()).params(params).update() == 1;
  }

  public void addNotification(
      AlertNotification n, List<String> channels, Instant at, Instant holdUntil) {
    jdbc.sql(
            "INSERT INTO alert_notifications (alert_id, status, rule, severity, project, job,"
                + " vertex, metric_value, since, ended_at, summary, channels, created_at, hold_until)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            n.alertId(),
            n.status(),
            n.rule(),
            n.severity(),
            n.project(),
            n.job(),
            n.vertex(),
            n.value(),
            Timestamps.of(n.since()),
            Timestamps.of(n.endedAt()),
            n.summary().length() > 4000 ? n.summary().substring(0, 4000) : n.summary(),
            String.join(",", channels),
            Timestamps.of(at),
            Timestamps.of(holdUntil))
        .update();
  }

  /** Notifications not yet handed to the notifier whose time has come, oldest first. */
  public List<OutgoingNotification> due(Instant now) {
    return jdbc.sql(
            "SELECT * FROM alert_notifications WHERE dispatched_at IS NULL"
                + " AND (hold_until IS NULL OR hold_until <= ?) ORDER BY id")
        .param(Timestamps.of(now))
        .query(AlertStore::outgoing)
        .list();
  }

  /** Every notification, oldest first (for tests and the operator's view of what was decided). */
  public List<OutgoingNotification> notifications() {
    return jdbc.sql("SELECT * FROM alert_notifications ORDER BY id")
        .query(AlertStore::outgoing)
        .list();
  }

  /** Claims a notification for sending; false if another dispatch claimed it first. */
  public boolean markDispatched(long id, Instant at) {
    return jdbc.sql(
                "UPDATE alert_notifications SET dispatched_at = ? WHERE id = ?"
                    + " AND dispatched_at IS NULL")
            .params(Timestamps.of(at), id)
            .update()
        == 1;
  }

  /** Gives a claimed notification back, when the notifier refused it. */
  public void unmarkDispatched(long id) {
    jdbc.sql("UPDATE alert_notifications SET dispatched_at = NULL WHERE id = ?").param(id).update();
  }

  /** Drops resolved alerts and sent notifications older than the instant. */
  public void prune(Instant before) {
    jdbc.sql("DELETE FROM alerts WHERE state = 'RESOLVED' AND resolved_at < ?")
        .param(Timestamps.of(before))
        .update();
    jdbc.sql("DELETE FROM alert_notifications WHERE dispatched_at < ?")
        .param(Timestamps.of(before))
        .update();
  }

  private static String openKey(long ruleId, long jobId, String vertex) {
    String key = ruleId + ":" + jobId + ":" + (vertex == null ? "" : vertex);
    return key.length() > 400 ? key.substring(0, 400) : key;
  }

  private static Alert alert(ResultSet rs, int row) throws SQLException {
    return new Alert(
        rs.getLong("id"),
        rs.getLong("rule_id"),
        rs.getLong("job_id"),
        rs.getString("vertex"),
        AlertState.valueOf(rs.getString("state")),
        Tier.valueOf(rs.getString("severity")),
        Timestamps.readDouble(rs, "metric_value"),
        Timestamps.read(rs, "pending_since"),
        Timestamps.read(rs, "firing_since"),
        Timestamps.read(rs, "resolved_at"),
        rs.getString("notified"),
        Timestamps.read(rs, "last_notified_at"),
        rs.getString("suppressed"));
  }

  private static OutgoingNotification outgoing(ResultSet rs, int row) throws SQLException {
    String channels = rs.getString("channels");
    return new OutgoingNotification(
        rs.getLong("id"),
        new AlertNotification(
            rs.getString("status"),
            rs.getLong("alert_id"),
            rs.getString("rule"),
            rs.getString("severity"),
            rs.getString("project"),
            rs.getString("job"),
            rs.getString("vertex"),
            Timestamps.readDouble(rs, "metric_value"),
            Timestamps.read(rs, "since"),
            Timestamps.read(rs, "ended_at"),
            rs.getString("summary")),
        channels.isEmpty() ? List.of() : Arrays.asList(channels.split(",")),
        Timestamps.read(rs, "created_at"),
        Timestamps.read(rs, "hold_until"));
  }
}
