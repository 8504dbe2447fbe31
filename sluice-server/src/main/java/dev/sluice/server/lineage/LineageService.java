package dev.sluice.server.lineage;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobFunctions;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.jobs.JobVersion;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lineage of job versions, computed when a version is saved and stored with it, and the graph of
 * all jobs' current versions joined at shared datasets.
 */
@Service
public class LineageService {
  private static final Logger log = LoggerFactory.getLogger(LineageService.class);

  private final Engine engine;
  private final LineageRepository store;
  private final JobStore jobs;
  private final JsonMapper json;
  private final JobFunctions functions;
  private final dev.sluice.server.jobs.SyncPrograms syncs;

  public LineageService(
      Engine engine,
      LineageRepository store,
      JobStore jobs,
      JsonMapper json,
      JobFunctions functions,
      dev.sluice.server.jobs.SyncPrograms syncs) {
    this.syncs = syncs;
    this.functions = functions;
    this.engine = engine;
    this.store = store;
    this.jobs = jobs;
    this.json = json;
  }

  /**
   * Computes and stores the lineage of a just saved version. A script that does not validate stores
   * its problems; a failure of the engine never fails the save (it is retried on read).
   */
  public void record(String jobName, JobVersion version) {
    try {
      Job job = jobs.findById(version.jobId()).orElse(null);
      Lineage lineage =
          job != null && "SYNC".equals(job.type())
              // A sync's tables and columns are its source's as they are now.
              ? engine.syncLineage(syncs.program(job, version.script(), Map.of(), false).program())
              : engine.lineage(
                  functions.pinned(version, CompileRequest.of(jobName, version.script())));
      store.save(
          version.jobId(), version.version(), "VALID", json.writeValueAsString(lineage), null);
    } catch (ScriptException e) {
      store.save(
          version.jobId(),
          version.version(),
          "INVALID",
          null,
          json.writeValueAsString(e.problems()));
    } catch (RuntimeException e) {
      log.warn("Lineage of job {} version {} failed", jobName, version.version(), e);
      store.save(version.jobId(), version.version(), "ERROR", null, null);
    }
  }

  /**
   * The lineage of one version.
   *
   * @throws ScriptException when the version's script does not validate
   */
  public Lineage lineage(Job job, JobVersion version) {
    var stored = store.find(job.id(), version.version());
    if (stored.isEmpty() || stored.get().status().equals("ERROR")) {
      record(job.name(), version); // versions saved before lineage existed, or a failed attempt
      stored = store.find(job.id(), version.version());
    }
    var row = stored.orElseThrow();
    return switch (row.status()) {
      case "VALID" -> json.readValue(row.lineage(), Lineage.class);
      case "INVALID" ->
          // Problems stored before they had a range lack endLine/endColumn: read as unknown (0).
          throw new ScriptException(
              json.readerFor(new TypeReference<List<Problem>>() {})
                  .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                  .readValue(row.problems()));
      default -> throw new IllegalStateException("Lineage of this version could not be computed");
    };
  }

  /** A version's lineage as an OpenLineage JobEvent. */
  public Map<String, Object> openLineage(Job job, JobVersion version, OffsetDateTime time) {
    return OpenLineage.jobEvent(
        job.name(), version.version(), version.script(), lineage(job, version), time);
  }

  /** The graph of every job's current version. */
  public LineageGraph graph() {
    return graph(job -> true);
  }

  /** The graph of the jobs a caller may see: the others' datasets and columns are not in it. */
  public LineageGraph graph(java.util.function.Predicate<Job> visible) {
    Map<Long, String> names = new HashMap<>();
    for (Job job : jobs.findAll()) {
      if (visible.test(job)) {
        names.put(job.id(), job.name());
      }
    }
    List<LineageGraph.JobLineage> all = new ArrayList<>();
    for (var row : store.current()) {
      String name = names.get(row.jobId());
      if (name != null) {
        all.add(
            new LineageGraph.JobLineage(
                name, row.version(), json.readValue(row.lineage(), Lineage.class)));
      }
    }
    return new LineageGraph(all);
  }
}
