package dev.sluice.server.local;

import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.LocalCluster;
import dev.sluice.engine.api.LocalClusterSpec;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.ops.recovery.EventLog;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The embedded defaults: a local Flink session cluster and a local Kafka broker, both child
 * processes. Started with the server (or adopted when a crashed server left them running), stopped
 * with it on a clean shutdown (Ctrl-C, {@code sluice stop}); the jobs running there are then
 * stopped with savepoints and resumed from them at the next start. While the server runs, a
 * supervisor starts the cluster's JobManager or TaskManager again when one dies.
 */
@Component
public class LocalPlatform implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);
  private final SluiceProperties properties;
  private final ClusterService clusters;
  private final DeploymentService deployments;
  private volatile long localClusterId = -1;
  private final Optional<LocalCluster> flink;
  private final Optional<LocalKafkaBroker> kafka;
  private final EventLog events;
  private final SupervisorProperties supervision;
  private final Clock clock;
  private final ApplicationEventPublisher publisher;
  private volatile LocalClusterSupervisor supervisor;
  private volatile boolean running;

  public LocalPlatform(
      SluiceProperties properties,
      Engine engine,
      ClusterService clusters,
      DeploymentService deployments,
      EventLog events,
      SupervisorProperties supervision,
      Clock clock,
      ApplicationEventPublisher publisher) {
    this.events = events;
    this.publisher = publisher;
    this.supervision = supervision;
    this.clock = clock;
    this.properties = properties;
    this.clusters = clusters;
    this.deployments = deployments;
    SluiceProperties.LocalCluster c = properties.localCluster();
    this.flink =
        c.enabled()
            ? Optional.of(
                engine.localCluster(
                    new LocalClusterSpec(
                        properties.dataDir().resolve("flink"),
                        c.restPort(),
                        c.taskSlots(),
                        c.taskManagerMemory(),
                        c.jobManagerMemory(),
                        c.prometheusPorts())))
            : Optional.empty();
    this.kafka =
        properties.localKafka().enabled()
            ? Optional.of(
                new LocalKafkaBroker(
                    properties.kafkaHome(),
                    properties.dataDir().resolve("kafka"),
                    properties.localKafka().port()))
            : Optional.empty();
  }

  /** Brings back the jobs suspended when the server last stopped (after the web server is up). */
  public void resumeSuspendedJobs() {
    if (localClusterId >= 0) {
      deployments.resumeSuspended(localClusterId);
    }
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
          localClusterId = clusters.registerLocal(cluster.restUrl()).id();
          if (supervision.enabled()) {
            supervisor =
                new LocalClusterSupervisor(
                    cluster, localClusterId, events, supervision, clock, publisher::publishEvent);
            supervisor.start();
          }
        });
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    LocalClusterSupervisor s = supervisor;
    if (s != null) {
      // First: nothing may be started again while the cluster is being stopped.
      s.close();
    }
    flink.ifPresent(
        cluster -> {
          if (localClusterId >= 0) {
            // Its jobs stop with savepoints and come back when the server starts again. Whatever
            // happens there, the cluster itself is stopped: nothing may be left running.
            try {
              deployments.suspendAll(localClusterId);
            } catch (RuntimeException e) {
              LOG.warn("Could not suspend the jobs of the local cluster", e);
            }
          }
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
    // Early in, late out: the web server (phase MAX-1) stops taking requests before the cluster
    // stops.
    return Integer.MIN_VALUE + 100;
  }
}
