package dev.sluice.server.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the server; every one has an embedded default so that {@code ./sluice start} works on
 * a fresh machine.
 *
 * @param dataDir where the store, the local cluster's and the local broker's files live
 * @param engineHome the engine directory (lib/, compiler/, connectors/)
 * @param kafkaHome the Kafka broker's jars, for the local development broker
 * @param localCluster the local Flink session cluster
 * @param localKafka the local Kafka broker
 * @param jobs defaults for every job
 * @param demo whether to load the demo project into an empty store
 * @param security lifetimes of the platform's credentials
 * @param callbackUrl the server's address as jobs on the cluster reach it (debug taps, keys);
 *     default: localhost and the server's port, right for the local cluster
 */
@ConfigurationProperties("sluice")
public record SluiceProperties(
    Path dataDir,
    Path engineHome,
    @DefaultValue("kafka") Path kafkaHome,
    @DefaultValue LocalCluster localCluster,
    @DefaultValue LocalKafka localKafka,
    @DefaultValue Jobs jobs,
    @DefaultValue Debug debug,
    String callbackUrl,
    @DefaultValue("true") boolean demo,
    @DefaultValue Security security) {

  /**
   * @param jobCredentialTtl longest life of the credential a deployed job fetches its keys with
   *     (its deployment's end revokes it sooner)
   */
  public record Security(@DefaultValue("P30D") Duration jobCredentialTtl) {
    public Security {
      if (jobCredentialTtl == null || jobCredentialTtl.isNegative() || jobCredentialTtl.isZero()) {
        throw new IllegalArgumentException(
            "sluice.security.job-credential-ttl must be a positive duration such as P30D or 720h"
                + " (got: "
                + jobCredentialTtl
                + ")");
      }
    }
  }

  /**
   * Debug runs.
   *
   * @param maxConcurrentRuns runs on a cluster at once (each takes one slot)
   * @param maxRowsPerStep default rows kept per step; a step reaching it ends the run
   * @param maxDuration default longest run
   * @param idleTimeout default time a run may go unread
   * @param retention how long ended runs and their rows are kept
   */
  public record Debug(
      @DefaultValue("4") int maxConcurrentRuns,
      @DefaultValue("1000") int maxRowsPerStep,
      @DefaultValue("180s") Duration maxDuration,
      @DefaultValue("60s") Duration idleTimeout,
      @DefaultValue("24h") Duration retention) {}

  public record LocalCluster(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("8081") int restPort,
      @DefaultValue("8") int taskSlots,
      @DefaultValue("2048m") String taskManagerMemory,
      @DefaultValue("1024m") String jobManagerMemory,
      @DefaultValue("9249-9259") String prometheusPorts) {}

  public record LocalKafka(@DefaultValue("true") boolean enabled, @DefaultValue("9092") int port) {}

  /**
   * @param checkpointInterval checkpoint interval of a job that does not set its own
   * @param maxScriptBytes largest script accepted
   * @param savepointTimeout how long a stop may wait for its savepoint
   */
  public record Jobs(
      @DefaultValue("10s") Duration checkpointInterval,
      @DefaultValue("1048576") int maxScriptBytes,
      @DefaultValue("120s") Duration savepointTimeout) {}
}
