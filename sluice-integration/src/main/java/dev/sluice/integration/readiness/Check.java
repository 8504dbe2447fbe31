package dev.sluice.integration.readiness;

/**
 * One condition a source must meet for its changes to be captured.
 *
 * @param name what is checked, a stable id ({@code binlog_format}, {@code replica_identity})
 * @param severity {@code error}: the sync cannot work while it fails; {@code warning}: it works
 *     with the limit the message names
 * @param actual what the source has now, null when it could not be read
 * @param expected what it needs
 * @param fix the statements (or steps) that make it pass, null when it passes
 */
public record Check(
    String name,
    boolean ok,
    String severity,
    String actual,
    String expected,
    String message,
    String fix) {
  public static final String ERROR = "error";
  public static final String WARNING = "warning";

  public static Check pass(String name, String actual, String expected, String message) {
    return new Check(name, true, ERROR, actual, expected, message, null);
  }

  public static Check fail(
      String name, String actual, String expected, String message, String fix) {
    return new Check(name, false, ERROR, actual, expected, message, fix);
  }

  public static Check warn(
      String name, String actual, String expected, String message, String fix) {
    return new Check(name, false, WARNING, actual, expected, message, fix);
  }

  /** A check that passes or fails by a condition, with the fix shown only when it fails. */
  public static Check of(
      boolean ok, String name, String actual, String expected, String message, String fix) {
    return ok ? pass(name, actual, expected, message) : fail(name, actual, expected, message, fix);
  }
}
