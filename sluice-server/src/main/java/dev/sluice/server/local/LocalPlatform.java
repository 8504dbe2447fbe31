package dev.sluice.server.local;

import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.LocalCluster;
import dev.sluice.engine.api.LocalClusterSpec;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.config.SluiceProperties;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The embedded defaults: a local Flink session cluster and a local Kafka broker, both child
 * processes. Started with the server (or adopted when a crashed server left them running), stopped
 * with it on a clean shutdown (Ctrl-C, {@code sluice stop}).
 */
@Component
public class LocalPlatform implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);
  private final SluiceProperties properties;
  private final ClusterService clusters;
  private final Optional<LocalCluster> flink;
  private final Optional<LocalKafkaBroker> kafka;
  private volatile boolean running;

  public LocalPlatform(SluiceProperties properties, Engine engine, ClusterService clusters) {
    this.properties = properties;
    this.clusters = clusters;
    SluiceProperties.LocalCluster c = properties.localCluster();
    this.flink =
        c.enabled()
            ? Optional.of(
                engine.localCluster(
                    new LocalClusterSpec(
                        properties.dataDir().resolve("flink"), c.restPort(), c.taskSlots(), c.taskManagerMemory(), c.jobManagerMemory())))
            : Optional.empty();
    this.kafka =
        properties.localKafka().enabled()
            ? Optional.of(new LocalKafkaBroker(properties.kafkaHome(), properties.dataDir().resolve("kafka"), properties.localKafka().port()))
            : Optional.empty();
  }

  public Optional<String> kafkaBootstrapServers() {
    return kafka.map(LocalKafkaBroker::bootstrapServers);
  }

  @Override
  public void start() {
    kafka.ifPresent(LocalKafkaBroker::start);
    flink.ifPresent(
        cluster -> {
          cluster.start();
          clusters.registerLocal(cluster.restUrl());
        });
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    flink.ifPresent(
        cluster -> {
          LOG.info("Stopping the local Flink cluster");
          cluster.stop();
        });
    kafka.ifPresent(
        broker -> {
          LOG.info("Stopping the local Kafka broker");
          broker.stop();
        });
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Early in, late out: the web server (phase MAX-1) stops taking requests before the cluster stops.
    return Integer.MIN_VALUE + 100;
  }
}
