package dev.sluice.server.ops.runtime;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.JobGraphView;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.ops.metrics.FlinkRestClient;
import dev.sluice.server.ops.metrics.MetricsProperties;
import dev.sluice.server.secrets.SecretRedactor;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job's cluster knows about the job's latest Flink job that the store does not: its running
 * graph with live rates, its checkpoints and its exceptions. Always asked live; a job without a
 * Flink job the cluster knows gets an empty answer, a cluster that does not answer a {@link
 * ClusterException}.
 */
@Service
public class JobRuntimeService {
  private static final Logger LOG = LoggerFactory.getLogger(JobRuntimeService.class);
  private static final int OWNERS_CACHED = 64;

  private final ClusterService clusters;
  private final DeploymentService deployments;
  private final JobStore jobs;
  private final SecretRedactor redactor;
  private final Clock clock;
  private final FlinkRestClient rest;
  private final VertexGraphReader graphs;
  private final Map<String, VertexOwners> owners =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VertexOwners> eldest) {
          return size() > OWNERS_CACHED;
        }
      };

  public JobRuntimeService(
      ClusterService clusters,
      DeploymentService deployments,
      JobStore jobs,
      SecretRedactor redactor,
      Clock clock,
      JsonMapper json,
      MetricsProperties properties) {
    this.clusters = clusters;
    this.deployments = deployments;
    this.jobs = jobs;
    this.redactor = redactor;
    this.clock = clock;
    this.rest = new FlinkRestClient(json, properties.requestTimeout());
    this.graphs = new VertexGraphReader(rest);
  }

  public JobVertices vertices(Job job) {
    Instant at = clock.instant();
    if (job.flinkJobId() == null) {
      return new JobVertices(job.name(), job.id(), null, null, at, List.of());
    }
    String restUrl = restUrl(job);
    return ask(
        job,
        () -> {
          JsonNode details;
          try {
            details = graphs.details(restUrl, job.flinkJobId());
          } catch (FlinkRestClient.NotFound e) {
            return new JobVertices(job.name(), job.id(), job.flinkJobId(), null, at, List.of());
          }
          return new JobVertices(
              job.name(),
              job.id(),
              job.flinkJobId(),
              details.path("state").asString(null),
              at,
              graphs.vertices(restUrl, job.flinkJobId(), details, owners(job)));
        });
  }

  public JobCheckpoints checkpoints(Job job) {
    Instant at = clock.instant();
    if (job.flinkJobId() == null) {
      return new JobCheckpoints(
          job.name(),
          job.id(),
          null,
          null,
          at,
          JobCheckpoints.Counts.NONE,
          JobCheckpoints.Latest.NONE,
          List.of());
    }
    String restUrl = restUrl(job);
    return ask(
        job,
        () -> {
          Optional<String> state = state(restUrl, job.flinkJobId());
          JsonNode stats = null;
          if (state.isPresent()) {
            try {
              stats = rest.get(restUrl, "/jobs/" + job.flinkJobId() + "/checkpoints");
            } catch (FlinkRestClient.Unreachable e) {
              throw e;
            } catch (FlinkRestClient.FlinkRestException e) {
              // Checkpointing is off, or the job initializes and has no statistics yet.
              LOG.debug("No checkpoint statistics for {}: {}", job.name(), e.getMessage());
            }
          }
          if (stats == null) {
            return new JobCheckpoints(
                job.name(),
                job.id(),
                job.flinkJobId(),
                state.orElse(null),
                at,
                JobCheckpoints.Counts.NONE,
                JobCheckpoints.Latest.NONE,
                List.of());
          }
          CheckpointStats read = new CheckpointStats(redactor::redact);
          return new JobCheckpoints(
              job.name(),
              job.id(),
              job.flinkJobId(),
              state.get(),
              at,
              read.counts(stats),
              read.latest(stats),
              read.history(stats));
        });
  }

  /**
   * @param maxExceptions how many failures to ask for, 1-100
   */
  public JobExceptions exceptions(Job job, int maxExceptions) {
    Instant at = clock.instant();
    if (job.flinkJobId() == null) {
      return new JobExceptions(
          job.name(), job.id(), null, null, at, maxExceptions, null, List.of(), false);
    }
    String restUrl = restUrl(job);
    return ask(
        job,
        () -> {
          Optional<String> state = state(restUrl, job.flinkJobId());
          JsonNode answer;
          try {
            answer =
                state.isEmpty()
                    ? null
                    : rest.get(
                        restUrl,
                        "/jobs/" + job.flinkJobId() + "/exceptions?maxExceptions=" + maxExceptions);
          } catch (FlinkRestClient.NotFound e) {
            answer = null;
          }
          if (answer == null) {
            return new JobExceptions(
                job.name(),
                job.id(),
                job.flinkJobId(),
                state.orElse(null),
                at,
                maxExceptions,
                null,
                List.of(),
                false);
          }
          ExceptionHistory read = new ExceptionHistory(redactor::redact);
          List<JobExceptions.Failure> failures = read.failures(answer);
          return new JobExceptions(
              job.name(),
              job.id(),
              job.flinkJobId(),
              state.get(),
              at,
              maxExceptions,
              failures.isEmpty() ? null : failures.get(0),
              failures,
              read.truncated(answer));
        });
  }

  /** The Flink job's state; empty when the cluster does not know the job. */
  private Optional<String> state(String restUrl, String flinkJobId) {
    try {
      return Optional.ofNullable(
          rest.get(restUrl, "/jobs/" + flinkJobId + "/status").path("status").asString(null));
    } catch (FlinkRestClient.NotFound e) {
      return Optional.empty();
    }
  }

  private String restUrl(Job job) {
    return clusters.get(job.clusterId()).restUrl();
  }

  private <T> T ask(Job job, Supplier<T> call) {
    try {
      return call.get();
    } catch (FlinkRestClient.Unreachable e) {
      throw new ClusterException(
          "The cluster of job '" + job.name() + "' cannot be reached: " + e.getMessage(),
          true,
          null);
    } catch (FlinkRestClient.FlinkRestException e) {
      throw new ClusterException(
          "The cluster of job '" + job.name() + "' answered with an error: " + e.getMessage(),
          false,
          null);
    }
  }

  /**
   * The owners of the deployed Flink job's vertices: the deployed version compiled again (as the
   * plan endpoint compiles it), else the operator owners recorded at its deploy. Kept per Flink
   * job, which never changes its graph.
   */
  private VertexOwners owners(Job job) {
    synchronized (owners) {
      VertexOwners known = owners.get(job.flinkJobId());
      if (known != null) {
        return known;
      }
    }
    Optional<JobGraphView> graph = Optional.empty();
    if (job.deployedVersion() != null) {
      try {
        graph = Optional.of(deployments.plan(job.id(), Optional.of(job.deployedVersion())).graph());
      } catch (RuntimeException e) {
        LOG.info(
            "Job '{}': version {} does not compile now ({}); vertices are named by the operators"
                + " recorded at its deploy",
            job.name(),
            job.deployedVersion(),
            redactor.redact(e.getMessage()));
      }
    }
    VertexOwners found = VertexOwners.of(graph, jobs.operatorOwners(job.id()));
    synchronized (owners) {
      owners.put(job.flinkJobId(), found);
    }
    return found;
  }
}
