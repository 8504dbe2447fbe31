package dev.sluice.server.ops.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.server.errors.InvalidFieldException;
import java.util.Locale;

/** An alert's lifecycle, as Prometheus has it: pending (the rule's for) → firing → resolved. */
public enum AlertState {
  PENDING,
  FIRING,
  RESOLVED;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AlertState parse(String field, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(
          field, "'" + value + "' is not one of firing, pending, resolved");
    }
  }
}
