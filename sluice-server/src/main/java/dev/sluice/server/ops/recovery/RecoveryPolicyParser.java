package dev.sluice.server.ops.recovery;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.JsonFields;
import dev.sluice.server.ops.alerts.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A recovery policy as a request gives it: the fields it names replace those of the current policy,
 * each checked on its own (a mistake is a 400 naming the field, such as {@code
 * restartsThreshold.within}).
 */
public final class RecoveryPolicyParser {
  private static final Set<String> FIELDS =
      Set.of(
          "enabled",
          "restoreFrom",
          "maxAttempts",
          "initialBackoff",
          "maxBackoff",
          "stuckRestartingAfter",
          "restartsThreshold",
          "noCheckpointFor");
  private static final Set<String> THRESHOLD_FIELDS = Set.of("count", "within");
  private static final int MAX_ATTEMPTS = 100;

  private RecoveryPolicyParser() {}

  public static RecoveryPolicy parse(JsonNode body, RecoveryPolicy current) {
    if (body == null || !body.isObject()) {
      throw new InvalidFieldException("$", "a recovery policy is a JSON object");
    }
    onlyFields(body, FIELDS, "");
    boolean enabled = JsonFields.bool(body, "enabled", current.enabled());
    RestoreFrom restoreFrom = current.restoreFrom();
    if (body.has("restoreFrom")) {
      JsonNode r = body.get("restoreFrom");
      String v = r.isString() ? r.stringValue().trim().toLowerCase(Locale.ROOT) : "";
      restoreFrom =
          switch (v) {
            case "checkpoint" -> RestoreFrom.CHECKPOINT;
            case "savepoint" -> RestoreFrom.SAVEPOINT;
            default ->
                throw new InvalidFieldException(
                    "restoreFrom",
                    "'" + JsonFields.raw(r) + "' is not one of checkpoint, savepoint");
          };
    }
    int maxAttempts =
        JsonFields.integer(body, "maxAttempts", current.maxAttempts(), 1, MAX_ATTEMPTS);
    Duration initial =
        JsonFields.duration(
            body, "initialBackoff", current.initialBackoff(), Duration.ofSeconds(1));
    Duration max =
        JsonFields.duration(body, "maxBackoff", current.maxBackoff(), Duration.ofSeconds(1));
    if (max.compareTo(initial) < 0) {
      throw new InvalidFieldException(
          body.has("maxBackoff") ? "maxBackoff" : "initialBackoff",
          "maxBackoff ("
              + Durations.format(max)
              + ") must not be shorter than initialBackoff ("
              + Durations.format(initial)
              + ")");
    }
    Duration stuck =
        JsonFields.duration(
            body, "stuckRestartingAfter", current.stuckRestartingAfter(), Duration.ofSeconds(10));
    int count = current.restartsCount();
    Duration within = current.restartsWithin();
    if (body.has("restartsThreshold")) {
      JsonNode t = body.get("restartsThreshold");
      if (!t.isObject()) {
        throw new InvalidFieldException(
            "restartsThreshold", "an object such as {\"count\": 5, \"within\": \"10m\"}");
      }
      onlyFields(t, THRESHOLD_FIELDS, "restartsThreshold.");
      count = JsonFields.integer(t, "count", count, 1, 10_000, "restartsThreshold.count");
      within =
          JsonFields.duration(
              t, "within", within, Duration.ofMinutes(1), "restartsThreshold.within");
    }
    Duration noCheckpoint = current.noCheckpointFor();
    if (body.has("noCheckpointFor")) {
      JsonNode n = body.get("noCheckpointFor");
      noCheckpoint =
          n.isString() && n.stringValue().trim().equals("none")
              ? Duration.ZERO
              : JsonFields.duration(body, "noCheckpointFor", noCheckpoint, Duration.ofMinutes(1));
    }
    return new RecoveryPolicy(
        enabled, restoreFrom, maxAttempts, initial, max, stuck, count, within, noCheckpoint);
  }

  private static void onlyFields(JsonNode node, Set<String> allowed, String prefix) {
    for (String name : node.propertyNames()) {
      if (!allowed.contains(name)) {
        throw new InvalidFieldException(
            prefix + name, "unknown field; known are " + new java.util.TreeSet<>(allowed));
      }
    }
  }
}
