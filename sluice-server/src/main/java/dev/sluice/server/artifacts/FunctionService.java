package dev.sluice.server.artifacts;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.artifacts.ArtifactScan;
import dev.sluice.engine.api.artifacts.UserFunction;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.jobs.JobVersion;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Caller;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Functions registered by name from artifact versions; what a script's compile gets of them; and
 * the artifact versions each job version is pinned to.
 *
 * <p>A job version calls the functions as they were registered when it was saved: upgrading a
 * function to a new artifact version changes what new versions call, never what a saved (or
 * running) one does, until the job is upgraded explicitly, which makes a new version.
 */
@Service
public class FunctionService implements dev.sluice.server.jobs.JobFunctions {
  private static final Pattern NAME =
      Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

  private final ArtifactStore store;
  private final ArtifactService artifacts;
  private final GrantService grants;
  private final Engine engine;
  private final JobStore jobs;
  private final Access access;
  private final Audit audit;

  public FunctionService(
      ArtifactStore store,
      ArtifactService artifacts,
      GrantService grants,
      Engine engine,
      JobStore jobs,
      Access access,
      Audit audit) {
    this.audit = audit;
    this.store = store;
    this.artifacts = artifacts;
    this.grants = grants;
    this.engine = engine;
    this.jobs = jobs;
    this.access = access;
  }

  /** A registered function with the signatures its artifact version's scan found. */
  public record View(
      String name,
      String project,
      String artifact,
      int version,
      String className,
      String kind,
      List<String> signatures,
      String registeredBy,
      OffsetDateTime registeredAt,
      String comment,
      Boolean usable) {}

  public View view(RegisteredFunction f, Boolean usable) {
    List<String> signatures =
        artifacts.version(f.artifact(), f.artifactVersion()).functions().stream()
            .filter(s -> s.className().equals(f.className()))
            .findFirst()
            .map(ArtifactScan.ScannedFunction::signatures)
            .orElse(List.of());
    return new View(
        f.name(),
        f.project(),
        f.artifact(),
        f.artifactVersion(),
        f.className(),
        f.kind(),
        signatures,
        f.registeredBy(),
        f.registeredAt(),
        f.comment(),
        usable);
  }

  public static String normalize(String name) {
    return name == null ? null : name.trim().toLowerCase(Locale.ROOT);
  }

  public RegisteredFunction get(String name) {
    return store
        .function(normalize(name))
        .orElseThrow(() -> new NotFoundException("Function '" + name + "'"));
  }

  public List<RegisteredFunction> list() {
    return store.functions();
  }

  /**
   * Registers a class of an artifact version under a name.
   *
   * @param version the artifact version, or null for its latest
   */
  @Transactional
  public RegisteredFunction register(
      String name,
      String artifact,
      Integer version,
      String className,
      String comment,
      String author) {
    String normalized = normalize(name);
    if (normalized == null || !NAME.matcher(normalized).matches()) {
      throw new InvalidFieldException(
          "name",
          "a function name is letters, digits and '_', optionally with one '.' for a namespace"
              + " (risk.decrypt_card), starting with a letter or '_' (got: "
              + name
              + ")");
    }
    boolean builtin =
        engine.language().functions().stream().anyMatch(f -> f.name().equalsIgnoreCase(normalized));
    if (builtin) {
      throw new ConflictException(
          "'" + normalized + "' is a built-in function: choose another name");
    }
    if (store.function(normalized).isPresent()) {
      throw new ConflictException(
          "A function named '"
              + normalized
              + "' exists; upgrade it with PUT /api/v1/functions/"
              + normalized);
    }
    ArtifactScan.ScannedFunction scanned = scanned(artifact, version, className);
    ArtifactVersion v = resolve(artifact, version);
    RegisteredFunction f =
        new RegisteredFunction(
            normalized,
            v.project(),
            v.artifact(),
            v.version(),
            scanned.className(),
            scanned.kind(),
            author,
            OffsetDateTime.now(ZoneOffset.UTC),
            comment);
    store.insertFunction(f);
    return f;
  }

  /** Points a function at another artifact version (or class); returns the one it replaced. */
  @Transactional
  public RegisteredFunction upgrade(
      String name, Integer version, String className, String comment, String author) {
    RegisteredFunction before = get(name);
    String cls = className == null || className.isBlank() ? before.className() : className;
    ArtifactScan.ScannedFunction scanned = scanned(before.artifact(), version, cls);
    ArtifactVersion v = resolve(before.artifact(), version);
    if (v.version() == before.artifactVersion() && scanned.className().equals(before.className())) {
      throw new ConflictException(
          "Function '" + before.name() + "' is already " + cls + " of " + v.label());
    }
    store.updateFunction(
        new RegisteredFunction(
            before.name(),
            before.project(),
            before.artifact(),
            v.version(),
            scanned.className(),
            scanned.kind(),
            author,
            OffsetDateTime.now(ZoneOffset.UTC),
            comment));
    return before;
  }

  @Transactional
  public void delete(String name) {
    store.deleteFunction(get(name).name());
  }

  private ArtifactVersion resolve(String artifact, Integer version) {
    if (artifact == null || artifact.isBlank()) {
      throw new InvalidFieldException("artifact", "name the artifact the function comes from");
    }
    return version == null
        ? artifacts.versions(artifact).get(0)
        : artifacts.version(artifact, version);
  }

  private ArtifactScan.ScannedFunction scanned(String artifact, Integer version, String cls) {
    ArtifactVersion v = resolve(artifact, version);
    if (cls == null || cls.isBlank()) {
      throw new InvalidFieldException(
          "className", "name the function's class; " + v.label() + " has " + classes(v));
    }
    ArtifactScan.ScannedFunction scanned =
        v.functions().stream()
            .filter(f -> f.className().equals(cls.trim()))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidFieldException(
                        "className",
                        v.label() + " has no function class " + cls + "; it has " + classes(v)));
    if (!scanned.registrable()) {
      throw new InvalidFieldException(
          "className", cls + " cannot be called from SQL: " + scanned.problem());
    }
    return scanned;
  }

  private static String classes(ArtifactVersion v) {
    List<String> names =
        v.functions().stream()
            .filter(ArtifactScan.ScannedFunction::registrable)
            .map(ArtifactScan.ScannedFunction::className)
            .toList();
    return names.isEmpty() ? "no function that SQL can call" : String.join(", ", names);
  }

  // Pins and compiles

  /** The project's functions the script names (a name followed by a parenthesis). */
  public List<PinnedFunction> calledIn(String project, String script) {
    List<PinnedFunction> pins = new ArrayList<>();
    for (RegisteredFunction f : store.functions(project)) {
      if (calls(script, f.name())) {
        pins.add(new PinnedFunction(f.name(), f.artifact(), f.artifactVersion(), f.className()));
      }
    }
    return pins;
  }

  static boolean calls(String script, String name) {
    return Pattern.compile(
            "(?i)(?<![\\w.`])`?" + Pattern.quote(name).replace(".", "\\E`?\\.`?\\Q") + "`?\\s*\\(")
        .matcher(script)
        .find();
  }

  @Override
  public void pin(Job job, JobVersion version) {
    store.pin(job.id(), version.version(), calledIn(job.project(), version.script()));
  }

  @Override
  public CompileRequest pinned(JobVersion version, CompileRequest request) {
    return request.withFunctions(
        userFunctions(store.pins(version.jobId(), version.version())), Map.of());
  }

  public List<PinnedFunction> pins(long jobId, int version) {
    return store.pins(jobId, version);
  }

  /**
   * The functions a compile of the job's script gets: those its saved version with that script is
   * pinned to, or for a draft the project's as registered now; and those the caller may not use.
   */
  @Override
  public CompileRequest apply(Job job, String script, CompileRequest request) {
    Optional<JobVersion> saved =
        jobs.versions(job.id()).stream()
            .filter(v -> v.script().equals(script))
            .reduce((a, b) -> a.version() >= b.version() ? a : b);
    List<PinnedFunction> pins =
        saved.isPresent()
            ? store.pins(job.id(), saved.get().version())
            : calledIn(job.project(), script);
    return request.withFunctions(userFunctions(pins), denied(job.project(), pins));
  }

  /** Every call of a registered function that goes to the cluster is audited. */
  @Override
  public void deployed(Job job, JobVersion version) {
    String actor = access.currentCaller().map(Caller::username).orElse("sluice");
    for (PinnedFunction p : store.pins(job.id(), version.version())) {
      audit.record(
          actor,
          "function.use",
          job.project(),
          "function " + p.name(),
          p.className()
              + " of "
              + p.label()
              + " in job "
              + job.name()
              + " version "
              + version.version());
    }
  }

  @Override
  public Resolved forProject(String project, String script) {
    List<PinnedFunction> pins = calledIn(project, script);
    return new Resolved(userFunctions(pins), denied(project, pins));
  }

  /** The pinned functions and what a job graph ships of them. */
  public List<UserFunction> userFunctions(List<PinnedFunction> pins) {
    List<UserFunction> functions = new ArrayList<>();
    for (PinnedFunction p : pins) {
      ArtifactVersion v = artifacts.version(p.artifact(), p.artifactVersion());
      functions.add(
          new UserFunction(
              p.name(),
              p.className(),
              artifacts.jar(v.artifact(), v.version(), v.sha256()).toString(),
              v.label()));
    }
    return functions;
  }

  /** The functions the current caller may not call, with why; none outside a request. */
  Map<String, String> denied(String project, List<PinnedFunction> pins) {
    Optional<Caller> caller = access.currentCaller();
    Map<String, String> denied = new LinkedHashMap<>();
    if (caller.isEmpty()) {
      return denied;
    }
    for (PinnedFunction p : pins) {
      store
          .function(p.name())
          .or(() -> Optional.of(orphan(p, project)))
          .flatMap(f -> grants.refusal(caller.get(), f))
          .ifPresent(reason -> denied.put(p.name().toUpperCase(Locale.ROOT), reason));
    }
    for (String builtin : GrantService.GOVERNED_BUILTINS) {
      grants.refusal(caller.get(), builtin).ifPresent(reason -> denied.put(builtin, reason));
    }
    return denied;
  }

  /** A pinned function since deleted from the registry: only its project's owners may use it. */
  private static RegisteredFunction orphan(PinnedFunction p, String project) {
    return new RegisteredFunction(
        p.name(), project, p.artifact(), p.artifactVersion(), p.className(), "", "", null, null);
  }

  /** The caller's verdict on each function, for listings. */
  public boolean usable(Caller caller, RegisteredFunction f) {
    return grants.refusal(caller, f).isEmpty();
  }
}
