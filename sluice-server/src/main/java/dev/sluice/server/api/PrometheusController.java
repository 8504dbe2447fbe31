package dev.sluice.server.api;

import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.ops.metrics.MetricHistory;
import dev.sluice.server.ops.metrics.MetricSample;
import dev.sluice.server.ops.metrics.MetricsProperties;
import dev.sluice.server.ops.metrics.PrometheusText;
import dev.sluice.server.security.Access;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics} for Prometheus: the server's JVM and, from the newest samples, a gauge per
 * job the caller may read. Samples older than a few collection intervals are left out, so that a
 * stopped job's last values do not linger.
 */
@RestController
class PrometheusController {
  private final JobStore jobs;
  private final MetricHistory history;
  private final Access access;
  private final Clock clock;
  private final Duration fresh;

  PrometheusController(
      JobStore jobs,
      MetricHistory history,
      Access access,
      Clock clock,
      MetricsProperties properties) {
    this.jobs = jobs;
    this.history = history;
    this.access = access;
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
    for (Job job : readable) {
      Map<String, Double> latest = new HashMap<>();
      for (MetricSample s : history.latest(job.id(), since)) {
        if (s.vertex() == null) {
          latest.put(s.name(), s.value());
        }
      }
      for (String[] gauge : PrometheusText.JOB_GAUGES) {
        Double value = latest.get(gauge[0]);
        if (value != null) {
          text.sample(gauge[1], value, "job", job.name(), "project", job.project());
        }
      }
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(PrometheusText.CONTENT_TYPE))
        .body(text.render());
  }
}
