package dev.sluice.integration.readiness;

import java.util.List;

/**
 * Whether a source's changes can be captured, check by check.
 *
 * @param ready no error-severity check fails (warnings may)
 * @param notes what holds for every source of the type, whatever the checks say
 */
public record Readiness(String type, boolean ready, List<Check> checks, List<String> notes) {
  public static Readiness of(String type, List<Check> checks, List<String> notes) {
    boolean ready = checks.stream().noneMatch(c -> !c.ok() && Check.ERROR.equals(c.severity()));
    return new Readiness(type, ready, List.copyOf(checks), List.copyOf(notes));
  }
}
