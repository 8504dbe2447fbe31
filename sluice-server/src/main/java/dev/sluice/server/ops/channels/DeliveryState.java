package dev.sluice.server.ops.channels;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a delivery stands. */
public enum DeliveryState {
  /** Waiting for its first or next attempt. */
  PENDING,
  DELIVERED,
  /** Given up: attempts used up, or a failure another attempt would not change. */
  FAILED;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
