package dev.sluice.server.ops.metrics;

import dev.sluice.server.errors.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request for a job's metric history: which names, which time range, which step, with the
 * defaults filled in (every name, the last hour, a step that gives at most about 500 points per
 * series).
 */
public record MetricQuery(Set<String> names, Instant from, Instant to, Duration step) {
  static final int TARGET_POINTS = 500;
  static final long MAX_POINTS = 11_000;
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final List<Duration> NICE_STEPS =
      List.of(
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1));

  public MetricQuery {
    names = Set.copyOf(names);
  }

  /**
   * Reads the request's parameters; any may be null or blank for its default.
   *
   * @throws InvalidFieldException naming the parameter that is wrong
   */
  public static MetricQuery parse(String names, String from, String to, String step, Instant now) {
    Set<String> wanted = names(names);
    Instant end = instant("to", to, now);
    Instant start = instant("from", from, end.minus(Duration.ofHours(1)));
    if (!start.isBefore(end)) {
      throw new InvalidFieldException("from", "must be before 'to' (" + end + "), is " + start);
    }
    Duration range = Duration.between(start, end);
    Duration s;
    if (step == null || step.isBlank()) {
      s = defaultStep(range);
    } else {
      s = duration(step.trim());
      if (range.toMillis() / s.toMillis() > MAX_POINTS) {
        throw new InvalidFieldException(
            "step",
            "'"
                + step
                + "' gives more than "
                + MAX_POINTS
                + " points over the range; use at least "
                + format(Duration.ofSeconds(range.toMillis() / MAX_POINTS / 1000 + 1)));
      }
    }
    return new MetricQuery(wanted, start, end, s);
  }

  /** The step written back as the request may give it ({@code 30s}, {@code 5m}). */
  public static String format(Duration step) {
    long ms = step.toMillis();
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    } else if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  static Duration defaultStep(Duration range) {
    for (Duration d : NICE_STEPS) {
      if (range.toMillis() / d.toMillis() <= TARGET_POINTS) {
        return d;
      }
    }
    long days = range.toDays() / TARGET_POINTS + 1;
    return Duration.ofDays(days);
  }

  private static Set<String> names(String names) {
    if (names == null || names.isBlank()) {
      return MetricNames.ALL;
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String n : names.split(",")) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!MetricNames.ALL.contains(name)) {
        throw new InvalidFieldException(
            "names",
            "unknown metric '"
                + name
                + "'; known: "
                + String.join(", ", new TreeSet<>(MetricNames.ALL)));
      }
      wanted.add(name);
    }
    if (wanted.isEmpty()) {
      throw new InvalidFieldException("names", "name at least one metric, or leave it out for all");
    }
    return wanted;
  }

  private static Instant instant(String parameter, String value, Instant otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(
          parameter, "'" + value + "' is not an ISO-8601 instant such as 2026-11-24T10:00:00Z");
    }
  }

  private static Duration duration(String value) {
    Duration d = null;
    Matcher m = SHORT.matcher(value);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
      } else if (value.startsWith("P") || value.startsWith("p")) {
        d = Duration.parse(value);
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      d = null;
    }
    if (d == null || d.toMillis() < 1000) {
      throw new InvalidFieldException(
          "step",
          "'"
              + value
              + "' is not a step of at least one second such as "
              + String.join(", ", Arrays.asList("30s", "5m", "1h", "PT30S")));
    }
    return d;
  }
}
