package dev.sluice.server.metrics;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.RestorePlan;
import dev.sluice.engine.api.ValidationResult;
import dev.sluice.metrics.DefinitionException;
import dev.sluice.metrics.Definitions;
import dev.sluice.metrics.MetricCompiler;
import dev.sluice.metrics.MetricGroup;
import dev.sluice.server.debug.DebugService;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.jobs.DeploymentService;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobFunctions;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.jobs.ScriptService;
import dev.sluice.server.secrets.SecretResolver;
import dev.sluice.server.secrets.SecretStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metric groups: definitions are validated, their references resolved, compiled to a script that
 * the engine validates too (its problems are shown at the definition path that produced the
 * statement), and saved as immutable versions. Deploying runs the group as the job {@code
 * metrics.<name>} through the same deploy and state-keeping path as any SQL job.
 */
@Service
public class MetricGroupService {
  private static final Pattern REFERENCE =
      Pattern.compile("([a-z][a-z0-9_]*)\\.([a-z][a-z0-9_]*)@(\\d+)");

  private final MetricGroupRepository groups;
  private final Engine engine;
  private final ScriptService scripts;
  private final JobStore jobs;
  private final DeploymentService deployments;
  private final JsonMapper json;
  private final SecretStore secrets;
  private final SecretResolver secretReferences;

  private final JobFunctions functions;

  public MetricGroupService(
      SecretStore secrets,
      SecretResolver secretReferences,
      MetricGroupRepository groups,
      Engine engine,
      ScriptService scripts,
      JobStore jobs,
      DeploymentService deployments,
      JsonMapper json,
      JobFunctions functions) {
    this.functions = functions == null ? JobFunctions.NONE : functions;
    this.secrets = secrets;
    this.secretReferences = secretReferences;
    this.groups = groups;
    this.engine = engine;
    this.scripts = scripts;
    this.jobs = jobs;
    this.deployments = deployments;
    this.json = json;
  }

  /** A compiled definition. */
  public record Compiled(MetricGroup group, String script, Map<String, List<String>> windows) {}

  /**
   * A saved version.
   *
   * @param windows the windows, by id, with every metric each computes (derived ones included)
   * @param metrics the metrics the version defines itself, which other groups' references may name
   */
  public record VersionView(
      String name,
      String project,
      int version,
      String author,
      String comment,
      String createdAt,
      boolean changed,
      String script,
      Map<String, List<String>> windows,
      List<String> metrics) {}

  /** What changed between two versions. */
  public record Diff(
      String name,
      int from,
      int to,
      List<String> added,
      List<String> removed,
      List<String> changed,
      List<String> otherChanges) {}

  /** Validates and compiles a definition (YAML or JSON) without saving it. */
  public Compiled compile(String text) {
    return compile(null, text);
  }

  /**
   * Validates and compiles a definition of the project without saving it: the project's registered
   * functions may be called.
   */
  public Compiled compile(String project, String text) {
    return compile(project, Definitions.parse(text));
  }

  private Compiled compile(String project, MetricGroup declared) {
    MetricGroup group = resolve(declared);
    MetricCompiler.Compiled compiled = MetricCompiler.compile(group);
    List<DefinitionException.Problem> keyProblems = new ArrayList<>();
    for (String key : SecretStore.references(compiled.script())) {
      if (!secrets.exists(key)) {
        keyProblems.add(
            new DefinitionException.Problem(
                pathOf(group, "'" + key + "'"), "no key named '" + key + "' in the secret store"));
      }
    }
    // Credentials are ${secret:name} references in the generated script, resolved at submit.
    for (Problem p : secretReferences.problems(compiled.script(), List.of())) {
      keyProblems.add(
          new DefinitionException.Problem(
              secretPath(group, p.message()), p.message().replaceFirst(" \\(store it.*", "")));
    }
    if (!keyProblems.isEmpty()) {
      throw new DefinitionException(keyProblems);
    }
    ValidationResult result =
        engine.validate(
            functions
                .forProject(project, compiled.script())
                .applyTo(CompileRequest.of("metrics." + group.name(), compiled.script())));
    if (!result.problems().isEmpty()) {
      List<DefinitionException.Problem> problems = new ArrayList<>();
      for (Problem p : result.problems()) {
        String path = compiled.statements().getOrDefault(p.statement(), "$");
        problems.add(
            new DefinitionException.Problem(
                path,
                "the generated statement " + p.statement() + " does not validate: " + p.message()));
      }
      throw new DefinitionException(problems);
    }
    return new Compiled(group, compiled.script(), compiled.windows());
  }

  /**
   * What to debug of a definition (saved or not): its sources by name, each given sample events
   * (JSON objects, or strings for raw lines, malformed ones included) or read live.
   */
  public record Debug(
      JsonNode definition,
      Map<String, DebugService.Sample> samples,
      Map<String, DebugService.Live> live,
      Integer maxRowsPerStep,
      Integer maxSeconds) {}

  /** Compiles a definition into a debug run's start: sources named as in the definition. */
  public DebugService.Start debugStart(Debug debug, String project, String author) {
    if (debug.definition() == null || debug.definition().isNull()) {
      throw new InvalidRequestException(
          "Give the definition: a YAML or JSON text, or the definition as an object");
    }
    String text =
        debug.definition().isString()
            ? debug.definition().asString()
            : json.writeValueAsString(debug.definition());
    Compiled compiled = compile(project, text);
    return new DebugService.Start(
        null,
        compiled.script(),
        sourceTables(debug.samples(), compiled.group()),
        sourceTables(debug.live(), compiled.group()),
        debug.maxRowsPerStep(),
        debug.maxSeconds(),
        null,
        null,
        author,
        null);
  }

  /** A source's name to the table the script reads it from; other names are left as given. */
  private static <T> Map<String, T> sourceTables(Map<String, T> byName, MetricGroup group) {
    Map<String, T> out = new LinkedHashMap<>();
    if (byName != null) {
      Set<String> sources = new HashSet<>();
      group.sources().forEach(src -> sources.add(src.name()));
      byName.forEach((name, v) -> out.put(sources.contains(name) ? "src_" + name : name, v));
    }
    return out;
  }

  /** Where in the definition an expression contains the given text. */
  /** The field holding the secret reference a problem is about. */
  private static String secretPath(MetricGroup g, String message) {
    Matcher m = Pattern.compile("secret '([^']+)'").matcher(message);
    String reference = m.find() ? "${secret:" + m.group(1) + "}" : "${secret:";
    for (int i = 0; i < g.sinks().size(); i++) {
      MetricGroup.Sink s = g.sinks().get(i);
      for (Map.Entry<String, String> f :
          Map.of(
                  "password", String.valueOf(s.password()),
                  "url", String.valueOf(s.url()),
                  "username", String.valueOf(s.username()))
              .entrySet()) {
        if (f.getValue().contains(reference)) {
          return "sinks[" + i + "]." + f.getKey();
        }
      }
    }
    if (g.preprocess() != null) {
      for (int i = 0; i < g.preprocess().enrich().size(); i++) {
        MetricGroup.Jdbc jdbc = g.preprocess().enrich().get(i).jdbc();
        if (jdbc == null) {
          continue;
        }
        for (Map.Entry<String, String> f :
            Map.of(
                    "password", String.valueOf(jdbc.password()),
                    "url", String.valueOf(jdbc.url()),
                    "username", String.valueOf(jdbc.username()))
                .entrySet()) {
          if (f.getValue().contains(reference)) {
            return "preprocess.enrich[" + i + "].jdbc." + f.getKey();
          }
        }
      }
    }
    return pathOf(g, reference);
  }

  private static String pathOf(MetricGroup g, String text) {
    var pre = g.preprocess();
    if (pre != null) {
      for (int i = 0; i < pre.derived().size(); i++) {
        if (String.valueOf(pre.derived().get(i).expr()).contains(text)) {
          return "preprocess.derived[" + i + "].expr";
        }
      }
      for (int i = 0; i < pre.filters().size(); i++) {
        if (String.valueOf(pre.filters().get(i)).contains(text)) {
          return "preprocess.filters[" + i + "]";
        }
      }
    }
    for (int i = 0; i < g.metrics().size(); i++) {
      if (String.valueOf(g.metrics().get(i).filter()).contains(text)) {
        return "metrics[" + i + "].filter";
      }
    }
    for (int i = 0; i < g.derived().size(); i++) {
      if (String.valueOf(g.derived().get(i).expr()).contains(text)) {
        return "derived[" + i + "].expr";
      }
    }
    return "$";
  }

  /** Replaces {@code group.metric@version} references by the metrics they name. */
  private MetricGroup resolve(MetricGroup group) {
    if (group.references().isEmpty()) {
      return group;
    }
    List<DefinitionException.Problem> problems = new ArrayList<>();
    List<MetricGroup.Metric> metrics = new ArrayList<>(group.metrics());
    for (int i = 0; i < group.references().size(); i++) {
      String ref = group.references().get(i);
      Matcher m = REFERENCE.matcher(ref == null ? "" : ref);
      String path = "references[" + i + "]";
      if (!m.matches()) {
        problems.add(
            new DefinitionException.Problem(
                path, "group.metric@version, e.g. payments_risk.tx_count@3"));
        continue;
      }
      var version = groups.version(m.group(1), Integer.parseInt(m.group(3)));
      if (version.isEmpty()) {
        problems.add(
            new DefinitionException.Problem(
                path, "no version " + m.group(3) + " of metric group " + m.group(1)));
        continue;
      }
      MetricGroup other = Definitions.parse(version.get().definition());
      Optional<MetricGroup.Metric> metric =
          other.metrics().stream().filter(x -> x.name().equals(m.group(2))).findFirst();
      if (metric.isEmpty()) {
        problems.add(
            new DefinitionException.Problem(
                path, m.group(1) + " version " + m.group(3) + " has no metric " + m.group(2)));
      } else {
        metrics.add(metric.get());
      }
    }
    if (!problems.isEmpty()) {
      throw new DefinitionException(problems);
    }
    return new MetricGroup(
        group.name(),
        group.description(),
        group.timeZone(),
        group.layout(),
        group.sources(),
        group.eventTime(),
        group.preprocess(),
        group.keys(),
        metrics,
        group.derived(),
        group.sinks(),
        List.of());
  }

  /** Saves a definition as a new version, unless it equals the latest one. */
  @Transactional
  public VersionView save(String project, String text, String author, String comment) {
    MetricGroup declared = Definitions.parse(text);
    Optional<String> owner = groups.project(declared.name());
    if (owner.isPresent() && !owner.get().equals(project)) {
      throw new dev.sluice.server.errors.ConflictException(
          "The metric group '" + declared.name() + "' belongs to another project");
    }
    Compiled compiled = compile(project, declared);
    String definition = Definitions.toJson(declared);
    var latest = groups.latest(declared.name());
    if (latest.isPresent() && latest.get().definition().equals(definition)) {
      return view(latest.get(), false, compiled.windows(), ownMetrics(declared));
    }
    return view(
        groups.add(
            project,
            declared.name(),
            definition,
            compiled.script(),
            author == null ? "anonymous" : author,
            comment),
        true,
        compiled.windows(),
        ownMetrics(declared));
  }

  private VersionView view(
      MetricGroupRepository.Version v,
      boolean changed,
      Map<String, List<String>> windows,
      List<String> metrics) {
    return new VersionView(
        v.name(),
        v.project(),
        v.version(),
        v.author(),
        v.comment(),
        v.createdAt().toString(),
        changed,
        v.script(),
        windows,
        metrics);
  }

  /** The metrics a version defines itself: what another group's reference may name. */
  private static List<String> ownMetrics(MetricGroup declared) {
    return declared.metrics().stream().map(MetricGroup.Metric::name).toList();
  }

  /**
   * A listed version, its definition parsed once for its windows and its own metrics; neither is
   * known (null, none) for a definition that no longer parses.
   */
  private VersionView listed(MetricGroupRepository.Version v) {
    MetricGroup declared;
    try {
      declared = Definitions.parse(v.definition());
    } catch (DefinitionException e) {
      return view(v, false, null, List.of());
    }
    return view(v, false, windowsOf(declared), ownMetrics(declared));
  }

  /** The project a saved group belongs to. */
  public String project(String name) {
    return groups
        .project(name)
        .orElseThrow(() -> new NotFoundException("Metric group '" + name + "'"));
  }

  /** The project a definition's group belongs to, if it has been saved. */
  public Optional<String> projectOfDefinition(String text) {
    return groups.project(Definitions.parse(text).name());
  }

  public List<VersionView> list() {
    return groups.latestOfAll().stream().map(this::listed).toList();
  }

  /**
   * A saved version's windows and the metrics each computes, worked out from its definition without
   * the engine (a listing stays cheap); null where the definition no longer resolves, as when a
   * group it reuses a metric of was removed.
   */
  private Map<String, List<String>> windowsOf(MetricGroup declared) {
    try {
      return MetricCompiler.compile(resolve(declared)).windows();
    } catch (DefinitionException e) {
      return null;
    }
  }

  public List<VersionView> versions(String name) {
    List<MetricGroupRepository.Version> all = groups.versions(name);
    if (all.isEmpty()) {
      throw new NotFoundException("Metric group '" + name + "'");
    }
    return all.stream().map(this::listed).toList();
  }

  public MetricGroupRepository.Version version(String name, Integer version) {
    return (version == null ? groups.latest(name) : groups.version(name, version))
        .orElseThrow(
            () ->
                new NotFoundException(
                    "Metric group '"
                        + name
                        + "'"
                        + (version == null ? "" : " version " + version)));
  }

  public JsonNode definition(String name, Integer version) {
    return json.readTree(version(name, version).definition());
  }

  /** Which metrics were added, removed or changed from one version to another. */
  public Diff diff(String name, int from, int to) {
    JsonNode a = definition(name, from);
    JsonNode b = definition(name, to);
    Map<String, JsonNode> before = byName(a.path("metrics"));
    before.putAll(prefixed(a.path("derived")));
    Map<String, JsonNode> after = byName(b.path("metrics"));
    after.putAll(prefixed(b.path("derived")));
    List<String> added = new ArrayList<>(new TreeSet<>(after.keySet()));
    added.removeAll(before.keySet());
    List<String> removed = new ArrayList<>(new TreeSet<>(before.keySet()));
    removed.removeAll(after.keySet());
    List<String> changed = new ArrayList<>();
    for (String m : new TreeSet<>(before.keySet())) {
      if (after.containsKey(m) && !after.get(m).equals(before.get(m))) {
        changed.add(m);
      }
    }
    List<String> other = new ArrayList<>();
    for (String section :
        List.of(
            "description",
            "timeZone",
            "layout",
            "sources",
            "eventTime",
            "preprocess",
            "keys",
            "sinks",
            "references")) {
      if (!a.path(section).equals(b.path(section))) {
        other.add(section);
      }
    }
    return new Diff(name, from, to, added, removed, changed, other);
  }

  private static Map<String, JsonNode> byName(JsonNode list) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    list.forEach(n -> out.put(n.path("name").asString(), n));
    return out;
  }

  private static Map<String, JsonNode> prefixed(JsonNode list) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    list.forEach(n -> out.put(n.path("name").asString() + " (derived)", n));
    return out;
  }

  /**
   * What deploying a version would do to the state of the job {@code metrics.<name>}: the same
   * plan, drops and statements to confirm as the job's restore plan. On a first deploy (no job, or
   * nothing to restore from) there is no plan: {@code firstDeploy} is true and every window starts
   * empty; when the plan cannot be known yet, {@code reason} says why.
   *
   * @param restoreFrom the savepoint or checkpoint the plan restores, null without a plan
   */
  public record RestorePreview(
      String name,
      int version,
      String job,
      boolean firstDeploy,
      String reason,
      String restoreFrom,
      RestorePlan plan,
      boolean dropsState,
      List<String> statementsDroppingState) {

    /** A first deploy, or one whose plan is not known yet ({@code reason} says why). */
    static RestorePreview withoutPlan(
        String name, int version, String job, boolean firstDeploy, String reason) {
      return new RestorePreview(
          name, version, job, firstDeploy, reason, null, null, false, List.of());
    }
  }

  /** What deploying a version (the latest by default) would keep and drop, before it is run. */
  public RestorePreview restorePlan(String name, Integer version) {
    MetricGroupRepository.Version v = version(name, version);
    String jobName = "metrics." + name;
    Job job = jobs.findByName(jobName).orElse(null);
    if (job == null) {
      return RestorePreview.withoutPlan(
          name,
          v.version(),
          jobName,
          true,
          "Job '" + jobName + "' has never been deployed: every window starts empty");
    }
    DeploymentService.UpgradeSource source = deployments.upgradeSource(job.id());
    if (source.path() == null) {
      return RestorePreview.withoutPlan(
          name, v.version(), jobName, source.startsEmpty(), source.reason());
    }
    RestorePlan plan = deployments.restorePlan(job.id(), source.path(), v.script());
    return new RestorePreview(
        name,
        v.version(),
        jobName,
        false,
        null,
        source.path(),
        plan,
        plan.dropsState(),
        DeploymentService.statementsToConfirm(plan));
  }

  /**
   * Runs a version (the latest by default) as the job {@code metrics.<name>}: the job's script is
   * set to the version's, and a running job is stopped with a savepoint and restored from it, so
   * windows whose metrics did not change keep their state. All or nothing: when the new version
   * would not restore (or does not start), the old one keeps running.
   */
  public Job deploy(String name, Integer version, List<String> confirmDrop) {
    MetricGroupRepository.Version v = version(name, version);
    String jobName = "metrics." + name;
    Job job = jobs.findByName(jobName).orElse(null);
    String comment = "metric group " + name + " version " + v.version();
    if (job == null) {
      JobVersion created =
          scripts.create(v.project(), jobName, "SQL", v.script(), null, v.author(), comment);
      return deployments.deploy(created.jobId(), "none");
    }
    return deployments.upgrade(
        job.id(),
        v.script(),
        () -> scripts.update(job.id(), v.script(), null, v.author(), comment),
        confirmDrop == null ? List.of() : confirmDrop);
  }
}
