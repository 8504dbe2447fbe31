package dev.sluice.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.ops.alerts.AlertRule;
import dev.sluice.server.ops.alerts.AlertRuleStore;
import dev.sluice.server.ops.alerts.Condition;
import dev.sluice.server.ops.alerts.DefaultRules;
import dev.sluice.server.ops.alerts.Durations;
import dev.sluice.server.ops.alerts.JobStateCodes;
import dev.sluice.server.ops.alerts.JobTiers;
import dev.sluice.server.ops.alerts.Match;
import dev.sluice.server.ops.alerts.RuleParser;
import dev.sluice.server.ops.alerts.Tier;
import dev.sluice.server.ops.alerts.WatchedJob;
import dev.sluice.server.ops.channels.ChannelRepository;
import dev.sluice.server.ops.metrics.MetricNames;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Alert rules of a project: for one job, for the jobs of a tier, or for every job. A rule is named
 * in a path by its id or its name (names are never all digits); a name two readable projects hold
 * needs {@code ?project=}. Reading needs viewer, changing operator.
 */
@RestController
@RequestMapping("/api/v1/alert-rules")
class AlertRuleController {
  private final AlertRuleStore rules;
  private final ChannelRepository channels;
  private final JobTiers jobs;
  private final Access access;
  private final ProjectService projects;
  private final Audit audit;
  private final Clock clock;

  AlertRuleController(
      AlertRuleStore rules,
      ChannelRepository channels,
      JobTiers jobs,
      Access access,
      ProjectService projects,
      Audit audit,
      Clock clock) {
    this.rules = rules;
    this.channels = channels;
    this.jobs = jobs;
    this.access = access;
    this.projects = projects;
    this.audit = audit;
    this.clock = clock;
  }

  /** A condition as stored: the threshold of job_state as a state name. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ConditionView(String metric, String op, Object value, String vertex, String over) {
    static ConditionView of(Condition c) {
      Object value = c.value();
      if (c.metric().equals(MetricNames.JOB_STATE) && JobStateCodes.name(c.value()) != null) {
        value = JobStateCodes.name(c.value());
      } else if (c.value() == Math.rint(c.value()) && Math.abs(c.value()) < 1e15) {
        value = (long) c.value();
      }
      return new ConditionView(
          c.metric(),
          c.op().symbol(),
          value,
          c.vertex(),
          c.over() == null ? null : Durations.format(c.over()));
    }
  }

  /**
   * @param repeatInterval null: the severity's default (P0 5m, P1 30m, P2 none); "none": never
   */
  record RuleView(
      long id,
      String name,
      String project,
      String job,
      Tier tier,
      Tier severity,
      @JsonProperty("for") String forDuration,
      Match match,
      List<ConditionView> conditions,
      List<String> channels,
      String repeatInterval,
      String description,
      String template,
      String summary,
      String author,
      Instant createdAt,
      Instant updatedAt) {
    static RuleView of(AlertRule r) {
      return new RuleView(
          r.id(),
          r.name(),
          r.project(),
          r.job(),
          r.tier(),
          r.severity(),
          Durations.format(r.forDuration()),
          r.match(),
          r.conditions().stream().map(ConditionView::of).toList(),
          r.channels(),
          r.repeatInterval() == null
              ? null
              : r.repeatInterval().isZero() ? "none" : Durations.format(r.repeatInterval()),
          r.description(),
          r.template(),
          r.conditionText(),
          r.author(),
          r.createdAt(),
          r.updatedAt());
    }
  }

  /** The rule a path names, if the caller holds the role in its project. */
  private AlertRule rule(String ref, Optional<String> project, Role needed) {
    AlertRule rule;
    if (ref.chars().allMatch(Character::isDigit) && !ref.isEmpty() && ref.length() < 19) {
      rule =
          rules
              .byId(Long.parseLong(ref))
              .orElseThrow(() -> new NotFoundException("Alert rule " + ref));
    } else {
      List<AlertRule> named =
          access.readable(rules.byName(ref), AlertRule::project).stream()
              .filter(r -> project.map(p -> p.equals(r.project())).orElse(true))
              .toList();
      if (named.isEmpty()) {
        throw new NotFoundException("Alert rule '" + ref + "'");
      }
      if (named.size() > 1) {
        throw new InvalidFieldException(
            "project",
            "rules named '"
                + ref
                + "' are in the projects "
                + String.join(", ", named.stream().map(AlertRule::project).toList())
                + ": choose one with ?project=");
      }
      rule = named.get(0);
    }
    access.require(rule.project(), needed, "Alert rule '" + ref + "'");
    return rule;
  }

  /** A string field of a request not checked yet, or null. */
  static String string(JsonNode body, String field) {
    if (body == null
        || !body.isObject()
        || body.get(field) == null
        || !body.get(field).isString()) {
      return null;
    }
    String s = body.get(field).stringValue().trim();
    return s.isEmpty() ? null : s;
  }

  /**
   * The project a new rule goes into, checked before anything else in the request: its job's (which
   * the caller must be able to read), else the one named, else the caller's default; the caller
   * must be an operator there.
   */
  private String projectOf(JsonNode body) {
    String job = string(body, "job");
    String given = string(body, "project");
    String project;
    if (job != null) {
      project = jobProject(job);
      if (given != null && !given.equals(project)) {
        throw new InvalidFieldException(
            "job",
            "the job '" + job + "' is in the project '" + project + "', not '" + given + "'");
      }
    } else {
      project = access.defaultProject(given, Role.OPERATOR);
    }
    access.requireProject(project, Role.OPERATOR);
    projects.requireExists(project);
    return project;
  }

  private String jobProject(String job) {
    return jobs.job(job)
        .filter(j -> access.mayRead(j.project()))
        .map(WatchedJob::project)
        .orElseThrow(() -> new InvalidFieldException("job", "no job named '" + job + "'"));
  }

  /** The definition in the project, whose job (if any) must be there too. */
  private AlertRule.Definition placed(AlertRule.Definition d, String project) {
    if (d.project() != null && !d.project().equals(project)) {
      throw new InvalidFieldException(
          "project", "a rule stays in its project '" + project + "'; create a new one instead");
    }
    if (d.job() != null && !jobProject(d.job()).equals(project)) {
      throw new InvalidFieldException(
          "job", "the job '" + d.job() + "' is not in the rule's project '" + project + "'");
    }
    requireChannels(d.channels(), project);
    return d.withProject(project);
  }

  /** Each channel must be one of the project's (a rule never sends through another's). */
  private void requireChannels(List<String> names, String project) {
    if (names == null) {
      return; // the channels of the alert's severity
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (channels.find(name).filter(c -> c.project().equals(project)).isEmpty()) {
        throw new InvalidFieldException(
            "channels[" + i + "]", "the project '" + project + "' has no channel '" + name + "'");
      }
    }
  }

  @GetMapping
  List<RuleView> list(@RequestParam Optional<String> project) {
    return access.readable(rules.all(), AlertRule::project).stream()
        .filter(r -> project.map(p -> p.equals(r.project())).orElse(true))
        .map(RuleView::of)
        .toList();
  }

  @GetMapping("/{ref}")
  RuleView get(@PathVariable String ref, @RequestParam Optional<String> project) {
    return RuleView.of(rule(ref, project, Role.VIEWER));
  }

  /** A rule, or a template ({@code {"template": "job_failed"}}) expanded into its conditions. */
  @PostMapping
  ResponseEntity<RuleView> create(@RequestBody JsonNode body) {
    String project = projectOf(body);
    AlertRule.Definition d = placed(RuleParser.parse(body), project);
    AlertRule rule = rules.insert(d, access.username(), clock.instant());
    audit.record(
        access.username(),
        "alert-rule.create",
        rule.project(),
        "alert rule " + rule.name(),
        rule.conditionText());
    return ResponseEntity.created(URI.create("/api/v1/alert-rules/" + rule.id()))
        .body(RuleView.of(rule));
  }

  /** Replaces the rule's definition (the whole of it, as for a create); it stays in its project. */
  @PutMapping("/{ref}")
  RuleView update(
      @PathVariable String ref,
      @RequestParam Optional<String> project,
      @RequestBody JsonNode body) {
    AlertRule existing = rule(ref, project, Role.OPERATOR);
    AlertRule.Definition d = placed(RuleParser.parse(body), existing.project());
    AlertRule rule = rules.update(existing.id(), d, clock.instant());
    audit.record(
        access.username(),
        "alert-rule.update",
        rule.project(),
        "alert rule " + rule.name(),
        rule.conditionText());
    return RuleView.of(rule);
  }

  /** Deletes the rule and its alerts. */
  @DeleteMapping("/{ref}")
  ResponseEntity<Void> delete(@PathVariable String ref, @RequestParam Optional<String> project) {
    AlertRule rule = rule(ref, project, Role.OPERATOR);
    rules.delete(rule.id());
    audit.record(
        access.username(), "alert-rule.delete", rule.project(), "alert rule " + rule.name(), null);
    return ResponseEntity.noContent().build();
  }

  record Defaults(String project, List<String> channels) {}

  record DefaultsCreated(List<RuleView> created, List<String> existing) {}

  /**
   * Creates the tiers' default rules in a project, those it does not have yet: for P0 and P1 jobs,
   * job failed (at once) and job restarting for 2m, with the tier as severity.
   */
  @PostMapping("/defaults")
  DefaultsCreated defaults(@RequestBody(required = false) Defaults body) {
    String project = access.defaultProject(body == null ? null : body.project(), Role.OPERATOR);
    access.requireProject(project, Role.OPERATOR);
    projects.requireExists(project);
    List<String> channels = body == null ? null : body.channels();
    List<RuleView> created = new ArrayList<>();
    List<String> existing = new ArrayList<>();
    List<AlertRule.Definition> definitions = DefaultRules.definitions(project, channels);
    requireChannels(channels, project);
    for (AlertRule.Definition d : definitions) {
      if (rules.byName(d.name()).stream().anyMatch(r -> r.project().equals(project))) {
        existing.add(d.name());
        continue;
      }
      AlertRule rule = rules.insert(d, access.username(), clock.instant());
      audit.record(
          access.username(),
          "alert-rule.create",
          project,
          "alert rule " + rule.name(),
          rule.conditionText());
      created.add(RuleView.of(rule));
    }
    return new DefaultsCreated(created, existing);
  }
}
