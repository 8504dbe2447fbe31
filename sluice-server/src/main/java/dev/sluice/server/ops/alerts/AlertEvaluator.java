package dev.sluice.server.ops.alerts;

import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns the rules and the latest metrics into alert states: for each rule and each job it watches,
 * the alerts (one per vertex for vertex-level metrics) go pending → firing → resolved. Every state
 * change and the notification it causes are written in one transaction, guarded by the stored
 * state, so that evaluating again (or after a restart) decides nothing twice; the notifications are
 * handed to the notifier after commit. Silenced and inhibited alerts change state and send nothing.
 */
@Component
public class AlertEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);
  static final String SILENCED = "silenced";
  static final String INHIBITED = "inhibited";

  private final AlertRuleStore rules;
  private final AlertStore alerts;
  private final SilenceStore silences;
  private final JobTiers jobs;
  private final MetricHistory history;
  private final NotificationDispatcher dispatcher;
  private final AlertProperties properties;
  private final Clock clock;
  private Instant lastPrune = Instant.MIN;

  public AlertEvaluator(
      AlertRuleStore rules,
      AlertStore alerts,
      SilenceStore silences,
      JobTiers jobs,
      MetricHistory history,
      NotificationDispatcher dispatcher,
      AlertProperties properties,
      Clock clock) {
    this.rules = rules;
    this.alerts = alerts;
    this.silences = silences;
    this.jobs = jobs;
    this.history = history;
    this.dispatcher = dispatcher;
    this.properties = properties;
    this.clock = clock;
  }

  /** What one evaluation did: alerts that fired and resolved, notifications handed over. */
  public record Outcome(int fired, int resolved, int notificationsSent) {}

  /** Evaluates every rule on every job it watches, then sends what is due. */
  public synchronized Outcome evaluate() {
    // Millisecond instants compare equal after a round trip through either database.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<AlertRule> all = rules.all();
    List<Silence> active = silences.notEnded(now).stream().filter(s -> s.activeAt(now)).toList();
    List<WatchedJob> watched = jobs.watched();
    Map<Long, List<MetricSample>> latest = new HashMap<>();
    Set<String> evaluated = new HashSet<>();
    Set<String> withOpenAlerts =
        alerts.open().stream().map(a -> a.ruleId() + ":" + a.jobId()).collect(Collectors.toSet());
    int[] counts = new int[2];
    for (AlertRule rule : all) {
      for (WatchedJob job : watched) {
        if (!rule.appliesTo(job.project(), job.name(), job.tier())) {
          continue;
        }
        String pair = rule.id() + ":" + job.id();
        evaluated.add(pair);
        try {
          List<MetricSample> samples =
              latest.computeIfAbsent(
                  job.id(), id -> history.latest(id, now.minus(properties.staleness())));
          ConditionEvaluator conditions =
              new ConditionEvaluator(
                  samples, JobStateCodes.ofStored(job.state()), increases(rule, job, now));
          Double jobState = conditions.jobState();
          String suppressed =
              silenced(active, rule, job)
                  ? SILENCED
                  : rule.inhibitedByJobState()
                          && jobState != null
                          && JobStateCodes.inhibits(jobState)
                      ? INHIBITED
                      : null;
          List<ConditionEvaluator.Holding> holding = conditions.evaluate(rule);
          if (holding.isEmpty() && !withOpenAlerts.contains(pair)) {
            // Nothing holds and nothing is open: no transaction for the common case.
            continue;
          }
          apply(rule, job, holding, v -> conditions.current(rule, v), suppressed, now, counts);
        } catch (RuntimeException e) {
          LOG.warn(
              "Rule '{}' on job '{}' not evaluated: {}", rule.name(), job.name(), e.toString());
        }
      }
    }
    resolveUnwatched(all, evaluated, active, now, counts);
    int sent = dispatcher.dispatch(now);
    if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) >= 0) {
      lastPrune = now;
      alerts.prune(now.minus(properties.retention()));
    }
    return new Outcome(counts[0], counts[1], sent);
  }

  /**
   * Open alerts of rules that no longer watch their job (it was stopped, or the rule now names
   * another): resolved, as their conditions are no longer evaluated. Alerts of a deleted rule go
   * with it.
   */
  private void resolveUnwatched(
      List<AlertRule> all, Set<String> evaluated, List<Silence> active, Instant now, int[] counts) {
    Map<Long, AlertRule> byId =
        all.stream().collect(Collectors.toMap(AlertRule::id, Function.identity()));
    Set<String> done = new HashSet<>();
    for (Alert a : alerts.open()) {
      String pair = a.ruleId() + ":" + a.jobId();
      AlertRule rule = byId.get(a.ruleId());
      if (evaluated.contains(pair) || rule == null || !done.add(pair)) {
        continue;
      }
      Optional<WatchedJob> job = jobs.job(a.jobId());
      if (job.isEmpty()) {
        alerts.inTransaction(
            () -> {
              alerts.open(a.ruleId(), a.jobId()).forEach(o -> alerts.delete(o.id()));
              return null;
            });
        continue;
      }
      apply(
          rule,
          job.get(),
          List.of(),
          v -> null,
          silenced(active, rule, job.get()) ? SILENCED : null,
          now,
          counts);
    }
  }

  private static boolean silenced(List<Silence> active, AlertRule rule, WatchedJob job) {
    Tier severity = rule.severityFor(job.tier());
    return active.stream()
        .anyMatch(s -> s.matches(rule.project(), job.name(), rule.name(), severity));
  }

  /**
   * The increase of each windowed condition's counter: its newest value minus its oldest in the
   * window (a counter that went down was reset by a new submission: its newest value).
   */
  private Map<Condition, Double> increases(AlertRule rule, WatchedJob job, Instant now) {
    Map<Condition, Double> increases = new HashMap<>();
    for (Condition c : rule.conditions()) {
      if (c.over() == null) {
        continue;
      }
      List<MetricSample> window =
          history
              .range(job.id(), Set.of(c.metric()), now.minus(c.over()), now, Duration.ofSeconds(1))
              .stream()
              .filter(s -> s.vertex() == null)
              .sorted(Comparator.comparing(MetricSample::at))
              .toList();
      if (window.isEmpty()) {
        continue;
      }
      double first = window.get(0).value();
      double last = window.get(window.size() - 1).value();
      increases.put(c, last >= first ? last - first : last);
    }
    return increases;
  }

  /**
   * The transitions of one rule on one job, and the notifications they cause, in one transaction.
   */
  private void apply(
      AlertRule rule,
      WatchedJob job,
      List<ConditionEvaluator.Holding> holding,
      Function<String, Double> current,
      String suppressed,
      Instant now,
      int[] counts) {
    alerts.inTransaction(
        () -> {
          Map<String, Alert> open = new HashMap<>();
          for (Alert a : alerts.open(rule.id(), job.id())) {
            open.put(key(a.vertex()), a);
          }
          List<Alert> fire = new ArrayList<>();
          List<Alert> repeat = new ArrayList<>();
          List<Alert> resolve = new ArrayList<>();
          for (ConditionEvaluator.Holding h : holding) {
            Alert a = open.remove(key(h.vertex()));
            if (a == null) {
              AlertState state =
                  rule.forDuration().isZero() ? AlertState.FIRING : AlertState.PENDING;
              a =
                  alerts.insert(
                      rule.id(),
                      job.id(),
                      h.vertex(),
                      state,
                      rule.severityFor(job.tier()),
                      h.value(),
                      now);
              if (state == AlertState.FIRING) {
                counts[0]++;
              }
            } else if (a.state() == AlertState.PENDING
                && !now.isBefore(a.pendingSince().plus(rule.forDuration()))) {
              a = a.with(AlertState.FIRING, h.value(), now, null);
              counts[0]++;
            } else {
              a = a.with(a.state(), h.value(), a.firingSince(), null);
            }
            a = a.suppressed(suppressed);
            alerts.update(a);
            if (a.state() != AlertState.FIRING || suppressed != null) {
              continue;
            }
            if (a.notified() == null) {
              fire.add(a);
            } else {
              Duration every = rule.repeatFor(a.severity());
              if (every != null && !now.isBefore(a.lastNotifiedAt().plus(every))) {
                repeat.add(a);
              }
            }
          }
          for (Alert a : open.values()) {
            if (a.state() == AlertState.PENDING) {
              alerts.delete(a.id());
              continue;
            }
            Double value = current.apply(a.vertex());
            Alert resolved =
                a.with(
                    AlertState.RESOLVED, value == null ? a.value() : value, a.firingSince(), now);
            resolved = resolved.suppressed(suppressed);
            alerts.update(resolved);
            counts[1]++;
            if (suppressed == null && Alert.FIRING.equals(a.notified())) {
              resolve.add(resolved);
            }
          }
          decide(rule, job, fire, Alert.FIRING, false, now);
          decide(rule, job, repeat, Alert.FIRING, true, now);
          decide(rule, job, resolve, Alert.RESOLVED, false, now);
          return null;
        });
  }

  private static String key(String vertex) {
    return vertex == null ? "" : "v:" + vertex;
  }

  /**
   * One notification for the alerts of the rule and job that changed together (all their vertices
   * listed), written to the store if the stored state still says it was not sent.
   */
  private void decide(
      AlertRule rule,
      WatchedJob job,
      List<Alert> group,
      String status,
      boolean repeat,
      Instant now) {
    List<Alert> claimed =
        group.stream()
            .filter(a -> alerts.markNotified(a, status, now))
            .sorted(Comparator.comparing(a -> a.vertex() == null ? "" : a.vertex()))
            .toList();
    if (claimed.isEmpty()) {
      return;
    }
    Alert first = claimed.get(0);
    Tier severity = first.severity();
    List<String> channels =
        rule.channels() != null
            ? rule.channels()
            : dispatcher.channelsFor(rule.project(), severity);
    if (channels.isEmpty()) {
      return;
    }
    List<String> vertices = claimed.stream().map(Alert::vertex).filter(Objects::nonNull).toList();
    AlertNotification n =
        new AlertNotification(
            status,
            claimed.stream().mapToLong(Alert::id).min().orElseThrow(),
            rule.name(),
            severity.name(),
            rule.project(),
            job.name(),
            vertices.isEmpty() ? null : String.join(", ", vertices),
            first.value(),
            claimed.stream().map(Alert::firingSince).min(Instant::compareTo).orElseThrow(),
            status.equals(Alert.RESOLVED) ? now : null,
            Summaries.of(rule, claimed, status, repeat, now));
    alerts.addNotification(n, channels, now, severity.digest() ? properties.nextDigest(now) : null);
  }
}
