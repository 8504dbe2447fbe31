package dev.sluice.server.local;

import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.jobs.ScriptService;
import dev.sluice.server.metrics.MetricGroupService;
import dev.sluice.server.security.Bootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * After start-up: creates the admin of a new install, resumes the jobs suspended at the last clean
 * shutdown, and loads the demo jobs into an empty store, so that a first start has something that
 * runs.
 */
@Component
class StartupTasks implements ApplicationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StartupTasks.class);
  static final List<String> JOBS =
      List.of(
          "demo_orders_per_minute",
          "demo_payments_to_kafka",
          "demo_payment_totals",
          "demo_payment_events");
  static final List<String> METRIC_GROUPS = List.of("demo_payments");
  private static final String DEMO = "demo";
  private final SluiceProperties properties;
  private final JobStore jobs;
  private final ScriptService scripts;
  private final LocalPlatform platform;
  private final MetricGroupService metrics;
  private final Bootstrap bootstrap;

  StartupTasks(
      SluiceProperties properties,
      JobStore jobs,
      ScriptService scripts,
      LocalPlatform platform,
      MetricGroupService metrics,
      Bootstrap bootstrap) {
    this.bootstrap = bootstrap;
    this.metrics = metrics;
    this.properties = properties;
    this.jobs = jobs;
    this.scripts = scripts;
    this.platform = platform;
  }

  @Override
  public void run(ApplicationArguments args) {
    bootstrap.createAdminIfNone(System.out);
    platform.resumeSuspendedJobs();
    if (!properties.demo() || !properties.localCluster().enabled() || !jobs.findAll().isEmpty()) {
      return;
    }
    String kafka = platform.kafkaBootstrapServers().orElse("localhost:9092");
    for (String name : JOBS) {
      String script = resource("demo/" + name + ".sql").replace("${kafka}", kafka);
      scripts.create(DEMO, name, "SQL", script, null, "sluice", "Demo project");
    }
    for (String name : METRIC_GROUPS) {
      String definition = resource("demo/metrics/" + name + ".yaml").replace("${kafka}", kafka);
      try {
        metrics.save(DEMO, definition, "sluice", "Demo project");
      } catch (RuntimeException e) {
        // The demo must never keep the platform from starting.
        LOG.warn("The demo metric group {} was not loaded: {}", name, e.getMessage());
      }
    }
    LOG.info("Loaded the demo project: jobs {}, metric groups {}", JOBS, METRIC_GROUPS);
  }

  private static String resource(String path) {
    try (InputStream in = StartupTasks.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
