package dev.sluice.server.ops.quality;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.engine.api.assist.DeclaredTable;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.jobs.ScriptService;
import dev.sluice.server.local.LocalPlatform;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Data-quality monitors: checked (the source's columns read from the declared table of a job, or
 * given), compiled to a Flink SQL script that the engine validates, stored, and run as the job
 * {@code quality.<name>} through the deploy path every job takes.
 */
@Service
public class QualityMonitorService {
  private final QualityMonitorRepository monitors;
  private final QualityResultStore results;
  private final Engine engine;
  private final JobStore jobs;
  private final ScriptService scripts;
  private final DeploymentService deployments;
  private final QualityProperties properties;
  private final ObjectProvider<LocalPlatform> platform;
  private final Clock clock;

  public QualityMonitorService(
      QualityMonitorRepository monitors,
      QualityResultStore results,
      Engine engine,
      JobStore jobs,
      ScriptService scripts,
      DeploymentService deployments,
      QualityProperties properties,
      ObjectProvider<LocalPlatform> platform,
      Clock clock) {
    this.monitors = monitors;
    this.results = results;
    this.engine = engine;
    this.jobs = jobs;
    this.scripts = scripts;
    this.deployments = deployments;
    this.properties = properties;
    this.platform = platform;
    this.clock = clock;
  }

  /** The brokers results go to and are read from, or empty when there are none. */
  public String resultsBootstrapServers() {
    if (!properties.bootstrapServers().isBlank()) {
      return properties.bootstrapServers();
    }
    LocalPlatform local = platform.getIfAvailable();
    return local == null ? "" : local.kafkaBootstrapServers().orElse("");
  }

  /** Checks a monitor as a request gives it and compiles it; nothing is saved. */
  public QualityMonitor check(JsonNode body, String project) {
    QualityMonitor m =
        new MonitorParser(this::tableColumns, resultsBootstrapServers()).parse(body, project);
    validate(m);
    return m;
  }

  public QualityMonitorRepository.Stored create(JsonNode body, String project, String author) {
    QualityMonitor m = check(body, project);
    if (monitors.exists(m.name())) {
      throw new ConflictException("A quality monitor named '" + m.name() + "' already exists");
    }
    Optional<Job> job = jobs.findByName(m.jobName());
    if (job.isPresent() && !job.get().project().equals(project)) {
      throw new ConflictException(
          "The job " + m.jobName() + " exists in project " + job.get().project());
    }
    monitors.insert(m, author, OffsetDateTime.now(clock));
    return get(m.name());
  }

  /** Replaces a monitor's definition; its name and project stay. A running job keeps running. */
  public QualityMonitorRepository.Stored update(String name, JsonNode body, String author) {
    QualityMonitorRepository.Stored old = get(name);
    if (body != null && body.isObject()) {
      JsonNode n = body.get("name");
      if (n != null && !n.isNull() && !(n.isString() && n.stringValue().equals(name))) {
        throw new InvalidFieldException(
            "name", "a monitor is not renamed: create the new one and delete this one");
      }
      JsonNode p = body.get("project");
      if (p != null
          && !p.isNull()
          && !(p.isString() && p.stringValue().equals(old.monitor().project()))) {
        throw new InvalidFieldException(
            "project", "a monitor stays in its project (" + old.monitor().project() + ")");
      }
      if (n == null || n.isNull()) {
        ((tools.jackson.databind.node.ObjectNode) body).put("name", name);
      }
    }
    QualityMonitor m = check(body, old.monitor().project());
    monitors.update(m, author, OffsetDateTime.now(clock));
    return get(name);
  }

  public QualityMonitorRepository.Stored get(String name) {
    return monitors
        .find(name)
        .orElseThrow(() -> new NotFoundException("Quality monitor '" + name + "'"));
  }

  public List<QualityMonitorRepository.Stored> list() {
    return monitors.list();
  }

  /** Deletes a monitor whose job does not run (its stored results stay until they age out). */
  public void delete(String name) {
    QualityMonitor m = get(name).monitor();
    Optional<Job> job = jobs.findByName(m.jobName());
    if (job.isPresent() && job.get().active()) {
      throw new ConflictException(
          "The monitor's job "
              + m.jobName()
              + " (id "
              + job.get().id()
              + ") runs: stop it first (POST /api/v1/jobs/"
              + job.get().id()
              + "/stop)");
    }
    monitors.delete(name);
  }

  /** The script the monitor's job runs. */
  public String sql(String name) {
    return MonitorCompiler.compile(get(name).monitor(), requireResultsBrokers());
  }

  /** The monitor's job, if it was ever deployed. */
  public Optional<Job> job(String name) {
    return jobs.findByName(QualityMonitor.jobName(name));
  }

  /**
   * Runs the monitor as the job {@code quality.<name>}: created on first deploy, else its script is
   * replaced and a running job is stopped with a savepoint and restored from it.
   */
  public Job deploy(String name, List<String> confirmDrop, String author) {
    QualityMonitor m = get(name).monitor();
    String script = MonitorCompiler.compile(m, requireResultsBrokers());
    String comment = "quality monitor " + name;
    Job job = jobs.findByName(m.jobName()).orElse(null);
    if (job == null) {
      JobVersion created =
          scripts.create(m.project(), m.jobName(), "SQL", script, null, author, comment);
      return deployments.deploy(created.jobId(), "none");
    }
    return deployments.upgrade(
        job.id(),
        script,
        () -> scripts.update(job.id(), script, null, author, comment),
        confirmDrop == null ? List.of() : confirmDrop);
  }

  /** The newest windows' results, newest first. */
  public List<QualityResultStore.Row> results(String name, int windows) {
    get(name);
    return results.newest(name, windows);
  }

  private String requireResultsBrokers() {
    String servers = resultsBootstrapServers();
    if (servers.isBlank()) {
      throw new InvalidRequestException(
          "No Kafka broker for the monitors' results: set sluice.ops.quality.bootstrap-servers"
              + " (or run the local broker)");
    }
    return servers;
  }

  private void validate(QualityMonitor m) {
    String script = MonitorCompiler.compile(m, resultsBootstrapServers());
    ValidationResult result = engine.validate(CompileRequest.of(m.jobName(), script));
    if (result.problems().isEmpty()) {
      return;
    }
    Problem p = result.problems().get(0);
    // Statements: 1-2 SET, 3 the source table, 4 the view, 5 the results table, 6 the INSERT.
    String field =
        switch (p.statement()) {
          case 3 -> m.source().job() != null ? "source.table" : "schema";
          case 4 -> "eventTime";
          case 5, 6 -> "checks";
          default -> "$";
        };
    throw new InvalidFieldException(
        field, "the compiled statement " + p.statement() + " does not validate: " + p.message());
  }

  /** The physical columns of a table the job's current script declares. */
  List<QualityMonitor.Column> tableColumns(String project, String jobName, String table) {
    Job job = jobs.findByName(jobName).orElse(null);
    if (job == null || !job.project().equals(project)) {
      List<String> names = new ArrayList<>();
      for (Job j : jobs.findAll()) {
        if (j.project().equals(project)) {
          names.add(j.name());
        }
      }
      throw new InvalidFieldException(
          "source.job",
          "no job '" + jobName + "' in project " + project + Suggestions.hint(jobName, names));
    }
    String script =
        jobs.version(job.id(), job.currentVersion())
            .map(JobVersion::script)
            .orElseThrow(() -> new InvalidFieldException("source.job", "job has no script"));
    List<DeclaredTable> declared;
    try {
      declared = engine.tables(CompileRequest.of(job.name(), script));
    } catch (RuntimeException e) {
      throw new InvalidFieldException(
          "source.job", "the tables of job " + jobName + " cannot be read: " + e.getMessage());
    }
    List<String> names = new ArrayList<>();
    for (DeclaredTable t : declared) {
      if (t.kind() == DeclaredTable.Kind.TABLE || t.kind() == DeclaredTable.Kind.TEMPORARY_TABLE) {
        names.add(t.name());
      }
      if (!t.name().equals(table)) {
        continue;
      }
      if (t.kind() == DeclaredTable.Kind.VIEW || t.kind() == DeclaredTable.Kind.TEMPORARY_VIEW) {
        throw new InvalidFieldException(
            "source.table",
            "'" + table + "' is a view of " + jobName + "; a monitor reads a table");
      }
      if (t.connector() != null && !t.connector().equals("kafka")) {
        throw new InvalidFieldException(
            "source.table",
            "'" + table + "' is a " + t.connector() + " table; a monitor reads a Kafka topic");
      }
      List<QualityMonitor.Column> columns = new ArrayList<>();
      for (DeclaredTable.Column c : t.columns()) {
        if (c.kind() == DeclaredTable.ColumnKind.PHYSICAL) {
          columns.add(
              new QualityMonitor.Column(
                  c.name(), c.type().replace(" *ROWTIME*", "").replace(" *PROCTIME*", "").trim()));
        }
      }
      return columns;
    }
    throw new InvalidFieldException(
        "source.table",
        "no table '" + table + "' in job " + jobName + Suggestions.hint(table, names));
  }
}
