package dev.sluice.server.ops.channels;

import dev.sluice.server.ops.alerts.AlertNotification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deliveries of notifications, on the server's database: the queue the sender works through and
 * the record of every send. A notification is queued once per channel whatever happens: the key
 * (channel, alert, status, firing since) is unique.
 */
@Repository
public class DeliveryQueue {
  private static final int MAX_TEXT = 2000;
  private static final String COLUMNS =
      "id, channel, project, alert_id, status, firing_since, occurrence, notification, summary,"
          + " recipient,"
          + " state, attempts, last_error, created_at, delivered_at, next_attempt_at";
  private final JdbcClient jdbc;
  private final JsonMapper json;

  public DeliveryQueue(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Times as both databases keep them (microseconds), so a key compares equal to its row's. */
  static OffsetDateTime stored(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  /**
   * Queues the notification for the channel, due at once; nothing if it was queued already.
   *
   * <p>The same alert, status and firing start as a delivery queued less than {@code
   * duplicateWindow} ago is that notification handed over again (a retried hand-over, a restart):
   * not queued. After the window it is a repeat of a still firing alert and queued as the next
   * occurrence.
   *
   * @return the new delivery's id, or empty if this very notification was queued before
   */
  public Optional<Long> enqueue(
      String channel,
      String project,
      AlertNotification n,
      String recipient,
      Instant now,
      Duration duplicateWindow) {
    OffsetDateTime since = stored(n.since());
    OffsetDateTime at = stored(now);
    record Latest(Integer occurrence, OffsetDateTime createdAt) {}
    Latest latest =
        jdbc.sql(
                "SELECT occurrence, created_at FROM channel_deliveries WHERE channel = ?"
                    + " AND alert_id = ? AND status = ? AND firing_since = ?"
                    + " ORDER BY occurrence DESC LIMIT 1")
            .params(channel, n.alertId(), n.status(), since)
            .query(
                (rs, row) ->
                    new Latest(
                        rs.getInt("occurrence"), rs.getObject("created_at", OffsetDateTime.class)))
            .optional()
            .orElse(new Latest(null, null));
    if (latest.occurrence() != null
        && latest.createdAt().toInstant().isAfter(now.minus(duplicateWindow))) {
      return Optional.empty();
    }
    int occurrence = latest.occurrence() == null ? 0 : latest.occurrence() + 1;
    String summary =
        clip(Messages.title(n) + (n.summary() == null ? "" : ": " + n.summary()), 1000);
    int inserted;
    try {
      // Guarded by NOT EXISTS rather than by catching the duplicate: on PostgreSQL a failed INSERT
      // spoils the caller's transaction, and the alerts may queue inside one.
      inserted =
          jdbc.sql(
                  "INSERT INTO channel_deliveries (channel, project, alert_id, status,"
                      + " firing_since, occurrence, notification, summary, recipient, state,"
                      + " attempts, created_at, next_attempt_at)"
                      + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?"
                      + " FROM (VALUES (1)) AS one (x)"
                      + " WHERE NOT EXISTS (SELECT 1 FROM channel_deliveries WHERE channel = ?"
                      + " AND alert_id = ? AND status = ? AND firing_since = ? AND occurrence = ?)")
              .params(
                  channel,
                  project,
                  n.alertId(),
                  n.status(),
                  since,
                  occurrence,
                  json.writeValueAsString(n),
                  summary,
                  clip(recipient, MAX_TEXT),
                  at,
                  at,
                  channel,
                  n.alertId(),
                  n.status(),
                  since,
                  occurrence)
              .update();
    } catch (DuplicateKeyException e) {
      return Optional.empty(); // queued by someone else at the same moment
    }
    if (inserted == 0) {
      return Optional.empty();
    }
    return Optional.of(
        jdbc.sql(
                "SELECT id FROM channel_deliveries WHERE channel = ? AND alert_id = ? AND status = ?"
                    + " AND firing_since = ? AND occurrence = ?")
            .params(channel, n.alertId(), n.status(), since, occurrence)
            .query(Long.class)
            .single());
  }

  /** Pending deliveries due by now, the longest waiting first. */
  public List<Delivery> due(Instant now, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM channel_deliveries WHERE state = 'PENDING' AND next_attempt_at <= ?"
                + " ORDER BY next_attempt_at, id LIMIT "
                + limit)
        .param(stored(now))
        .query(this::delivery)
        .list();
  }

  /**
   * Takes a due delivery for sending: moves its next attempt to {@code until}, so that nobody else
   * sends it meanwhile. False if it is no longer as it was read (someone else took it).
   */
  public boolean claim(Delivery d, Instant until) {
    return jdbc.sql(
                "UPDATE channel_deliveries SET next_attempt_at = ? WHERE id = ? AND state = 'PENDING'"
                    + " AND attempts = ? AND next_attempt_at = ?")
            .params(stored(until), d.id(), d.attempts(), d.nextAttemptAt())
            .update()
        > 0;
  }

  /**
   * Records an attempt and what follows from it.
   *
   * @param state DELIVERED, PENDING (tried again at {@code next}) or FAILED (given up)
   */
  public void record(
      long id, int attempt, Instant at, SendOutcome outcome, DeliveryState state, Instant next) {
    boolean delivered = outcome instanceof SendOutcome.Delivered;
    String detail = clip(outcome.detail(), MAX_TEXT);
    jdbc.sql(
            "UPDATE channel_deliveries SET attempts = ?, state = ?, last_error = ?,"
                + " delivered_at = ?, next_attempt_at = ? WHERE id = ?")
        .params(
            attempt,
            state.name(),
            delivered ? null : detail,
            delivered ? stored(at) : null,
            next == null ? null : stored(next),
            id)
        .update();
    jdbc.sql(
            "INSERT INTO channel_delivery_attempts (delivery_id, attempt, at, delivered, detail)"
                + " VALUES (?, ?, ?, ?, ?)")
        .params(id, attempt, stored(at), delivered, detail)
        .update();
  }

  /** Drops delivered and given-up deliveries queued before the time, with their attempts. */
  public int forget(Instant before) {
    return jdbc.sql("DELETE FROM channel_deliveries WHERE state <> 'PENDING' AND created_at < ?")
        .param(stored(before))
        .update();
  }

  public Optional<Delivery> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM channel_deliveries WHERE id = ?")
        .param(id)
        .query(this::delivery)
        .optional()
        .map(d -> d.withLog(attempts(List.of(d.id())).getOrDefault(d.id(), List.of())));
  }

  /** The channel's deliveries, newest first, with their attempts. */
  public List<Delivery> list(String channel, int limit) {
    List<Delivery> found =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM channel_deliveries WHERE channel = ? ORDER BY id DESC LIMIT "
                    + limit)
            .param(channel)
            .query(this::delivery)
            .list();
    if (found.isEmpty()) {
      return found;
    }
    Map<Long, List<Delivery.Attempt>> attempts =
        attempts(found.stream().map(Delivery::id).toList());
    return found.stream().map(d -> d.withLog(attempts.getOrDefault(d.id(), List.of()))).toList();
  }

  private Map<Long, List<Delivery.Attempt>> attempts(List<Long> ids) {
    String in = ids.stream().map(i -> "?").collect(Collectors.joining(", "));
    record Row(long deliveryId, Delivery.Attempt attempt) {}
    return jdbc
        .sql(
            "SELECT delivery_id, attempt, at, delivered, detail FROM channel_delivery_attempts"
                + " WHERE delivery_id IN ("
                + in
                + ") ORDER BY delivery_id, attempt")
        .params(ids.toArray())
        .query(
            (rs, n) ->
                new Row(
                    rs.getLong("delivery_id"),
                    new Delivery.Attempt(
                        rs.getInt("attempt"),
                        utc(rs.getObject("at", OffsetDateTime.class)),
                        rs.getBoolean("delivered"),
                        rs.getString("detail"))))
        .list()
        .stream()
        .collect(
            Collectors.groupingBy(
                Row::deliveryId, Collectors.mapping(Row::attempt, Collectors.toList())));
  }

  private Delivery delivery(ResultSet rs, int row) throws SQLException {
    return new Delivery(
        rs.getLong("id"),
        rs.getString("channel"),
        rs.getString("project"),
        rs.getLong("alert_id"),
        rs.getString("status"),
        utc(rs.getObject("firing_since", OffsetDateTime.class)),
        rs.getInt("occurrence"),
        json.readValue(rs.getString("notification"), AlertNotification.class),
        rs.getString("summary"),
        rs.getString("recipient"),
        DeliveryState.valueOf(rs.getString("state")),
        rs.getInt("attempts"),
        rs.getString("last_error"),
        utc(rs.getObject("created_at", OffsetDateTime.class)),
        utc(rs.getObject("delivered_at", OffsetDateTime.class)),
        utc(rs.getObject("next_attempt_at", OffsetDateTime.class)),
        List.of());
  }

  private static OffsetDateTime utc(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
