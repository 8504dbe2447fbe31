package dev.sluice.functions.format;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.data.TimestampData;

/**
 * Reads event times as they are written in the wild: ISO-8601 text with a {@code T} or a space, 0
 * to 9 fractional digits and a zone designator ({@code Z}, {@code +08:00}, {@code +0800}, {@code
 * +08}) or none, a date alone, and epoch numbers (JSON numbers or their text) in milliseconds or
 * seconds.
 *
 * <p>A TIMESTAMP column holds wall-clock time in {@code zone}: an instant (zoned text, an epoch
 * number) is converted to it, zone-less text is kept as written. A TIMESTAMP_LTZ column holds an
 * instant: zone-less text is read as wall-clock time in {@code zone}. Anything else is null.
 */
final class JsonTimestamps implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What an epoch number counts. */
  enum Unit {
    MILLISECONDS,
    SECONDS
  }

  private static final Pattern ISO =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})"
              + "(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
              + "(?:([Zz])|([+-])(\\d{2})(?::?(\\d{2}))?)?");

  private static final Pattern EPOCH = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

  private final ZoneId zone;

  JsonTimestamps(ZoneId zone) {
    this.zone = java.util.Objects.requireNonNull(zone, "zone is null");
  }

  /** For a TIMESTAMP(precision) column: wall-clock time in the zone, or null. */
  TimestampData local(JsonNode node, Unit unit, int precision) {
    Parsed p = parse(node, unit);
    if (p == null) {
      return null;
    }
    LocalDateTime t = p.local != null ? p.local : LocalDateTime.ofInstant(p.instant, zone);
    return TimestampData.fromLocalDateTime(t.withNano(truncate(t.getNano(), precision)));
  }

  /** For a TIMESTAMP_LTZ(precision) column: an instant, or null. */
  TimestampData instant(JsonNode node, Unit unit, int precision) {
    Parsed p = parse(node, unit);
    if (p == null) {
      return null;
    }
    Instant t = p.instant != null ? p.instant : p.local.atZone(zone).toInstant();
    return TimestampData.fromInstant(
        t.with(java.time.temporal.ChronoField.NANO_OF_SECOND, truncate(t.getNano(), precision)));
  }

  /** Either an instant or, for text without a zone, a wall-clock time. */
  private record Parsed(Instant instant, LocalDateTime local) {}

  private static Parsed parse(JsonNode node, Unit unit) {
    if (node.isNumber()) {
      return new Parsed(epoch(node.decimalValue(), unit), null);
    }
    if (!node.isTextual()) {
      return null;
    }
    String text = node.asText().trim();
    if (EPOCH.matcher(text).matches()) {
      return new Parsed(epoch(new BigDecimal(text), unit), null);
    }
    Matcher m = ISO.matcher(text);
    if (!m.matches()) {
      return null;
    }
    LocalDateTime local =
        LocalDateTime.of(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
            m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
            m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9)));
    if (m.group(8) != null) {
      return new Parsed(local.toInstant(ZoneOffset.UTC), null);
    }
    if (m.group(9) != null) {
      int sign = m.group(9).equals("-") ? -1 : 1;
      ZoneOffset offset =
          ZoneOffset.ofHoursMinutes(
              sign * Integer.parseInt(m.group(10)),
              m.group(11) == null ? 0 : sign * Integer.parseInt(m.group(11)));
      return new Parsed(local.toInstant(offset), null);
    }
    return new Parsed(null, local);
  }

  /**
   * An epoch number as an instant; fractions count (1.5 seconds, 0.25 milliseconds). Magnitudes no
   * instant has throw, and the column is null.
   */
  private static Instant epoch(BigDecimal value, Unit unit) {
    if (value.precision() - value.scale() > 30) {
      throw new ArithmeticException("out of range");
    }
    BigDecimal nanos =
        value
            .movePointRight(unit == Unit.SECONDS ? 9 : 6)
            .setScale(0, java.math.RoundingMode.FLOOR);
    BigDecimal[] split = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
    long seconds = split[0].longValueExact();
    long nano = split[1].longValueExact();
    if (nano < 0) {
      seconds -= 1;
      nano += 1_000_000_000L;
    }
    return Instant.ofEpochSecond(seconds, nano);
  }

  /** Drops the digits a column of this precision does not hold. */
  private static int truncate(int nanos, int precision) {
    int unit = (int) Math.pow(10, 9 - Math.min(Math.max(precision, 0), 9));
    return nanos - nanos % unit;
  }
}
