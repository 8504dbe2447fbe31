package dev.sluice.server.ops.alerts;

import dev.sluice.server.errors.ConflictException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alert rules in the store; conditions as a JSON array, channels as a comma-separated list ({@code
 * *}: the channels of the alert's severity).
 */
@Repository
public class AlertRuleStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TIER_CHANNELS = "*";

  private static String storedChannels(List<String> channels) {
    return channels == null ? TIER_CHANNELS : String.join(",", channels);
  }

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public AlertRuleStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  public List<AlertRule> all() {
    return jdbc.sql("SELECT * FROM alert_rules ORDER BY id").query(AlertRuleStore::rule).list();
  }

  public Optional<AlertRule> byId(long id) {
    return jdbc.sql("SELECT * FROM alert_rules WHERE id = ?")
        .param(id)
        .query(AlertRuleStore::rule)
        .optional();
  }

  /** The rules of that name, one per project at most. */
  public List<AlertRule> byName(String name) {
    return jdbc.sql("SELECT * FROM alert_rules WHERE name = ? ORDER BY project")
        .param(name)
        .query(AlertRuleStore::rule)
        .list();
  }

  /** A new rule; a 409 if its project has a rule of that name. */
  public AlertRule insert(AlertRule.Definition d, String author, Instant now) {
    try {
      jdbc.sql(
              "INSERT INTO alert_rules (project, name, job, tier, severity, for_ms, match_mode,"
                  + " conditions, channels, repeat_interval_ms, description, template, author,"
                  + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .params(
              d.project(),
              d.name(),
              d.job(),
              d.tier() == null ? null : d.tier().name(),
              d.severity() == null ? null : d.severity().name(),
              d.forDuration().toMillis(),
              d.match().name(),
              conditionsJson(d.conditions()),
              storedChannels(d.channels()),
              d.repeatInterval() == null ? null : d.repeatInterval().toMillis(),
              d.description(),
              d.template(),
              author,
              Timestamps.of(now),
              Timestamps.of(now))
          .update();
    } catch (DuplicateKeyException e) {
      throw duplicate(d);
    }
    return jdbc.sql("SELECT * FROM alert_rules WHERE project = ? AND name = ?")
        .params(d.project(), d.name())
        .query(AlertRuleStore::rule)
        .single();
  }

  /** Replaces a rule's definition (its project stays); a 409 if the new name is taken. */
  public AlertRule update(long id, AlertRule.Definition d, Instant now) {
    try {
      jdbc.sql(
              "UPDATE alert_rules SET name = ?, job = ?, tier = ?, severity = ?, for_ms = ?,"
                  + " match_mode = ?, conditions = ?, channels = ?, repeat_interval_ms = ?,"
                  + " description = ?, template = ?, updated_at = ? WHERE id = ?")
          .params(
              d.name(),
              d.job(),
              d.tier() == null ? null : d.tier().name(),
              d.severity() == null ? null : d.severity().name(),
              d.forDuration().toMillis(),
              d.match().name(),
              conditionsJson(d.conditions()),
              storedChannels(d.channels()),
              d.repeatInterval() == null ? null : d.repeatInterval().toMillis(),
              d.description(),
              d.template(),
              Timestamps.of(now),
              id)
          .update();
    } catch (DuplicateKeyException e) {
      throw duplicate(d);
    }
    return byId(id).orElseThrow();
  }

  /** Deletes the rule and its alerts (notifications already decided are still sent). */
  public boolean delete(long id) {
    return Boolean.TRUE.equals(
        transaction.execute(
            s -> {
              jdbc.sql("DELETE FROM alerts WHERE rule_id = ?").param(id).update();
              return jdbc.sql("DELETE FROM alert_rules WHERE id = ?").param(id).update() == 1;
            }));
  }

  private static ConflictException duplicate(AlertRule.Definition d) {
    return new ConflictException(
        "The project '" + d.project() + "' has a rule named '" + d.name() + "' already");
  }

  static String conditionsJson(List<Condition> conditions) {
    ArrayNode list = JSON.createArrayNode();
    for (Condition c : conditions) {
      ObjectNode o = list.addObject();
      o.put("metric", c.metric());
      o.put("op", c.op().symbol());
      o.put("value", c.value());
      if (c.vertex() != null) {
        o.put("vertex", c.vertex());
      }
      if (c.over() != null) {
        o.put("overMs", c.over().toMillis());
      }
    }
    return JSON.writeValueAsString(list);
  }

  static List<Condition> conditions(String json) {
    List<Condition> conditions = new ArrayList<>();
    for (JsonNode o : JSON.readTree(json)) {
      conditions.add(
          new Condition(
              o.get("metric").stringValue(),
              Op.of(o.get("op").stringValue()),
              o.get("value").doubleValue(),
              o.hasNonNull("vertex") ? o.get("vertex").stringValue() : null,
              o.hasNonNull("overMs") ? Duration.ofMillis(o.get("overMs").longValue()) : null));
    }
    return conditions;
  }

  private static AlertRule rule(ResultSet rs, int row) throws SQLException {
    String tier = rs.getString("tier");
    String severity = rs.getString("severity");
    Long repeat = Timestamps.readLong(rs, "repeat_interval_ms");
    String channels = rs.getString("channels");
    return new AlertRule(
        rs.getLong("id"),
        rs.getString("project"),
        rs.getString("name"),
        rs.getString("job"),
        tier == null ? null : Tier.valueOf(tier),
        severity == null ? null : Tier.valueOf(severity),
        Duration.ofMillis(rs.getLong("for_ms")),
        Match.valueOf(rs.getString("match_mode")),
        conditions(rs.getString("conditions")),
        channels.equals(TIER_CHANNELS)
            ? null
            : channels.isEmpty() ? List.of() : Arrays.asList(channels.split(",")),
        repeat == null ? null : Duration.ofMillis(repeat),
        rs.getString("description"),
        rs.getString("template"),
        rs.getString("author"),
        Timestamps.read(rs, "created_at"),
        Timestamps.read(rs, "updated_at"));
  }
}
