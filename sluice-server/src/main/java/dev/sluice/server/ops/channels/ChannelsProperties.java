package dev.sluice.server.ops.channels;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How notifications are delivered ({@code sluice.ops.channels.*}).
 *
 * @param backoff the waits before the 2nd, 3rd, ... attempt; the last one repeats
 * @param maxAttempts attempts before a delivery is given up
 * @param timeout how long one HTTP request or SMTP conversation may take
 * @param batchSize deliveries sent per round of the sender
 * @param lease how long a delivery being sent is held back from another sender (a crash mid-send
 *     retries it after this)
 * @param duplicateWindow a notification of the same alert, status and firing start as one queued
 *     less than this ago is the same one handed over again and is not queued; after it, it is a
 *     repeat of a still firing alert (the alerts repeat at most once a minute) and is sent
 * @param retention how long delivered and given-up deliveries are kept in the record
 */
@ConfigurationProperties("sluice.ops.channels")
public record ChannelsProperties(
    @DefaultValue({"5s", "30s", "2m", "10m"}) List<Duration> backoff,
    @DefaultValue("5") int maxAttempts,
    @DefaultValue("10s") Duration timeout,
    @DefaultValue("50") int batchSize,
    @DefaultValue("2m") Duration lease,
    @DefaultValue("50s") Duration duplicateWindow,
    @DefaultValue("30d") Duration retention) {
  public ChannelsProperties {
    backoff =
        backoff == null || backoff.isEmpty()
            ? List.of(Duration.ofSeconds(5))
            : List.copyOf(backoff);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("sluice.ops.channels.max-attempts must be at least 1");
    }
  }

  /** The wait after the given failed attempt (1 for the first). */
  public Duration backoffAfter(int attempt) {
    return backoff.get(Math.min(attempt, backoff.size()) - 1);
  }

  public static ChannelsProperties defaults() {
    return new ChannelsProperties(
        List.of(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10)),
        5,
        Duration.ofSeconds(10),
        50,
        Duration.ofMinutes(2),
        Duration.ofSeconds(50),
        Duration.ofDays(30));
  }
}
