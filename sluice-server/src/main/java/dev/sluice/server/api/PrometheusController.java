package dev.sluice.server.api;

import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.ops.alerts.Alert;
import dev.sluice.server.ops.alerts.AlertState;
import dev.sluice.server.ops.alerts.AlertStore;
import dev.sluice.server.ops.alerts.Tier;
import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricNames;
import dev.sluice.server.ops.metrics.MetricSample;
import dev.sluice.server.ops.metrics.MetricsProperties;
import dev.sluice.server.ops.metrics.PrometheusText;
import dev.sluice.server.security.Access;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics} for Prometheus: the server's JVM and, from the newest samples, a gauge per
 * job the caller may read, the number of its firing alerts by severity, and the newest results of
 * data-quality monitors per column. Samples older than a few collection intervals (results of
 * monitors: older than an hour) are left out, so that a stopped job's last values do not linger.
 */
@RestController
class PrometheusController {
  static final String ALERTS_FIRING = "sluice_job_alerts_firing";
  private static final Duration QUALITY_FRESH = Duration.ofHours(1);
  private final JobStore jobs;
  private final MetricHistory history;
  private final Access access;
  private final AlertStore alerts;
  private final Clock clock;
  private final Duration fresh;

  PrometheusController(
      JobStore jobs,
      MetricHistory history,
      Access access,
      AlertStore alerts,
      Clock clock,
      MetricsProperties properties) {
    this.jobs = jobs;
    this.history = history;
    this.access = access;
    this.alerts = alerts;
    this.clock = clock;
    Duration threeCycles = properties.collectInterval().multipliedBy(3);
    this.fresh =
        threeCycles.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : threeCycles;
  }

  @GetMapping("/metrics")
  ResponseEntity<String> metrics() {
    List<Job> readable = access.readable(jobs.findAll(), Job::project);
    Instant since = clock.instant().minus(fresh);
    PrometheusText text = new PrometheusText();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    text.gauge("sluice_server_heap_used_bytes", "Heap used by the Sluice server")
        .sample("sluice_server_heap_used_bytes", memory.getHeapMemoryUsage().getUsed())
        .gauge("sluice_server_uptime_seconds", "Seconds since the Sluice server started")
        .sample(
            "sluice_server_uptime_seconds",
            ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    for (String[] gauge : PrometheusText.JOB_GAUGES) {
      text.gauge(gauge[1], gauge[2]);
    }
    text.gauge(ALERTS_FIRING, "Firing alerts of the job, by severity");
    for (String[] gauge : PrometheusText.QUALITY_GAUGES) {
      text.gauge(gauge[1], gauge[2]);
    }
    Map<Long, Map<Tier, Integer>> firing = new HashMap<>();
    for (Alert a : alerts.open()) {
      if (a.state() == AlertState.FIRING) {
        firing
            .computeIfAbsent(a.jobId(), id -> new EnumMap<>(Tier.class))
            .merge(a.severity(), 1, Integer::sum);
      }
    }
    Instant qualitySince = clock.instant().minus(QUALITY_FRESH);
    for (Job job : readable) {
      Map<String, Double> latest = new HashMap<>();
      List<MetricSample> quality = new ArrayList<>();
      for (MetricSample s : history.latest(job.id(), qualitySince)) {
        if (MetricNames.QUALITY.contains(s.name())) {
          quality.add(s);
        } else if (s.vertex() == null && !s.at().isBefore(since)) {
          latest.put(s.name(), s.value());
        }
      }
      for (String[] gauge : PrometheusText.JOB_GAUGES) {
        Double value = latest.get(gauge[0]);
        if (value != null) {
          text.sample(gauge[1], value, "job", job.name(), "project", job.project());
        }
      }
      Map<Tier, Integer> counts = firing.getOrDefault(job.id(), Map.of());
      for (Tier tier : Tier.values()) {
        text.sample(
            ALERTS_FIRING,
            counts.getOrDefault(tier, 0),
            "job",
            job.name(),
            "project",
            job.project(),
            "severity",
            tier.name());
      }
      for (String[] gauge : PrometheusText.QUALITY_GAUGES) {
        for (MetricSample s : quality) {
          if (s.name().equals(gauge[0])) {
            if (s.vertex() == null) {
              text.sample(gauge[1], s.value(), "job", job.name(), "project", job.project());
            } else {
              text.sample(
                  gauge[1],
                  s.value(),
                  "job",
                  job.name(),
                  "project",
                  job.project(),
                  "column",
                  s.vertex());
            }
          }
        }
      }
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(PrometheusText.CONTENT_TYPE))
        .body(text.render());
  }
}
