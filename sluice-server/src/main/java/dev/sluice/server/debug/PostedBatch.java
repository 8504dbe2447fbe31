package dev.sluice.server.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch of rows as a step's tap posts it. Its identity is who sent it (the sink's subtask, its
 * attempt and a random id of the sink instance) and its number from that sender: a failover starts
 * the sink again with a new attempt whose batches count from 0 again, so the number alone would
 * take them for retries of the first attempt's batches.
 */
record PostedBatch(Id id, List<Row> rows) {
  PostedBatch {
    Objects.requireNonNull(id, "id is null");
    rows = List.copyOf(rows);
  }

  /** Which batch of which step, from which sender. */
  record Id(String step, int subtask, int attempt, String instance, long batch) {
    Id {
      Objects.requireNonNull(step, "step is null");
      Objects.requireNonNull(instance, "instance is null");
    }
  }

  /** A row: its changelog kind and its values as JSON. */
  record Row(String kind, String values) {
    Row {
      Objects.requireNonNull(kind, "kind is null");
      Objects.requireNonNull(values, "values is null");
    }
  }

  /**
   * Reads a tap's body: {@code {"step":..,"sender":{"subtask":..,"attempt":..,"instance":..},
   * "batch":..,"rows":[{"kind":"+I","values":[..]},..]}}. Taps that predate senders post no sender:
   * they count as subtask 0, attempt 0.
   */
  static PostedBatch parse(JsonNode body, JsonMapper json) {
    JsonNode sender = body.path("sender");
    Id id =
        new Id(
            body.path("step").asString(""),
            sender.path("subtask").asInt(0),
            sender.path("attempt").asInt(0),
            sender.path("instance").asString(""),
            body.path("batch").asLong(0));
    List<Row> rows = new ArrayList<>();
    for (JsonNode row : body.path("rows")) {
      rows.add(new Row(row.path("kind").asString(""), json.writeValueAsString(row.path("values"))));
    }
    return new PostedBatch(id, rows);
  }
}
