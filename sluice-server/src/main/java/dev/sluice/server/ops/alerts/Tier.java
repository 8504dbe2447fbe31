package dev.sluice.server.ops.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.server.errors.InvalidFieldException;
import java.time.Duration;
import java.util.Locale;

/**
 * How urgent a job is (its tier) or an alert is (its severity): P0 needs people at once, P1 soon,
 * P2 is handled on a schedule (its notifications wait for the daily digest).
 */
public enum Tier {
  P0(Duration.ofMinutes(5)),
  P1(Duration.ofMinutes(30)),
  P2(null);

  private final Duration defaultRepeat;

  Tier(Duration defaultRepeat) {
    this.defaultRepeat = defaultRepeat;
  }

  /**
   * How often a firing alert of this severity is sent again when its rule does not say; null:
   * never.
   */
  public Duration defaultRepeat() {
    return defaultRepeat;
  }

  /** Whether notifications of this severity wait for the digest instead of going out at once. */
  public boolean digest() {
    return this == P2;
  }

  @JsonValue
  public String json() {
    return name();
  }

  /** The tier a request field names, or a 400 naming the field. */
  public static Tier parse(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidFieldException(field, "one of P0, P1, P2 is required");
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, "'" + value + "' is not one of P0, P1, P2");
    }
  }
}
