package dev.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces to and reads from the platform's Kafka broker with a plain Kafka client. */
final class KafkaTopics {
  private final String bootstrap;

  KafkaTopics(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  void produce(String topic, List<String> values) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("acks", "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(topic, v));
      }
      producer.flush();
    }
  }

  /** Every record of partition 0 from the given offset on, waiting until the condition holds. */
  List<ConsumerRecord<String, String>> readUntil(
      String topic,
      long fromOffset,
      Predicate<List<ConsumerRecord<String, String>>> done,
      Duration timeout) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    p.put("isolation.level", "read_committed");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seek(partition, fromOffset);
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        if (done.test(records)) {
          return records;
        }
      }
    }
    throw new AssertionError(
        "Topic "
            + topic
            + " did not reach the expected content in "
            + timeout
            + "; got "
            + records.size()
            + " records: "
            + tail(records));
  }

  /** The names of the broker's topics. */
  java.util.Set<String> topics() throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(p)) {
      return admin.listTopics().names().get();
    }
  }

  long endOffset(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      return consumer.endOffsets(List.of(partition)).getOrDefault(partition, 0L);
    }
  }

  /** {@code n} payment events of one merchant, all of the same amount, as JSON. */
  /**
   * DDL of a counting job's tables: {@code events (k, n)} read from topic {@code <prefix>.in}, and
   * per sink an upsert-kafka table {@code (k, cnt)} on topic {@code <prefix>.<sink>}.
   */
  String countingTables(String prefix, List<String> sinks) {
    StringBuilder sql =
        new StringBuilder(
            """
            CREATE TABLE events (k STRING, n BIGINT) WITH (
              'connector' = 'kafka', 'topic' = '%s.in', 'properties.bootstrap.servers' = '%s',
              'properties.group.id' = '%s', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
            """
                .formatted(prefix, bootstrap, prefix));
    for (String sink : sinks) {
      sql.append(
          """
          CREATE TABLE %s (k STRING, cnt BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH (
            'connector' = 'upsert-kafka', 'topic' = '%s.%s', 'properties.bootstrap.servers' = '%s',
            'key.format' = 'json', 'value.format' = 'json');
          """
              .formatted(sink, prefix, sink, bootstrap));
    }
    return sql.toString();
  }

  /** {@code n} events {@code {"k":"a","n":1}} for {@link #countingTables}. */
  static List<String> countingEvents(int n) {
    return payments("a", n, 1).stream()
        .map(v -> v.replace("\"merchant\"", "\"k\"").replace("\"amount\"", "\"n\""))
        .toList();
  }

  static List<String> payments(String merchant, int n, long amount) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add("{\"merchant\":\"" + merchant + "\",\"amount\":" + amount + "}");
    }
    return values;
  }

  /** The {@code cnt} of an aggregate record written by the totals jobs of these tests. */
  static long count(ConsumerRecord<String, String> record) {
    return json(record.value()).path("cnt").asLong();
  }

  static JsonNode json(String value) {
    try {
      return Http.JSON.readTree(value);
    } catch (Exception e) {
      throw new AssertionError("Not JSON: " + value, e);
    }
  }

  private static List<String> tail(List<ConsumerRecord<String, String>> records) {
    return records.subList(Math.max(0, records.size() - 5), records.size()).stream()
        .map(r -> r.key() + "=" + r.value())
        .toList();
  }
}
