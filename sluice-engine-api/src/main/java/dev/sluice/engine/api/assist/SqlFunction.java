package dev.sluice.engine.api.assist;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A function a script may call.
 *
 * @param name as it is called, upper case for built-ins
 * @param kind where it comes from
 * @param signatures call forms such as {@code SUM(<NUMERIC>)}, possibly empty when the engine does
 *     not describe them
 * @param description one line, or null
 */
public record SqlFunction(String name, Kind kind, List<String> signatures, String description) {
  public SqlFunction {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    signatures = List.copyOf(signatures);
  }

  /** Where a function comes from. */
  public enum Kind {
    /** The engine's own (Flink's built-in functions). */
    BUILTIN,
    /** Sluice's function library, registered in every job. */
    SLUICE
  }
}
