package dev.sluice.server.ops.scaling;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.OptionalInt;

/**
 * How Sluice changes a running job's parallelism by itself: {@code auto} applies the tuning advice
 * within {@code minParallelism}-{@code maxParallelism} (0: up to each vertex's max), at most once
 * per {@code coolDown}, a scale-down only once it has been advised for {@code scaleDownDelay}; a
 * {@code schedule} sets the job's default parallelism by time of day (more by day, less at night).
 */
public record ScalingPolicy(
    boolean auto,
    int minParallelism,
    int maxParallelism,
    Duration coolDown,
    Duration scaleDownDelay,
    double utilization,
    Duration catchUp,
    ZoneId zone,
    List<Window> schedule) {
  public static final ScalingPolicy OFF =
      new ScalingPolicy(
          false,
          1,
          0,
          Duration.ofMinutes(10),
          Duration.ofMinutes(30),
          0.7,
          Duration.ofMinutes(5),
          ZoneId.of("UTC"),
          List.of());

  public ScalingPolicy {
    requireNonNull(coolDown, "coolDown is null");
    requireNonNull(scaleDownDelay, "scaleDownDelay is null");
    requireNonNull(catchUp, "catchUp is null");
    requireNonNull(zone, "zone is null");
    schedule = List.copyOf(schedule);
  }

  /** The same policy with auto on or off (the tiers' default of a platform). */
  public ScalingPolicy withAuto(boolean on) {
    return new ScalingPolicy(
        on,
        minParallelism,
        maxParallelism,
        coolDown,
        scaleDownDelay,
        utilization,
        catchUp,
        zone,
        schedule);
  }

  /**
   * From {@code from} (inclusive) to {@code to} (exclusive) in the policy's zone, the job's default
   * parallelism is {@code parallelism}; a window whose end is before its start runs past midnight.
   */
  public record Window(LocalTime from, LocalTime to, int parallelism) {
    public Window {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
    }

    boolean contains(LocalTime t) {
      return from.isBefore(to)
          ? !t.isBefore(from) && t.isBefore(to)
          : !t.isBefore(from) || t.isBefore(to);
    }
  }

  /** The default parallelism the schedule wants at the instant, if a window covers it. */
  public OptionalInt scheduled(Instant now) {
    LocalTime t = ZonedDateTime.ofInstant(now, zone).toLocalTime();
    for (Window w : schedule) {
      if (w.contains(t)) {
        return OptionalInt.of(w.parallelism());
      }
    }
    return OptionalInt.empty();
  }
}
