package dev.sluice.server.kafka;

import dev.sluice.server.errors.InvalidFieldException;

/** How many events a sample holds: 1 to {@link #MAX}, {@link #DEFAULT} when not given. */
public final class SampleLimit {
  public static final int DEFAULT = 20;
  public static final int MAX = 200;

  private SampleLimit() {}

  /** The limit as the query gives it (null: the default), or a 400 at {@code limit}. */
  public static int parse(String given) {
    if (given == null || given.isBlank()) {
      return DEFAULT;
    }
    int n;
    try {
      n = Integer.parseInt(given.trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX) {
      throw new InvalidFieldException(
          "limit", "'" + given + "' is not a whole number from 1 to " + MAX);
    }
    return n;
  }
}
