package dev.sluice.server.ops.alerts;

import dev.sluice.server.jobs.JobState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers of {@code job_state} (see MetricNames) and the state names rules may use for them.
 */
public final class JobStateCodes {
  public static final int RUNNING = 0;
  public static final int RESTARTING = 1;
  public static final int FAILING = 2;
  public static final int FAILED = 3;
  public static final int UNKNOWN = 8;

  private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("RUNNING", RUNNING);
    BY_NAME.put("RESTARTING", RESTARTING);
    BY_NAME.put("FAILING", FAILING);
    BY_NAME.put("FAILED", FAILED);
    BY_NAME.put("CANCELED", 4);
    BY_NAME.put("CANCELLED", 4);
    BY_NAME.put("FINISHED", 5);
    BY_NAME.put("CREATED", 6);
    BY_NAME.put("INITIALIZING", 6);
    BY_NAME.put("SUSPENDED", 7);
    BY_NAME.put("UNKNOWN", UNKNOWN);
  }

  private JobStateCodes() {}

  /** The code of a state name in any case, or null. */
  public static Integer code(String name) {
    return BY_NAME.get(name.trim().toUpperCase(Locale.ROOT));
  }

  /** The first name of a code, or null. */
  public static String name(double code) {
    return BY_NAME.entrySet().stream()
        .filter(e -> e.getValue() == code)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  static String names() {
    return String.join(", ", BY_NAME.keySet());
  }

  /**
   * What the store's state of a job says when the collector has nothing fresh (a job Flink lost or
   * that failed is no longer collected); null when the store's state says nothing of Flink's.
   */
  static Integer ofStored(JobState state) {
    return switch (state) {
      case RUNNING -> RUNNING;
      case RESTARTING -> RESTARTING;
      case FAILED -> FAILED;
      case LOST -> UNKNOWN;
      default -> null;
    };
  }

  /** States that inhibit a job's throughput and lag alerts. */
  static boolean inhibits(double code) {
    return code == RESTARTING || code == FAILING || code == FAILED;
  }
}
