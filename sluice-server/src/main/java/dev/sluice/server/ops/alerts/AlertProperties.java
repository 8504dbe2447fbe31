package dev.sluice.server.ops.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How alert rules are evaluated and sent ({@code sluice.ops.alerts.*}).
 *
 * @param evaluateInterval the fallback timer: rules are evaluated after every metrics collection
 *     and at least this often
 * @param staleness a sample older than this is not used (its condition does not hold)
 * @param digestAt the times of day (UTC) P2 notifications are sent, collected into one digest per
 *     project and channels; empty: P2 notifications are sent at once like the others
 * @param retention how long resolved alerts and sent notifications are kept
 */
@ConfigurationProperties("sluice.ops.alerts")
public record AlertProperties(
    @DefaultValue("15s") Duration evaluateInterval,
    @DefaultValue("1m") Duration staleness,
    @DefaultValue("09:00") List<LocalTime> digestAt,
    @DefaultValue("7d") Duration retention) {

  public AlertProperties {
    digestAt = digestAt == null ? List.of() : List.copyOf(digestAt);
  }

  public static AlertProperties defaults() {
    return new AlertProperties(
        Duration.ofSeconds(15),
        Duration.ofMinutes(1),
        List.of(LocalTime.of(9, 0)),
        Duration.ofDays(7));
  }

  /** The first digest time strictly after the instant, or null when there is no digest. */
  public Instant nextDigest(Instant after) {
    if (digestAt.isEmpty()) {
      return null;
    }
    ZonedDateTime t = after.atZone(ZoneOffset.UTC);
    Instant best = null;
    for (LocalTime time : digestAt) {
      ZonedDateTime candidate = t.with(time);
      if (!candidate.toInstant().isAfter(after)) {
        candidate = candidate.plusDays(1);
      }
      if (best == null || candidate.toInstant().isBefore(best)) {
        best = candidate.toInstant();
      }
    }
    return best;
  }
}
