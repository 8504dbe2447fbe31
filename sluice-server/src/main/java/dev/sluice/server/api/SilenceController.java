package dev.sluice.server.api;

import static dev.sluice.server.errors.JsonFields.onlyFields;
import static dev.sluice.server.errors.JsonFields.text;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.ops.alerts.Durations;
import dev.sluice.server.ops.alerts.JobTiers;
import dev.sluice.server.ops.alerts.Silence;
import dev.sluice.server.ops.alerts.SilenceStore;
import dev.sluice.server.ops.alerts.Tier;
import dev.sluice.server.ops.alerts.WatchedJob;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Silences: while one is active, the alerts of its project that match all of its matchers (job,
 * rule, severity) change state but send nothing. The author is the caller; operators create and
 * delete them.
 */
@RestController
@RequestMapping("/api/v1/silences")
class SilenceController {
  private static final Set<String> FIELDS =
      Set.of("matchers", "startsAt", "endsAt", "for", "comment", "project");
  private static final Set<String> MATCHERS = Set.of("job", "rule", "severity");

  private final SilenceStore silences;
  private final JobTiers jobs;
  private final Access access;
  private final ProjectService projects;
  private final Audit audit;
  private final Clock clock;

  SilenceController(
      SilenceStore silences,
      JobTiers jobs,
      Access access,
      ProjectService projects,
      Audit audit,
      Clock clock) {
    this.silences = silences;
    this.jobs = jobs;
    this.access = access;
    this.projects = projects;
    this.audit = audit;
    this.clock = clock;
  }

  record SilenceView(
      long id,
      String project,
      Map<String, String> matchers,
      Instant startsAt,
      Instant endsAt,
      boolean active,
      String author,
      String comment,
      Instant createdAt) {
    static SilenceView of(Silence s, Instant now) {
      Map<String, String> matchers = new java.util.LinkedHashMap<>();
      if (s.job() != null) {
        matchers.put("job", s.job());
      }
      if (s.rule() != null) {
        matchers.put("rule", s.rule());
      }
      if (s.severity() != null) {
        matchers.put("severity", s.severity().name());
      }
      return new SilenceView(
          s.id(),
          s.project(),
          matchers,
          s.startsAt(),
          s.endsAt(),
          s.activeAt(now),
          s.author(),
          s.comment(),
          s.createdAt());
    }
  }

  /** Active and future silences of the readable projects ({@code all=true}: ended ones too). */
  @GetMapping
  List<SilenceView> list(
      @RequestParam Optional<String> project, @RequestParam Optional<Boolean> all) {
    Instant now = clock.instant();
    List<Silence> found = all.orElse(false) ? silences.all() : silences.notEnded(now);
    return access.readable(found, Silence::project).stream()
        .filter(s -> project.map(p -> p.equals(s.project())).orElse(true))
        .map(s -> SilenceView.of(s, now))
        .toList();
  }

  /**
   * {@code {"matchers": {"job", "rule", "severity"}, "startsAt"?, "endsAt" or "for", "comment"}}:
   * at least one matcher; a silence naming a job is in that job's project.
   */
  @PostMapping
  ResponseEntity<SilenceView> create(@RequestBody JsonNode body) {
    // Who may create it is checked first, on the project the request names or implies.
    JsonNode raw = body == null ? null : body.get("matchers");
    String job = AlertRuleController.string(raw, "job");
    String given = AlertRuleController.string(body, "project");
    String project;
    if (job != null) {
      WatchedJob j =
          jobs.job(job)
              .filter(x -> access.mayRead(x.project()))
              .orElseThrow(
                  () -> new InvalidFieldException("matchers.job", "no job named '" + job + "'"));
      if (given != null && !given.equals(j.project())) {
        throw new InvalidFieldException(
            "matchers.job",
            "the job '" + job + "' is in the project '" + j.project() + "', not '" + given + "'");
      }
      project = j.project();
    } else {
      project = access.defaultProject(given, Role.OPERATOR);
    }
    access.requireProject(project, Role.OPERATOR);
    projects.requireExists(project);
    if (body == null || !body.isObject()) {
      throw new InvalidFieldException("$", "a silence is a JSON object");
    }
    onlyFields(body, FIELDS, "");
    JsonNode m = body.get("matchers");
    if (m == null || !m.isObject()) {
      throw new InvalidFieldException(
          "matchers", "an object of job, rule and/or severity to match");
    }
    onlyFields(m, MATCHERS, "matchers.");
    text(m, "job", "matchers.job");
    String rule = text(m, "rule", "matchers.rule");
    String severityText = text(m, "severity", "matchers.severity");
    Tier severity = severityText == null ? null : Tier.parse("matchers.severity", severityText);
    if (job == null && rule == null && severity == null) {
      throw new InvalidFieldException(
          "matchers", "at least one of job, rule, severity: a silence never mutes everything");
    }
    text(body, "project", "project");
    String comment = text(body, "comment", "comment");
    if (comment == null) {
      throw new InvalidFieldException("comment", "say why the alerts are silenced");
    }
    if (comment.length() > 1024) {
      throw new InvalidFieldException("comment", "at most 1024 characters");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant startsAt = instant(body, "startsAt");
    if (startsAt == null) {
      startsAt = now;
    }
    Instant endsAt = instant(body, "endsAt");
    String forText = text(body, "for", "for");
    if (forText != null) {
      if (endsAt != null) {
        throw new InvalidFieldException("for", "give either endsAt or for, not both");
      }
      Duration d = Durations.parse(forText);
      if (d == null || d.isZero()) {
        throw new InvalidFieldException("for", "'" + forText + "' is not a duration like 2h");
      }
      endsAt = startsAt.plus(d);
    }
    if (endsAt == null) {
      throw new InvalidFieldException("endsAt", "when the silence ends (or give for, e.g. 2h)");
    }
    if (!endsAt.isAfter(startsAt)) {
      throw new InvalidFieldException("endsAt", "must be after startsAt");
    }
    if (!endsAt.isAfter(now)) {
      throw new InvalidFieldException("endsAt", "must be in the future");
    }
    Silence s =
        silences.insert(
            project, job, rule, severity, startsAt, endsAt, access.username(), comment, now);
    audit.record(
        access.username(),
        "silence.create",
        project,
        "silence " + s.id(),
        SilenceView.of(s, now).matchers() + " until " + endsAt + ": " + comment);
    return ResponseEntity.created(URI.create("/api/v1/silences/" + s.id()))
        .body(SilenceView.of(s, now));
  }

  /** Ends a silence (deletes it). */
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable long id) {
    Silence s = silences.byId(id).orElseThrow(() -> new NotFoundException("Silence " + id));
    access.require(s.project(), Role.OPERATOR, "Silence " + id);
    silences.delete(id);
    audit.record(access.username(), "silence.delete", s.project(), "silence " + id, null);
    return ResponseEntity.noContent().build();
  }

  private static Instant instant(JsonNode body, String field) {
    String s = text(body, field, field);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(
          field, "'" + s + "' is not an instant like 2026-12-01T10:00:00Z");
    }
  }
}
