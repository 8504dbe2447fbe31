package dev.sluice.server.kafka;

import static java.util.Objects.requireNonNull;

import dev.sluice.server.errors.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.stereotype.Service;

/**
 * The topics of the platform's broker and their latest events, for the metric builder's source
 * step. Every call opens its own short-lived client with the configured timeout, so a broker that
 * is down answers with an error in seconds instead of holding the request.
 */
@Service
public class KafkaBrowser {
  private final PlatformKafka kafka;
  private final PlatformKafkaProperties properties;

  public KafkaBrowser(PlatformKafka kafka, PlatformKafkaProperties properties) {
    this.kafka = kafka;
    this.properties = properties;
  }

  public record Topic(String name, int partitions) {
    public Topic {
      requireNonNull(name, "name is null");
    }
  }

  /**
   * One record of a sample.
   *
   * @param timestamp the record's timestamp, null if it has none
   * @param key the key as UTF-8 text, null if it has none
   * @param value the value as UTF-8 text (null for a tombstone), cut at 64 KiB
   * @param valueTruncated whether the value was longer than 64 KiB and is cut
   */
  public record Event(
      int partition,
      long offset,
      Instant timestamp,
      String key,
      String value,
      boolean valueTruncated) {}

  /**
   * @param events the latest events, oldest first
   * @param truncated whether the read stopped at the timeout before every partition's end, so newer
   *     events may be missing
   */
  public record Sample(String topic, List<Event> events, boolean truncated) {
    public Sample {
      events = List.copyOf(events);
    }
  }

  /** The broker's topics sorted by name, without Kafka's internal ones. */
  public List<Topic> topics() {
    String servers = kafka.bootstrapServers();
    try (Admin admin = Admin.create(adminConfig(servers))) {
      List<String> names =
          await(
                  admin.listTopics(new ListTopicsOptions().listInternal(false)).names(),
                  servers,
                  null)
              .stream()
              .filter(n -> !TopicNames.internal(n))
              .sorted()
              .toList();
      if (names.isEmpty()) {
        return List.of();
      }
      Map<String, TopicDescription> described =
          await(admin.describeTopics(names).allTopicNames(), servers, null);
      return names.stream()
          .filter(described::containsKey) // deleted between the two calls
          .map(n -> new Topic(n, described.get(n).partitions().size()))
          .toList();
    } catch (KafkaException e) {
      throw unavailable(servers, e);
    }
  }

  /**
   * A broker call's answer within the timeout. An unknown {@code topic} (where one is named) is a
   * 404; an unreachable or failing broker, a timeout or an interrupt makes the broker unavailable.
   */
  private <T> T await(KafkaFuture<T> call, String servers, String topic) {
    try {
      return call.get(timeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (topic != null && e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new NotFoundException("Topic '" + topic + "'");
      }
      throw unavailable(servers, e.getCause());
    } catch (TimeoutException e) {
      throw unavailable(servers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(servers, e);
    }
  }

  /** The latest {@code limit} events of a topic across its partitions, oldest first. */
  public Sample sample(String topic, int limit) {
    TopicNames.require(topic);
    String servers = kafka.bootstrapServers();
    Instant deadline = Instant.now().plus(properties.timeout());
    List<TopicPartition> partitions = partitions(servers, topic);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(servers))) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, left(deadline));
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, left(deadline));
      Map<TopicPartition, Long> pending = new HashMap<>();
      for (TopicPartition p : partitions) {
        long end = ends.getOrDefault(p, 0L);
        long begin = begins.getOrDefault(p, 0L);
        if (end > begin) {
          pending.put(p, end);
        }
      }
      List<Event> events = new ArrayList<>();
      consumer.assign(pending.keySet());
      // Each partition's own last `limit` records: the latest `limit` of the topic are among them.
      pending.forEach(
          (p, end) -> consumer.seek(p, Math.max(begins.getOrDefault(p, 0L), end - limit)));
      while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<byte[], byte[]> r :
            consumer.poll(Duration.ofMillis(Math.min(200, left(deadline).toMillis())))) {
          TopicPartition p = new TopicPartition(r.topic(), r.partition());
          Long end = ends.get(p);
          if (end != null && r.offset() < end) {
            events.add(event(r));
          }
        }
        // A position at or past the end offset (transaction markers included) is done; after a
        // seek the position is known without asking the broker.
        pending
            .entrySet()
            .removeIf(e -> consumer.position(e.getKey(), properties.timeout()) >= e.getValue());
      }
      return new Sample(topic, latest(events, limit), !pending.isEmpty());
    } catch (KafkaException e) {
      throw unavailable(servers, e);
    }
  }

  /**
   * The {@code limit} newest events by timestamp (ties in partition and offset order), oldest
   * first.
   */
  static List<Event> latest(List<Event> events, int limit) {
    Comparator<Event> order =
        Comparator.comparing(Event::timestamp, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(Event::partition)
            .thenComparingLong(Event::offset);
    List<Event> sorted = events.stream().sorted(order).toList();
    return sorted.subList(Math.max(0, sorted.size() - limit), sorted.size());
  }

  private List<TopicPartition> partitions(String servers, String topic) {
    try (Admin admin = Admin.create(adminConfig(servers))) {
      TopicDescription d =
          await(admin.describeTopics(List.of(topic)).allTopicNames(), servers, topic).get(topic);
      return d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    } catch (KafkaException e) {
      throw unavailable(servers, e);
    }
  }

  private static Event event(ConsumerRecord<byte[], byte[]> r) {
    RecordText key = RecordText.of(r.key());
    RecordText value = RecordText.of(r.value());
    return new Event(
        r.partition(),
        r.offset(),
        r.timestamp() < 0 ? null : Instant.ofEpochMilli(r.timestamp()),
        key.text(),
        value.text(),
        value.cut());
  }

  private long timeoutMillis() {
    return properties.timeout().toMillis();
  }

  private static Duration left(Instant deadline) {
    Duration d = Duration.between(Instant.now(), deadline);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private Properties adminConfig(String servers) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-studio-browse");
    return p;
  }

  private Properties consumerConfig(String servers) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Uncommitted writes of exactly-once jobs are not events yet.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis());
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis());
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-studio-sample");
    return p;
  }

  private BrokerUnavailableException unavailable(String servers, Throwable cause) {
    String reason = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return new BrokerUnavailableException(
        "The platform's Kafka broker ("
            + servers
            + ") did not answer within "
            + properties.timeout().toSeconds()
            + "s"
            + reason
            + " (sluice.kafka.bootstrap-servers sets which broker is browsed)",
        cause);
  }
}
