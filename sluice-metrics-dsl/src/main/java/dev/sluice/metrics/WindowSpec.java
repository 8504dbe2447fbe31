package dev.sluice.metrics;

/**
 * A window of a metric, typed, with its durations in seconds. Its {@link #id()} names its
 * statements and tables, so it must not change for the same window: stored deployments restore by
 * it.
 */
sealed interface WindowSpec {
  String id();

  /** Whether results are updated rather than appended (unbounded running values). */
  default boolean updating() {
    return false;
  }

  record Tumble(long size) implements WindowSpec {
    public String id() {
      return "tumble_" + Durations.text(size);
    }
  }

  record Hop(long size, long slide) implements WindowSpec {
    public String id() {
      return "hop_" + Durations.text(size) + "_" + Durations.text(slide);
    }
  }

  /** Emits what it has so far every {@code step}, from the start of each {@code size}. */
  record Cumulate(long size, long step) implements WindowSpec {
    public String id() {
      return "cumulate_" + Durations.text(size) + "_" + Durations.text(step);
    }
  }

  /** Per key: closes after {@code gap} without events. */
  record Session(long gap) implements WindowSpec {
    public String id() {
      return "session_" + Durations.text(gap);
    }
  }

  /** Running values since the job started. */
  record Unbounded() implements WindowSpec {
    public String id() {
      return "unbounded";
    }

    @Override
    public boolean updating() {
      return true;
    }
  }
}
