package dev.sluice.sync;

import java.util.List;

/**
 * A source table's columns are no longer those the sync was compiled with. Its message starts with
 * {@link #PREFIX}, so that the platform tells it from other failures in the job's exception.
 */
public final class SchemaChangedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How the message of this failure begins. */
  public static final String PREFIX = "Sync schema change: ";

  /**
   * @param changed columns whose type changed, each with what the source sends now ({@code amount
   *     (now DECIMAL(12, 4))})
   */
  public SchemaChangedException(
      String table, List<String> added, List<String> dropped, List<String> changed) {
    super(PREFIX + describe(table, added, dropped, changed));
  }

  static String describe(
      String table, List<String> added, List<String> dropped, List<String> changed) {
    StringBuilder text = new StringBuilder("table ").append(table);
    if (!added.isEmpty()) {
      text.append(" added column(s) ").append(String.join(", ", added));
    }
    if (!dropped.isEmpty()) {
      text.append(added.isEmpty() ? "" : " and").append(" dropped column(s) ");
      text.append(String.join(", ", dropped));
    }
    if (!changed.isEmpty()) {
      text.append(added.isEmpty() && dropped.isEmpty() ? "" : " and")
          .append(" changed the type of column(s) ")
          .append(String.join(", ", changed));
    }
    return text.append(
            "; the rows from here on were not written: the sync must be compiled against the"
                + " table as it is now")
        .toString();
  }
}
