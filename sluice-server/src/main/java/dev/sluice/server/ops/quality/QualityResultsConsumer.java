package dev.sluice.server.ops.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the results topics of every monitor ({@code sluice.quality.*}) with one consumer and hands
 * each window to the {@link QualityResultRecorder}. Offsets are committed after a batch is
 * recorded, in the server's consumer group, so a restarted server goes on where it stopped; what is
 * read twice is recorded once.
 */
public final class QualityResultsConsumer implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(QualityResultsConsumer.class);
  static final String GROUP = "sluice-server-quality";
  private static final Duration CLEANUP_EVERY = Duration.ofHours(1);

  private final String bootstrapServers;
  private final QualityResultRecorder recorder;
  private final QualityResultStore results;
  private final QualityProperties properties;
  private final JsonMapper json;
  private final Clock clock;
  private volatile boolean running;
  private volatile KafkaConsumer<String, String> consumer;
  private Thread thread;

  public QualityResultsConsumer(
      String bootstrapServers,
      QualityResultRecorder recorder,
      QualityResultStore results,
      QualityProperties properties,
      JsonMapper json,
      Clock clock) {
    this.bootstrapServers = bootstrapServers;
    this.recorder = recorder;
    this.results = results;
    this.properties = properties;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    if (running || bootstrapServers == null || bootstrapServers.isBlank()) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "quality-results");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    KafkaConsumer<String, String> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** After the local platform (its Kafka broker) has started. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }

  private void run() {
    Instant nextCleanup = clock.instant();
    Instant nextRefresh = clock.instant();
    Instant lastRead = Instant.MIN;
    while (running) {
      try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config())) {
        consumer = c;
        c.subscribe(Pattern.compile(Pattern.quote(QualityResults.TOPIC_PREFIX) + ".+"));
        while (running) {
          ConsumerRecords<String, String> batch = c.poll(properties.poll());
          Instant at = clock.instant();
          for (ConsumerRecord<String, String> r : batch) {
            // A later window is a later sample, also within one batch: charts and rules take the
            // newest sample of a series as its value.
            Instant read = at.isAfter(lastRead) ? at : lastRead.plusMillis(1);
            handle(r, read);
            lastRead = read;
          }
          if (!batch.isEmpty()) {
            c.commitSync();
          }
          if (!at.isBefore(nextRefresh)) {
            recorder.refresh(at);
            nextRefresh = at.plus(properties.refresh());
          }
          if (!at.isBefore(nextCleanup)) {
            results.deleteBefore(at.minus(properties.retention()));
            nextCleanup = at.plus(CLEANUP_EVERY);
          }
        }
      } catch (WakeupException e) {
        // stopping
      } catch (RuntimeException e) {
        LOG.warn("Reading data-quality results failed; trying again in 5 s", e);
        sleep();
      } finally {
        consumer = null;
      }
    }
  }

  private void handle(ConsumerRecord<String, String> r, Instant at) {
    String monitor = r.topic().substring(QualityResults.TOPIC_PREFIX.length());
    QualityResults.Window w;
    try {
      w = r.value() == null ? null : QualityResults.parse(json.readTree(r.value()));
    } catch (JacksonException e) {
      w = null;
    }
    if (w == null) {
      LOG.debug("Skipping a record of {} that is not a monitor's window", r.topic());
      return;
    }
    recorder.record(monitor, w, at);
  }

  private Properties config() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("group.id", GROUP);
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    // New monitors' topics are found within seconds.
    p.put("metadata.max.age.ms", "5000");
    p.put("client.id", "sluice-server-quality");
    return p;
  }

  private void sleep() {
    try {
      Thread.sleep(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
