package dev.sluice.engine.flink.cluster;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.ClusterOverview;
import dev.sluice.engine.api.JobStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.util.ExceptionUtils;

/**
 * A session cluster by its REST address. Submission, savepoints and cancellation go through Flink's
 * own {@link RestClusterClient} (jar upload, asynchronous savepoint operations); reads go to the
 * documented REST API.
 */
public final class FlinkClusterClient implements ClusterClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private final String restUrl;
  private final FlinkRest rest;

  public FlinkClusterClient(String restUrl) {
    this.restUrl = restUrl;
    this.rest = new FlinkRest(restUrl);
  }

  @Override
  public ClusterOverview overview() {
    JsonNode o =
        rest.get("/overview")
            .orElseThrow(() -> new ClusterException("No /overview at " + restUrl, false, null));
    return new ClusterOverview(
        o.path("flink-version").asText(""),
        o.path("taskmanagers").asInt(),
        o.path("slots-total").asInt(),
        o.path("slots-available").asInt(),
        o.path("jobs-running").asInt());
  }

  @Override
  public List<JobStatus> jobs() {
    List<JobStatus> jobs = new ArrayList<>();
    JsonNode overview = rest.get("/jobs/overview").orElseThrow();
    for (JsonNode job : overview.path("jobs")) {
      job(job.path("jid").asText()).ifPresent(jobs::add);
    }
    return jobs;
  }

  @Override
  public Optional<JobStatus> job(String jobId) {
    Optional<JsonNode> details = rest.get("/jobs/" + jobId);
    if (details.isEmpty()) {
      return Optional.empty();
    }
    JsonNode d = details.get();
    Optional<JobStatus.Checkpoint> checkpoint = Optional.empty();
    Optional<JobStatus.Checkpoint> savepoint = Optional.empty();
    // Checkpoint statistics, metrics and exceptions are unavailable while a job initializes: best
    // effort.
    Optional<JsonNode> checkpoints = bestEffort("/jobs/" + jobId + "/checkpoints");
    if (checkpoints.isPresent()) {
      JsonNode latest = checkpoints.get().path("latest");
      checkpoint = checkpoint(latest.path("completed"));
      savepoint = checkpoint(latest.path("savepoint"));
    }
    long restarts = 0;
    Optional<JsonNode> metrics = bestEffort("/jobs/" + jobId + "/metrics?get=numRestarts");
    if (metrics.isPresent()) {
      for (JsonNode m : metrics.get()) {
        restarts = m.path("value").asLong(0);
      }
    }
    Optional<String> failure = Optional.empty();
    String state = d.path("state").asText();
    if (state.equals("FAILED") || state.equals("RESTARTING") || state.equals("FAILING")) {
      failure =
          bestEffort("/jobs/" + jobId + "/exceptions?maxExceptions=1")
              .map(e -> e.path("root-exception").asText(null))
              .map(FlinkClusterClient::rootCause);
    }
    return Optional.of(
        new JobStatus(
            jobId,
            d.path("name").asText(""),
            state,
            d.path("start-time").asLong(-1),
            d.path("end-time").asLong(-1),
            restarts,
            checkpoint,
            savepoint,
            failure));
  }

  /** The deepest "Caused by" of a stack trace text: the reason, not the wrapper. */
  static String rootCause(String trace) {
    String cause = trace.lines().findFirst().orElse(trace);
    for (String line : trace.lines().toList()) {
      if (line.startsWith("Caused by: ")) {
        cause = line.substring("Caused by: ".length());
      }
    }
    return cause;
  }

  private Optional<JsonNode> bestEffort(String path) {
    try {
      return rest.get(path);
    } catch (ClusterException e) {
      if (e.unreachable()) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private static Optional<JobStatus.Checkpoint> checkpoint(JsonNode node) {
    if (node.isMissingNode() || node.isNull() || !node.hasNonNull("external_path")) {
      return Optional.empty();
    }
    return Optional.of(
        new JobStatus.Checkpoint(
            node.path("id").asLong(),
            node.path("external_path").asText(),
            node.path("latest_ack_timestamp").asLong(),
            node.path("state_size").asLong()));
  }

  /** Submits a compiled job graph, uploading its user jars. */
  public void submit(JobGraph jobGraph) {
    try (RestClusterClient<StandaloneClusterId> client = client()) {
      client.submitJob(jobGraph).get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw failure("submit job " + jobGraph.getJobID(), e);
    }
  }

  @Override
  public String stopWithSavepoint(
      String jobId, String targetDirectory, boolean drain, Duration timeout) {
    try (RestClusterClient<StandaloneClusterId> client = client()) {
      return client
          .stopWithSavepoint(
              JobID.fromHexString(jobId), drain, targetDirectory, SavepointFormatType.CANONICAL)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw failure("stop job " + jobId + " with a savepoint", e);
    }
  }

  @Override
  public String triggerSavepoint(String jobId, String targetDirectory, Duration timeout) {
    try (RestClusterClient<StandaloneClusterId> client = client()) {
      return client
          .triggerSavepoint(
              JobID.fromHexString(jobId), targetDirectory, SavepointFormatType.CANONICAL)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw failure("take a savepoint of job " + jobId, e);
    }
  }

  @Override
  public void cancel(String jobId) {
    try (RestClusterClient<StandaloneClusterId> client = client()) {
      client.cancel(JobID.fromHexString(jobId)).get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw failure("cancel job " + jobId, e);
    }
  }

  private RestClusterClient<StandaloneClusterId> client() throws Exception {
    URI uri = URI.create(restUrl);
    Configuration config = new Configuration();
    config.set(RestOptions.ADDRESS, uri.getHost());
    config.set(RestOptions.PORT, uri.getPort() > 0 ? uri.getPort() : 8081);
    config.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
    config.set(RestOptions.RETRY_DELAY, Duration.ofMillis(500));
    return new RestClusterClient<>(config, StandaloneClusterId.getInstance());
  }

  private ClusterException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    boolean unreachable =
        ExceptionUtils.findThrowable(cause, java.net.ConnectException.class).isPresent()
            || ExceptionUtils.findThrowableWithMessage(cause, "Connection refused").isPresent()
            || (cause instanceof TimeoutException && what.startsWith("submit"));
    String detail = ExceptionUtils.stripExecutionException(cause).getMessage();
    String root =
        ExceptionUtils.findThrowable(cause, t -> t.getCause() == null)
            .map(Throwable::getMessage)
            .orElse(detail);
    return new ClusterException(
        unreachable
            ? "The Flink cluster at " + restUrl + " cannot be reached to " + what
            : "Flink could not " + what + ": " + (root != null ? root : detail),
        unreachable,
        null);
  }
}
