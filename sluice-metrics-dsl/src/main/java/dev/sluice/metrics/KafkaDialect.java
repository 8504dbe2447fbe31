package dev.sluice.metrics;

import java.util.List;

/**
 * A topic per window (and metric), {@code <prefix>.<window>[.<metric>]}, of JSON rows. Kafka has no
 * partial update: updating results go to an upsert-kafka topic keyed by the group's keys.
 */
final class KafkaDialect implements SinkDialect {
  @Override
  public boolean keyed(boolean updating) {
    return updating;
  }

  @Override
  public List<String> options(Target t, boolean updating) {
    String topic = t.sink().topic() + "." + t.dotted();
    String servers = t.sink().bootstrapServers();
    return updating
        ? List.of(
            Sql.option("connector", "upsert-kafka"),
            Sql.option("topic", topic),
            Sql.option("properties.bootstrap.servers", servers),
            Sql.option("key.format", "json"),
            Sql.option("value.format", "json"))
        : List.of(
            Sql.option("connector", "kafka"),
            Sql.option("topic", topic),
            Sql.option("properties.bootstrap.servers", servers),
            Sql.option("format", "json"));
  }
}
