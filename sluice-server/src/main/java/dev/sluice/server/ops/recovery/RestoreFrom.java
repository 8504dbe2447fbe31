package dev.sluice.server.ops.recovery;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a recovery restores the job from. */
public enum RestoreFrom {
  /** The latest completed checkpoint; the latest savepoint if the job has none. */
  CHECKPOINT,
  /** The latest savepoint; the latest completed checkpoint if the job has none. */
  SAVEPOINT;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
