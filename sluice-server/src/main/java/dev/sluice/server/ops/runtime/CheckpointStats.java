package dev.sluice.server.ops.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/** Flink's answer to {@code /jobs/:jid/checkpoints}, read into {@link JobCheckpoints}' parts. */
final class CheckpointStats {
  private final UnaryOperator<String> redact;

  /**
   * @param redact takes secret values out of failure messages
   */
  CheckpointStats(UnaryOperator<String> redact) {
    this.redact = redact;
  }

  JobCheckpoints.Counts counts(JsonNode stats) {
    JsonNode c = stats.path("counts");
    return new JobCheckpoints.Counts(
        c.path("completed").asLong(),
        c.path("failed").asLong(),
        c.path("in_progress").asLong(),
        c.path("restored").asLong(),
        c.path("total").asLong());
  }

  JobCheckpoints.Latest latest(JsonNode stats) {
    JsonNode latest = stats.path("latest");
    JsonNode restored = latest.path("restored");
    return new JobCheckpoints.Latest(
        checkpoint(latest.path("completed")),
        checkpoint(latest.path("failed")),
        checkpoint(latest.path("savepoint")),
        restored.isObject()
            ? new JobCheckpoints.Restored(
                restored.path("id").asLong(),
                positive(restored.path("restore_timestamp")),
                restored.path("is_savepoint").asBoolean(),
                text(restored.path("external_path")))
            : null);
  }

  /** Newest first. */
  List<JobCheckpoints.Checkpoint> history(JsonNode stats) {
    List<JobCheckpoints.Checkpoint> out = new ArrayList<>();
    for (JsonNode c : stats.path("history")) {
      JobCheckpoints.Checkpoint checkpoint = checkpoint(c);
      if (checkpoint != null) {
        out.add(checkpoint);
      }
    }
    out.sort(Comparator.comparingLong(JobCheckpoints.Checkpoint::id).reversed());
    return out;
  }

  private JobCheckpoints.Checkpoint checkpoint(JsonNode c) {
    if (!c.isObject()) {
      return null;
    }
    String failure = text(c.path("failure_message"));
    return new JobCheckpoints.Checkpoint(
        c.path("id").asLong(),
        text(c.path("status")),
        c.path("is_savepoint").asBoolean(),
        positive(c.path("trigger_timestamp")),
        positive(c.path("latest_ack_timestamp")),
        positive(c.path("end_to_end_duration")),
        positive(c.path("state_size")),
        positive(c.path("checkpointed_size")),
        positive(c.path("processed_data")),
        text(c.path("checkpoint_type")),
        text(c.path("external_path")),
        positive(c.path("failure_timestamp")),
        failure == null ? null : redact.apply(failure));
  }

  /** A number Flink has; it writes -1 for one it does not have yet. */
  private static Long positive(JsonNode n) {
    return n.isNumber() && n.asLong() >= 0 ? n.asLong() : null;
  }

  private static String text(JsonNode n) {
    return n.isString() ? n.asString() : null;
  }
}
