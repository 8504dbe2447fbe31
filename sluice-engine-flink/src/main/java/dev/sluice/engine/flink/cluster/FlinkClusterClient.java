package dev.sluice.engine.flink.cluster;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.ClusterOverview;
import dev.sluice.engine.api.FlinkJobState;
import dev.sluice.engine.api.JobStatus;
import dev.sluice.engine.api.SubmitOutcome;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.rest.util.RestClientException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

/**
 * A session cluster by its REST address. Submission, savepoints and cancellation go through Flink's
 * own {@link RestClusterClient} (jar upload, asynchronous savepoint operations); reads go to the
 * documented REST API.
 */
public final class FlinkClusterClient implements ClusterClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int SUBMIT_ATTEMPTS = 3;
  private static final Duration SUBMIT_RETRY_DELAY = Duration.ofMillis(500);
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
    FlinkJobState state = state(d.path("state").asText());
    Optional<String> failure = Optional.empty();
    if (state == FlinkJobState.FAILED
        || state == FlinkJobState.RESTARTING
        || state == FlinkJobState.FAILING) {
      failure =
          bestEffort("/jobs/" + jobId + "/exceptions?maxExceptions=1")
              .flatMap(FlinkClusterClient::failure);
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

  private FlinkJobState state(String name) {
    try {
      return FlinkJobState.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new ClusterException(
          "Flink at " + restUrl + " reported a job state Sluice does not know: '" + name + "'",
          false,
          null);
    }
  }

  /**
   * The latest failure of a job from its exceptions: {@code OutOfMemoryError: Java heap space in
   * Source: pay[41]}, the root cause and the task it happened in.
   */
  static Optional<String> failure(JsonNode exceptions) {
    JsonNode latest = exceptions.path("exceptionHistory").path("entries").path(0);
    String trace =
        latest.hasNonNull("stacktrace")
            ? latest.path("stacktrace").asText()
            : exceptions.path("root-exception").asText(null);
    if (trace == null || trace.isBlank()) {
      return Optional.empty();
    }
    String cause = Failures.rootOfTrace(trace);
    if (cause == null) {
      cause = trace.lines().findFirst().orElse(trace).strip();
    }
    String task = latest.path("taskName").asText(null);
    if (task != null && !task.isBlank() && !task.equals("null")) {
      // "Source: pay[41] (1/2) - execution #3": the subtask and attempt say nothing to the user.
      cause +=
          " in " + task.replaceFirst("\\s*\\(\\d+/\\d+\\)(#\\d+)?(\\s*-\\s*execution #\\d+)?$", "");
    }
    return Optional.of(cause);
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

  /**
   * Submits a compiled job graph, uploading its user jars. Attempts are repeated here, not inside
   * Flink's client, so that it is known whether any of them may have reached the cluster: a
   * repeated graph is answered "already submitted", which proves the first one arrived.
   */
  public SubmitOutcome submit(JobGraph jobGraph) {
    String jobId = jobGraph.getJobID().toHexString();
    String unanswered = null; // why an earlier attempt that may have arrived got no answer
    SubmitOutcome outcome = null;
    for (int attempt = 1; attempt <= SUBMIT_ATTEMPTS; attempt++) {
      if (attempt > 1 && !pause(SUBMIT_RETRY_DELAY)) {
        break;
      }
      outcome = submitOnce(jobGraph, jobId);
      if (outcome instanceof SubmitOutcome.Accepted) {
        return outcome;
      } else if (outcome instanceof SubmitOutcome.Rejected rejected) {
        return unanswered == null
            ? rejected
            : new SubmitOutcome.Unknown(
                jobId, unanswered + "; a repeated attempt was refused: " + rejected.cause());
      } else if (outcome instanceof SubmitOutcome.Unknown unknown) {
        unanswered = unknown.cause();
      }
      // NotSent: nothing arrived, so trying again is safe.
    }
    if (unanswered != null) {
      return new SubmitOutcome.Unknown(jobId, unanswered);
    }
    return outcome;
  }

  private SubmitOutcome submitOnce(JobGraph jobGraph, String jobId) {
    RestClusterClient<StandaloneClusterId> client;
    try {
      client = client(0);
    } catch (Exception e) {
      return new SubmitOutcome.NotSent(
          jobId, "no client for " + restUrl + ": " + Failures.reason(e));
    }
    try (client) {
      client.submitJob(jobGraph).get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new SubmitOutcome.Accepted(jobId);
    } catch (TimeoutException e) {
      return new SubmitOutcome.Unknown(
          jobId,
          "Flink at " + restUrl + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SubmitOutcome.Unknown(jobId, "interrupted while waiting for Flink's answer");
    } catch (Exception e) {
      return submitFailure(jobId, e);
    }
  }

  /** Which of the three ways a submission failed, from what Flink's client threw. */
  SubmitOutcome submitFailure(String jobId, Throwable e) {
    String reason = Failures.reason(e);
    if (Failures.mentions(e, "DuplicateJobSubmissionException")
        || Failures.mentions(e, "has already been submitted")) {
      return new SubmitOutcome.Accepted(jobId);
    }
    if (Failures.chain(e).stream().anyMatch(FlinkClusterClient::connectFailure)) {
      return new SubmitOutcome.NotSent(
          jobId, "the Flink cluster at " + restUrl + " cannot be reached: " + reason);
    }
    Optional<RestClientException> answer =
        Failures.chain(e).stream()
            .filter(RestClientException.class::isInstance)
            .map(RestClientException.class::cast)
            .findFirst();
    if (answer.isPresent() && answer.get().getHttpResponseStatus().code() >= 400) {
      return new SubmitOutcome.Rejected(
          jobId, "Flink at " + restUrl + " refused the job: " + reason);
    }
    return new SubmitOutcome.Unknown(
        jobId, "the job graph was sent to " + restUrl + " but no answer came: " + reason);
  }

  /** A failure to connect: nothing of the request left this process. */
  private static boolean connectFailure(Throwable t) {
    return t instanceof java.net.ConnectException
        || t instanceof java.net.UnknownHostException
        || t instanceof org.apache.flink.shaded.netty4.io.netty.channel.ConnectTimeoutException;
  }

  private static boolean pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
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
      throw failureOfJob(jobId, "stop job " + jobId + " with a savepoint", e);
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
      throw failureOfJob(jobId, "take a savepoint of job " + jobId, e);
    }
  }

  @Override
  public Optional<JobStatus> awaitTerminal(String jobId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<JobStatus> status = job(jobId);
    while (status.isPresent() && !status.get().terminal() && System.nanoTime() < deadline) {
      if (!pause(Duration.ofMillis(200))) {
        break;
      }
      status = job(jobId);
    }
    return status;
  }

  /**
   * A savepoint of a job that is failing fails with whatever its tasks threw, shipped as a
   * serialized throwable: the job's own state and latest exception say what happened.
   */
  private ClusterException failureOfJob(String jobId, String what, Exception e) {
    ClusterException failure = failure(what, e);
    if (failure.unreachable()) {
      return failure;
    }
    try {
      Optional<JobStatus> status = job(jobId);
      if (status.isPresent() && status.get().failure().isPresent()) {
        return new ClusterException(
            "Flink could not "
                + what
                + ": the job is "
                + status.get().state().name().toLowerCase(java.util.Locale.ROOT)
                + ": "
                + status.get().failure().get(),
            false,
            null);
      }
    } catch (ClusterException ignored) {
      // the failure as the savepoint reported it is the best there is
    }
    return failure;
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
    return client(2);
  }

  /**
   * Flink's client repeats a request after any I/O error, also after the request was sent; that is
   * harmless for reads and savepoint triggers, but a submission is repeated by {@link #submit}.
   */
  private RestClusterClient<StandaloneClusterId> client(int retries) throws Exception {
    URI uri = URI.create(restUrl);
    Configuration config = new Configuration();
    config.set(RestOptions.ADDRESS, uri.getHost());
    config.set(RestOptions.PORT, uri.getPort() > 0 ? uri.getPort() : 8081);
    config.set(RestOptions.IDLENESS_TIMEOUT, REQUEST_TIMEOUT);
    config.set(RestOptions.RETRY_MAX_ATTEMPTS, retries);
    config.set(RestOptions.RETRY_DELAY, Duration.ofMillis(500));
    return new RestClusterClient<>(config, StandaloneClusterId.getInstance());
  }

  private ClusterException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    boolean unreachable = Failures.chain(e).stream().anyMatch(FlinkClusterClient::connectFailure);
    return new ClusterException(
        unreachable
            ? "The Flink cluster at " + restUrl + " cannot be reached to " + what
            : e instanceof TimeoutException
                ? "Flink did not " + what + " in time"
                : "Flink could not " + what + ": " + Failures.reason(e),
        unreachable,
        null);
  }
}
