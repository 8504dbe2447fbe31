package dev.sluice.server.debug;

import dev.sluice.engine.api.ClusterClient;
import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.JobStatus;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.debug.DebugJob;
import dev.sluice.engine.api.debug.DebugRequest;
import dev.sluice.engine.api.debug.DebugStep;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.config.CallbackUrl;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.ForbiddenException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobFunctions;
import dev.sluice.server.jobs.ScriptService;
import dev.sluice.server.secrets.SecretRedactor;
import dev.sluice.server.secrets.SecretReferences;
import dev.sluice.server.secrets.SecretResolver;
import dev.sluice.server.secrets.SecretStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debug runs: a script compiled with a tap on every step and submitted as its own job (parallelism
 * 1, so one slot), never writing the script's sinks. Taps post rows here; a run ends when its job
 * finishes or fails, when the user stops it, when a step reaches its row limit, when it runs too
 * long, or when nobody reads it for a while. Runs and rows live in the store, so a server restart
 * loses neither; a debug job on a cluster whose run is not running is cancelled.
 */
@Service
public class DebugService {
  static final String JOB_PREFIX = "sluice-debug-";
  private static final Logger log = LoggerFactory.getLogger(DebugService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Engine engine;
  private final DebugRepository runs;
  private final ScriptService scripts;
  private final ClusterService clusters;
  private final SluiceProperties properties;
  private final CallbackUrl callbackUrl;
  private final JsonMapper json;
  private final SecretStore secrets;
  private final SecretResolver resolver;
  private final SecretRedactor redactor;

  private final JobFunctions functions;

  public DebugService(
      Engine engine,
      DebugRepository runs,
      ScriptService scripts,
      ClusterService clusters,
      SluiceProperties properties,
      CallbackUrl callbackUrl,
      JsonMapper json,
      SecretStore secrets,
      SecretResolver resolver,
      SecretRedactor redactor,
      JobFunctions functions) {
    this.functions = functions;
    this.secrets = secrets;
    this.resolver = resolver;
    this.redactor = redactor;
    this.engine = engine;
    this.runs = runs;
    this.scripts = scripts;
    this.clusters = clusters;
    this.properties = properties;
    this.callbackUrl = callbackUrl;
    this.json = json;
  }

  /** Sample rows of one table: JSON objects or CSV lines. */
  public record Sample(String format, List<JsonNode> rows) {}

  /** Where a live table starts: latest, earliest or epoch milliseconds. */
  public record Live(String from) {}

  /** What to debug and how. */
  public record Start(
      Long jobId,
      String script,
      Map<String, Sample> samples,
      Map<String, Live> live,
      Integer maxRowsPerStep,
      Integer maxSeconds,
      Integer idleSeconds,
      String cluster,
      String author,
      String project) {
    /** The same start with the author and project the server decided. */
    public Start as(String author, String project) {
      return new Start(
          jobId,
          script,
          samples,
          live,
          maxRowsPerStep,
          maxSeconds,
          idleSeconds,
          cluster,
          author,
          project);
    }

    /** Whether the run reads live input (production rows). */
    public boolean readsLive() {
      return live != null && !live.isEmpty();
    }
  }

  /** A step with how many rows it has so far. */
  public record StepView(
      String name, String kind, int statement, List<DebugStep.Column> columns, long rows) {}

  /** A run as the API shows it. */
  public record RunView(
      String id,
      String project,
      boolean live,
      Long jobId,
      String status,
      String reason,
      String flinkJobId,
      int maxRowsPerStep,
      int maxSeconds,
      int idleSeconds,
      OffsetDateTime createdAt,
      OffsetDateTime endedAt,
      List<StepView> steps) {}

  /** A row with its changelog kind. */
  public record RowView(long seq, String kind, JsonNode values) {}

  public RunView start(Start start) {
    var debug = properties.debug();
    String script = start.script();
    Job job = null;
    if (start.jobId() != null) {
      job = scripts.get(start.jobId());
      if (script == null) {
        script = scripts.current(job.id()).script();
      }
    }
    if (script == null || script.isBlank()) {
      throw new InvalidRequestException(
          "Give a script, or a jobId whose current version is debugged");
    }
    Cluster cluster =
        clusters.byName(
            start.cluster() != null
                ? start.cluster()
                : job != null ? clusters.get(job.clusterId()).name() : Cluster.LOCAL);
    int maxRows = limit("maxRowsPerStep", start.maxRowsPerStep(), debug.maxRowsPerStep(), 100_000);
    int maxSeconds =
        limit("maxSeconds", start.maxSeconds(), (int) debug.maxDuration().toSeconds(), 3600);
    int idleSeconds =
        limit("idleSeconds", start.idleSeconds(), (int) debug.idleTimeout().toSeconds(), 3600);
    long running = runs.running().stream().filter(r -> r.clusterId() == cluster.id()).count();
    if (running >= debug.maxConcurrentRuns()) {
      throw new ConflictException(
          running
              + " debug runs are running on cluster "
              + cluster.name()
              + " (at most "
              + debug.maxConcurrentRuns()
              + "): stop one first");
    }
    String id = UUID.randomUUID().toString();
    String token = random(16);
    String flinkJobId = random(16);
    Map<String, DebugRequest.SampleRows> samples = new LinkedHashMap<>();
    if (start.samples() != null) {
      start.samples().forEach((table, sample) -> samples.put(table, sampleRows(table, sample)));
    }
    Map<String, DebugRequest.LiveStart> live = new LinkedHashMap<>();
    if (start.live() != null) {
      start
          .live()
          .forEach(
              (table, l) ->
                  live.put(table, new DebugRequest.LiveStart(l == null ? null : l.from())));
    }
    // A debug job reads real sources and lookup tables, so it gets the credentials its script
    // names, like a deployed job: resolved for the submitted job only, never stored or shown.
    String project = job != null ? job.project() : start.project();
    String written = script;
    Set<String> used = new TreeSet<>(SecretStore.references(written));
    SecretReferences.find(written).forEach(r -> used.add(r.name()));
    secrets.requireInProject(used, project);
    // Registered functions the script calls, and a refusal at each call the caller may not make.
    JobFunctions.Resolved calls = functions.forProject(project, written);
    SecretResolver.Resolution resolution =
        resolver.resolve(
            written,
            () ->
                engine
                    .validate(
                        calls.applyTo(
                            new CompileRequest(
                                JOB_PREFIX + id, written, Map.of(), Set.of(), Map.of())))
                    .statements());
    DebugRequest request =
        new DebugRequest(
            JOB_PREFIX + id,
            resolution.script(),
            Map.of("parallelism.default", "1", "execution.checkpointing.interval", "2s"),
            samples,
            live,
            callbackUrl.get() + "/api/v1/debug-runs/" + id + "/ingest",
            token,
            calls.functions(),
            calls.denied());
    DebugJob compiled;
    try {
      compiled = engine.debugJob(request, flinkJobId);
    } catch (ScriptException e) {
      throw resolution.redact(e);
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    DebugRun run =
        new DebugRun(
            id,
            job == null ? null : job.id(),
            script,
            cluster.id(),
            flinkJobId,
            token,
            DebugRun.RUNNING,
            null,
            json.writeValueAsString(compiled.steps()),
            maxRows,
            maxSeconds,
            idleSeconds,
            start.author(),
            now,
            now,
            null,
            project,
            start.readsLive());
    runs.insert(run);
    try {
      compiled.submit(cluster.restUrl());
    } catch (ClusterException e) {
      runs.end(id, "FAILED", "Submission failed: " + resolution.redact(e.getMessage()));
      throw new ClusterException(resolution.redact(e.getMessage()), e.unreachable(), null);
    }
    return view(runs.find(id).orElseThrow());
  }

  private DebugRequest.SampleRows sampleRows(String table, Sample sample) {
    String format = sample == null || sample.format() == null ? "json" : sample.format();
    List<String> rows = new ArrayList<>();
    if (sample != null && sample.rows() != null) {
      for (JsonNode row : sample.rows()) {
        rows.add(row.isString() ? row.asString() : json.writeValueAsString(row));
      }
    }
    return new DebugRequest.SampleRows(format, rows);
  }

  private static int limit(String name, Integer given, int fallback, int max) {
    int value = given == null ? fallback : given;
    if (value < 1 || value > max) {
      throw new InvalidRequestException(
          name + " must be between 1 and " + max + " (got " + value + ")");
    }
    return value;
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public DebugRun get(String id) {
    return runs.find(id).orElseThrow(() -> new NotFoundException("Debug run " + id));
  }

  public RunView view(String id) {
    DebugRun run = get(id);
    runs.touch(id);
    return view(run);
  }

  public List<RunView> list() {
    return runs.all().stream().map(this::view).toList();
  }

  private RunView view(DebugRun run) {
    List<StepView> steps = new ArrayList<>();
    for (DebugStep s : steps(run)) {
      steps.add(
          new StepView(
              s.name(), s.kind(), s.statement(), s.columns(), runs.count(run.id(), s.name())));
    }
    return new RunView(
        run.id(),
        run.project(),
        run.live(),
        run.jobId(),
        run.status(),
        run.reason(),
        run.flinkJobId(),
        run.maxRows(),
        run.maxSeconds(),
        run.idleSeconds(),
        run.createdAt(),
        run.endedAt(),
        steps);
  }

  private List<DebugStep> steps(DebugRun run) {
    return json.readValue(run.steps(), new TypeReference<List<DebugStep>>() {});
  }

  private DebugStep step(DebugRun run, String name) {
    return steps(run).stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NotFoundException(
                    "Step '"
                        + name
                        + "' of debug run "
                        + run.id()
                        + " (steps: "
                        + steps(run).stream().map(DebugStep::name).toList()
                        + ")"));
  }

  /** Rows of a step after {@code after} (a seq), in arrival order. */
  public List<RowView> rows(String id, String stepName, long after, int limit) {
    DebugRun run = get(id);
    step(run, stepName);
    if (limit < 1 || limit > 10_000) {
      throw new InvalidRequestException("limit must be between 1 and 10000 (got " + limit + ")");
    }
    runs.touch(id);
    return runs.rows(id, stepName, after, limit).stream()
        .map(r -> new RowView(r.seq(), r.kind(), json.readTree(r.rowValues())))
        .toList();
  }

  /** The step's current table: every change applied in arrival order. */
  public List<JsonNode> table(String id, String stepName) {
    DebugRun run = get(id);
    step(run, stepName);
    runs.touch(id);
    List<String> rows = new ArrayList<>();
    for (var r : runs.rows(id, stepName, -1, Integer.MAX_VALUE)) {
      switch (r.kind()) {
        case "+I", "+U" -> rows.add(r.rowValues());
        default -> rows.remove(r.rowValues());
      }
    }
    return rows.stream().map(json::readTree).toList();
  }

  public RunView stop(String id) {
    DebugRun run = get(id);
    if (run.running()) {
      cancel(run);
      runs.end(id, "STOPPED", "Stopped by the user");
    }
    return view(get(id));
  }

  /**
   * Takes a batch of rows from a tap.
   *
   * @return false when the run has ended (the tap stops sending)
   */
  public boolean ingest(String id, String token, JsonNode batch) {
    DebugRun run = runs.find(id).orElse(null);
    if (run == null) {
      return false;
    }
    if (!run.token().equals(token)) {
      throw new ForbiddenException("Wrong debug token");
    }
    if (!run.running()) {
      return false;
    }
    PostedBatch posted = PostedBatch.parse(batch, json);
    DebugRepository.Appended appended = runs.append(id, posted, run.maxRows());
    String step = posted.id().step();
    if (appended.rows() >= run.maxRows()) {
      limitReached(run, step);
      return false;
    }
    return true;
  }

  private void limitReached(DebugRun run, String step) {
    if (runs.end(run.id(), "LIMIT", "Step " + step + " reached " + run.maxRows() + " rows")) {
      cancel(run);
    }
  }

  private void cancel(DebugRun run) {
    try {
      engine.cluster(clusters.get(run.clusterId()).restUrl()).cancel(run.flinkJobId());
    } catch (RuntimeException e) {
      log.info("Cancelling debug job {} of run {}: {}", run.flinkJobId(), run.id(), e.getMessage());
    }
  }

  /** Ends runs whose job ended, that ran too long or that nobody reads; cancels orphan jobs. */
  @Scheduled(fixedDelay = 2000, initialDelay = 2000)
  public void watch() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (DebugRun run : runs.running()) {
      try {
        watch(run, now);
      } catch (RuntimeException e) {
        log.debug("Watching debug run {}: {}", run.id(), e.getMessage());
      }
    }
  }

  private void watch(DebugRun run, OffsetDateTime now) {
    if (now.isAfter(run.createdAt().plusSeconds(run.maxSeconds()))) {
      if (runs.end(run.id(), "TIMEOUT", "Ran for its " + run.maxSeconds() + " s")) {
        cancel(run);
      }
      return;
    }
    if (now.isAfter(run.lastReadAt().plusSeconds(run.idleSeconds()))) {
      if (runs.end(run.id(), "IDLE", "Not read for " + run.idleSeconds() + " s")) {
        cancel(run);
      }
      return;
    }
    ClusterClient cluster;
    try {
      cluster = engine.cluster(clusters.get(run.clusterId()).restUrl());
    } catch (RuntimeException e) {
      return;
    }
    JobStatus status = cluster.job(run.flinkJobId()).orElse(null);
    if (status == null) {
      if (now.isAfter(run.createdAt().plusSeconds(60))) {
        runs.end(run.id(), "FAILED", "The debug job is gone from the cluster");
      }
      return;
    }
    switch (status.state()) {
      case FINISHED -> runs.end(run.id(), "FINISHED", "All input was read");
      case FAILED ->
          runs.end(
              run.id(),
              "FAILED",
              status.failure().map(redactor::redact).orElse("The debug job failed"));
      case CANCELED -> runs.end(run.id(), "STOPPED", "Cancelled on the cluster");
      default -> {}
    }
  }

  /** Debug jobs left running on a cluster by a run that is not running (a crash, a restart). */
  @Scheduled(fixedDelay = 30_000, initialDelay = 5_000)
  public void cancelOrphans() {
    for (Cluster cluster : clusters.list()) {
      List<JobStatus> jobs;
      try {
        jobs = engine.cluster(cluster.restUrl()).jobs();
      } catch (RuntimeException e) {
        continue;
      }
      for (JobStatus job : jobs) {
        if (job.terminal() || job.name() == null || !job.name().startsWith(JOB_PREFIX)) {
          continue;
        }
        String id = job.name().substring(JOB_PREFIX.length());
        DebugRun run = runs.find(id).orElse(null);
        if (run == null || !run.running()) {
          log.info("Cancelling orphan debug job {} ({})", job.jobId(), job.name());
          try {
            engine.cluster(cluster.restUrl()).cancel(job.jobId());
          } catch (RuntimeException e) {
            log.info("Cancelling orphan debug job {}: {}", job.jobId(), e.getMessage());
          }
        }
      }
    }
  }

  /** Ended runs and their rows are kept for the retention time. */
  @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
  public void forgetOld() {
    Duration retention = properties.debug().retention();
    runs.deleteEndedBefore(OffsetDateTime.now(ZoneOffset.UTC).minus(retention));
  }
}
