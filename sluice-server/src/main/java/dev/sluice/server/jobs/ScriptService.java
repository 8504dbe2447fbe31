package dev.sluice.server.jobs;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.sluice.server.clusters.Cluster;
import dev.sluice.server.clusters.ClusterService;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.errors.TooLargeException;
import dev.sluice.server.lineage.LineageService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Jobs and their immutable script versions: create, save, list, diff, roll back. */
@Service
public class ScriptService {
  private final JobStore jobs;
  private final ClusterService clusters;
  private final SluiceProperties properties;
  private final LineageService lineage;
  private final JobFunctions functions;

  public ScriptService(
      JobStore jobs,
      ClusterService clusters,
      SluiceProperties properties,
      LineageService lineage,
      JobFunctions functions) {
    this.functions = functions;
    this.lineage = lineage;
    this.jobs = jobs;
    this.clusters = clusters;
    this.properties = properties;
  }

  @Transactional
  public JobVersion create(
      String project,
      String name,
      String type,
      String script,
      String cluster,
      String author,
      String comment) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,128}")) {
      throw new InvalidRequestException(
          "Job name must be 1-128 letters, digits, '_', '.' or '-' (got: " + name + ")");
    }
    if (name.startsWith("sluice-debug-")) {
      throw new InvalidRequestException(
          "Job names starting with 'sluice-debug-' are reserved for debug runs (got: "
              + name
              + ")");
    }
    if (type != null && !type.equals("SQL") && !type.equals("JAR") && !type.equals("SYNC")) {
      throw new InvalidFieldException(
          "type", "'" + type + "' is not a job type; the types are SQL, JAR and SYNC");
    }
    checkScript(script);
    if (jobs.findByName(name).isPresent()) {
      throw new ConflictException("A job named '" + name + "' already exists");
    }
    Cluster target = clusters.byName(cluster == null ? Cluster.LOCAL : cluster);
    long id = jobs.insert(name, type == null ? "SQL" : type, target.id(), project);
    return recorded(name, jobs.addVersion(id, script, author(author), comment));
  }

  @Transactional
  public JobVersion update(
      long jobId, String script, String cluster, String author, String comment) {
    Job job = get(jobId);
    checkScript(script);
    if (cluster != null) {
      jobs.setCluster(job.id(), clusters.byName(cluster).id());
    }
    JobVersion current = current(jobId);
    if (current.script().equals(script)) {
      return current; // saving the same text again (jobs as code) is not a new version
    }
    return recorded(job.name(), jobs.addVersion(job.id(), script, author(author), comment));
  }

  @Transactional
  public JobVersion rollback(long jobId, int version, String author) {
    JobVersion old = version(jobId, version);
    return recorded(
        get(jobId).name(),
        jobs.addVersion(jobId, old.script(), author(author), "Rollback to version " + version));
  }

  /**
   * Saves the current script again as a new version, which is pinned to the functions as they are
   * registered now: the explicit upgrade of a job's functions.
   *
   * @param changed whether the registry's functions differ from the current version's pins
   */
  @Transactional
  public JobVersion repin(long jobId, String author, boolean changed) {
    JobVersion current = current(jobId);
    if (!changed) {
      throw new ConflictException(
          "Version "
              + current.version()
              + " already calls its functions as they are registered now");
    }
    return recorded(
        get(jobId).name(),
        jobs.addVersion(
            jobId,
            current.script(),
            author(author),
            "Functions upgraded to their registered versions"));
  }

  public Job get(long jobId) {
    return jobs.findById(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
  }

  public Job byName(String name) {
    return jobs.findByName(name).orElseThrow(() -> new JobNotFoundException(name));
  }

  public List<Job> list() {
    return jobs.findAll();
  }

  public List<JobVersion> versions(long jobId) {
    get(jobId);
    return jobs.versions(jobId);
  }

  public JobVersion version(long jobId, int version) {
    get(jobId);
    return jobs.version(jobId, version)
        .orElseThrow(() -> new NotFoundException("Version " + version + " of job " + jobId));
  }

  public JobVersion current(long jobId) {
    return version(jobId, get(jobId).currentVersion());
  }

  /** A unified diff from one version to another. */
  public String diff(long jobId, int from, int to) {
    JobVersion a = version(jobId, from);
    JobVersion b = version(jobId, to);
    List<String> left = a.script().lines().toList();
    List<String> right = b.script().lines().toList();
    Patch<String> patch = DiffUtils.diff(left, right);
    return String.join(
        "\n",
        UnifiedDiffUtils.generateUnifiedDiff("version " + from, "version " + to, left, patch, 3));
  }

  /**
   * Every saved version is pinned to the registered functions it calls, and gets its lineage
   * computed and stored with it.
   */
  private JobVersion recorded(String jobName, JobVersion version) {
    Job job = get(version.jobId());
    if ("SYNC".equals(job.type())) {
      lineage.record(jobName, version); // its tables' columns, from the source's catalog
      return version;
    }
    if (!"SQL".equals(job.type())) {
      return version; // a jar job's settings: no script, no lineage, no registered functions
    }
    functions.pin(job, version);
    lineage.record(jobName, version);
    return version;
  }

  private void checkScript(String script) {
    checkScript(script, properties.jobs().maxScriptBytes());
  }

  /**
   * Refuses an empty script (400) and one larger than {@code maxBytes} in UTF-8 (413), before the
   * engine sees it.
   */
  public static void checkScript(String script, long maxBytes) {
    if (script == null || script.isBlank()) {
      throw new InvalidRequestException("script is empty");
    }
    int bytes = script.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw new TooLargeException(
          "Script", "The script has " + bytes + " bytes; at most " + maxBytes + " are accepted");
    }
  }

  private static String author(String author) {
    return author == null || author.isBlank() ? "anonymous" : author;
  }
}
