package dev.sluice.server.fakes;

import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.config.CallbackUrl;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.jobs.CompileRequests;
import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.JobLocks;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.jobs.Reconciler;
import dev.sluice.server.secrets.DeploymentCredentials;
import dev.sluice.server.secrets.SecretRedactor;
import dev.sluice.server.secrets.SecretResolver;
import dev.sluice.server.secrets.SecretStore;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.core.env.StandardEnvironment;

/**
 * The server's job lifecycle wired by hand over fakes: an in-memory store, a fake engine and
 * cluster, a clock that moves only when told. No Spring context, no database, no Flink.
 */
public final class ServerFixture {
  public final MutableClock clock = new MutableClock();
  public final InMemoryJobStore jobs = new InMemoryJobStore(clock);
  public final InMemoryClusterStore clusterStore = new InMemoryClusterStore();
  public final FakeEngine engine = new FakeEngine();
  public final SluiceProperties properties;
  public final SecretStore secrets;
  public final InMemoryDeploymentCredentialRepository credentialStore =
      new InMemoryDeploymentCredentialRepository();
  public final DeploymentCredentials credentials;
  public final RecordingKeyUses keyUses = new RecordingKeyUses();
  public final DeploymentService deployments;
  public final Reconciler reconciler;
  public final Cluster local;

  public ServerFixture(Path dataDir) {
    properties =
        new SluiceProperties(
            dataDir,
            dataDir.resolve("engine"),
            dataDir.resolve("kafka"),
            new SluiceProperties.LocalCluster(true, 8081, 8, "2048m", "1024m", ""),
            new SluiceProperties.LocalKafka(true, 9092),
            new SluiceProperties.Jobs(Duration.ofSeconds(10), 1 << 20, Duration.ofSeconds(120)),
            new SluiceProperties.Debug(
                4, 1000, Duration.ofSeconds(180), Duration.ofSeconds(60), Duration.ofHours(24)),
            "http://localhost:8080",
            false,
            new SluiceProperties.Security(Duration.ofDays(30)));
    local = clusterStore.insert(Cluster.LOCAL, "LOCAL", "http://localhost:8081");
    CallbackUrl callbackUrl = new CallbackUrl(properties, new StandardEnvironment());
    credentials = new DeploymentCredentials(credentialStore, clock, properties, callbackUrl);
    secrets = new SecretStore(new InMemorySecretRepository(), properties, credentials, keyUses);
    JobLocks locks = new JobLocks();
    CompileRequests requests =
        new CompileRequests(
            properties,
            jobs,
            secrets,
            new SecretResolver(secrets),
            callbackUrl,
            dev.sluice.server.jobs.JobFunctions.NONE,
            dev.sluice.server.jobs.JarPrograms.NONE,
            dev.sluice.server.jobs.SyncPrograms.NONE);
    deployments =
        new DeploymentService(
            engine,
            jobs,
            new ClusterService(clusterStore, engine),
            properties,
            locks,
            requests,
            clock,
            new SecretRedactor(secrets),
            credentials);
    reconciler =
        new Reconciler(
            jobs, clusterStore, engine, locks, clock, new SecretRedactor(secrets), credentials);
  }

  /** A saved job with one version of the given script; returns its id. */
  public long job(String name, String script) {
    long id = jobs.insert(name, "SQL", local.id(), "demo");
    jobs.addVersion(id, script, "ana", null);
    return id;
  }

  /** Saves a new version of a job's script. */
  public JobVersion save(long jobId, String script) {
    return jobs.addVersion(jobId, script, "ana", null);
  }
}
