package dev.sluice.server.ops.quality;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Data-quality monitors ({@code sluice.ops.quality.*}).
 *
 * @param bootstrapServers the Kafka brokers the monitors' jobs write their results to and the
 *     server reads them from (and the default brokers of a monitor's source); empty: the local
 *     broker
 * @param poll the longest one read of the results topics waits
 * @param retention how long per-window results are kept (at least a day, for the volume check)
 * @param refresh how often the newest window of each monitor is sampled again while the next one is
 *     awaited
 */
@ConfigurationProperties("sluice.ops.quality")
public record QualityProperties(
    @DefaultValue("") String bootstrapServers,
    @DefaultValue("1s") Duration poll,
    @DefaultValue("8d") Duration retention,
    @DefaultValue("15s") Duration refresh) {
  public QualityProperties {
    if (retention.compareTo(Duration.ofDays(1).plusHours(1)) < 0) {
      throw new IllegalArgumentException(
          "sluice.ops.quality.retention must be at least 25h: the volume check reads a day back");
    }
  }
}
