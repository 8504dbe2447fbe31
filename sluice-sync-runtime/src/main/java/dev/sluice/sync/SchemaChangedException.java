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

  public SchemaChangedException(String table, List<String> added, List<String> dropped) {
    super(PREFIX + describe(table, added, dropped));
  }

  static String describe(String table, List<String> added, List<String> dropped) {
    StringBuilder text = new StringBuilder("table ").append(table);
    if (!added.isEmpty()) {
      text.append(" added column(s) ").append(String.join(", ", added));
    }
    if (!dropped.isEmpty()) {
      text.append(added.isEmpty() ? "" : " and").append(" dropped column(s) ");
      text.append(String.join(", ", dropped));
    }
    return text.append(
            "; the rows from here on were not written: the sync must be compiled against the"
                + " table as it is now")
        .toString();
  }
}
