package dev.sluice.server.ops.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a rule joins its conditions: all must hold (AND) or any (OR). */
public enum Match {
  ALL,
  ANY;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
