package dev.sluice.server.ops.scaling;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Scaling policies (as JSON) and what the automatic mode remembers, per job. */
@Repository
public class ScalingStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final JdbcClient jdbc;

  public ScalingStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<ScalingPolicy> policy(long jobId) {
    return jdbc.sql("SELECT policy FROM scaling_policies WHERE job_id = ?")
        .param(jobId)
        .query(String.class)
        .optional()
        .map(ScalingStore::read);
  }

  public void savePolicy(long jobId, ScalingPolicy p, String author, Instant at) {
    if (jdbc.sql(
                "UPDATE scaling_policies SET policy = ?, author = ?, updated_at = ? WHERE job_id = ?")
            .params(write(p), author, Timestamp.from(at), jobId)
            .update()
        == 0) {
      jdbc.sql(
              "INSERT INTO scaling_policies (job_id, policy, author, updated_at)"
                  + " VALUES (?, ?, ?, ?)")
          .params(jobId, write(p), author, Timestamp.from(at))
          .update();
    }
  }

  public ScalingState state(long jobId) {
    return jdbc.sql("SELECT last_scaled_at, scale_down_since FROM scaling_state WHERE job_id = ?")
        .param(jobId)
        .query(
            (rs, row) ->
                new ScalingState(
                    instant(rs.getTimestamp("last_scaled_at")),
                    instant(rs.getTimestamp("scale_down_since"))))
        .optional()
        .orElse(ScalingState.NONE);
  }

  public void saveState(long jobId, ScalingState s) {
    Timestamp last = s.lastScaledAt() == null ? null : Timestamp.from(s.lastScaledAt());
    Timestamp since = s.scaleDownSince() == null ? null : Timestamp.from(s.scaleDownSince());
    if (jdbc.sql(
                "UPDATE scaling_state SET last_scaled_at = ?, scale_down_since = ? WHERE job_id = ?")
            .params(last, since, jobId)
            .update()
        == 0) {
      jdbc.sql(
              "INSERT INTO scaling_state (job_id, last_scaled_at, scale_down_since)"
                  + " VALUES (?, ?, ?)")
          .params(jobId, last, since)
          .update();
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  static String write(ScalingPolicy p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("auto", p.auto());
    o.put("minParallelism", p.minParallelism());
    o.put("maxParallelism", p.maxParallelism());
    o.put("coolDownMs", p.coolDown().toMillis());
    o.put("scaleDownDelayMs", p.scaleDownDelay().toMillis());
    o.put("utilization", p.utilization());
    o.put("catchUpMs", p.catchUp().toMillis());
    o.put("zone", p.zone().getId());
    ArrayNode schedule = o.putArray("schedule");
    for (ScalingPolicy.Window w : p.schedule()) {
      schedule
          .addObject()
          .put("from", w.from().toString())
          .put("to", w.to().toString())
          .put("parallelism", w.parallelism());
    }
    return JSON.writeValueAsString(o);
  }

  static ScalingPolicy read(String json) {
    JsonNode o = JSON.readTree(json);
    List<ScalingPolicy.Window> schedule = new ArrayList<>();
    for (JsonNode w : o.path("schedule")) {
      schedule.add(
          new ScalingPolicy.Window(
              LocalTime.parse(w.path("from").asString()),
              LocalTime.parse(w.path("to").asString()),
              w.path("parallelism").asInt()));
    }
    return new ScalingPolicy(
        o.path("auto").asBoolean(),
        o.path("minParallelism").asInt(),
        o.path("maxParallelism").asInt(),
        Duration.ofMillis(o.path("coolDownMs").asLong()),
        Duration.ofMillis(o.path("scaleDownDelayMs").asLong()),
        o.path("utilization").asDouble(),
        Duration.ofMillis(o.path("catchUpMs").asLong()),
        ZoneId.of(o.path("zone").asString()),
        schedule);
  }
}
