package dev.sluice.debug.tap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tap's rows cut into numbered batches, each posted as one JSON body that says who sent it: the
 * sink's subtask, its attempt and a random id of this sink instance. A failover starts the sink
 * again with a new attempt whose batches count from 0 again, so the number alone cannot tell a new
 * batch from a retried one; the sender and the number together can. A batch whose post failed is
 * sent again exactly as it was (same number, same rows); rows taken meanwhile go into the next one.
 * Not thread-safe: the sink guards it.
 */
final class TapBatches {

  /** Who sends the batches. */
  record Sender(int subtask, int attempt, String instance) {
    Sender {
      if (subtask < 0 || attempt < 0) {
        throw new IllegalArgumentException(
            "subtask and attempt are never negative (got " + subtask + ", " + attempt + ")");
      }
      Objects.requireNonNull(instance, "instance is null");
    }
  }

  private final String step;
  private final Sender sender;
  private final List<String> buffer = new ArrayList<>();
  private long next;
  private String pending;

  TapBatches(String step, Sender sender) {
    this.step = Objects.requireNonNull(step, "step is null");
    this.sender = Objects.requireNonNull(sender, "sender is null");
  }

  /** Takes one row, already as JSON ({@code {"kind":"+I","values":[...]}}). */
  void add(String row) {
    buffer.add(row);
  }

  /** Rows taken and not yet in a batch. */
  int buffered() {
    return buffer.size();
  }

  boolean isEmpty() {
    return pending == null && buffer.isEmpty();
  }

  /**
   * The body to post: the batch that was not yet taken by the server if there is one, else the
   * buffered rows as the next batch; null when there is nothing to send.
   */
  String next() {
    if (pending == null && !buffer.isEmpty()) {
      pending =
          "{\"step\":"
              + Json.string(step)
              + ",\"sender\":{\"subtask\":"
              + sender.subtask()
              + ",\"attempt\":"
              + sender.attempt()
              + ",\"instance\":"
              + Json.string(sender.instance())
              + "},\"batch\":"
              + next
              + ",\"rows\":["
              + String.join(",", buffer)
              + "]}";
      buffer.clear();
    }
    return pending;
  }

  /** The server took the batch {@link #next()} returned: the next one gets the next number. */
  void sent() {
    if (pending == null) {
      throw new IllegalStateException("No batch of step " + step + " is being sent");
    }
    pending = null;
    next++;
  }

  /** Nothing more is wanted (the run ended): what was not sent is dropped. */
  void drop() {
    pending = null;
    buffer.clear();
  }
}
