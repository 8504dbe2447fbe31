package dev.sluice.it;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A secret value planted when the platform first starts, then looked for in everything the tests
 * receive: every response of every {@link Http} client and the output of every CLI run. The value
 * is never meant to come back; {@link SecretCanaryIT} asserts at the end of the run that it did
 * not.
 *
 * <p>What is searched for is the random core of the value, so that escaping of its quote (in JSON,
 * SQL or a URL) cannot hide it. Only counts and the first places are kept, never the texts.
 */
final class SecretCanary {
  /** The secret's name in project demo. */
  static final String NAME = "it_canary";

  private static final int PLACES_KEPT = 10;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong inspected = new AtomicLong();
  private static final AtomicLong hits = new AtomicLong();
  private static final List<String> places = new ArrayList<>();
  private static volatile String core;
  private static volatile String value;

  private SecretCanary() {}

  /** Chooses the random core and starts watching for it; returns the secret's whole value. */
  static synchronized String plant() {
    if (core != null) {
      throw new IllegalStateException("The canary is planted once per run");
    }
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    core = HexFormat.of().formatHex(b);
    // The quote makes a value that is not escaped break the SQL it lands in.
    value = "canary'" + core;
    return value;
  }

  /** The secret's whole value, or null before it is planted. */
  static String value() {
    return value;
  }

  /** The random core of the value, or null before it is planted. */
  static String core() {
    return core;
  }

  /** Counts a text received from somewhere (a request path, a command) that holds the core. */
  static void inspect(String where, String text) {
    String c = core;
    if (c == null || text == null) {
      return;
    }
    inspected.incrementAndGet();
    if (text.contains(c)) {
      hits.incrementAndGet();
      synchronized (places) {
        if (places.size() < PLACES_KEPT) {
          places.add(where);
        }
      }
    }
  }

  /** How many texts were inspected since the canary was planted. */
  static long inspected() {
    return inspected.get();
  }

  /** How many of them held the core. */
  static long hits() {
    return hits.get();
  }

  /** Where the first hits were found. */
  static List<String> places() {
    synchronized (places) {
      return List.copyOf(places);
    }
  }
}
