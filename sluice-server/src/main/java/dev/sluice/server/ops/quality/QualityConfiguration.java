package dev.sluice.server.ops.quality;

import dev.sluice.server.jobs.Job;
import dev.sluice.server.jobs.JobStore;
import dev.sluice.server.ops.metrics.MetricHistory;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the reading of the monitors' results. */
@Configuration
class QualityConfiguration {
  @Bean
  QualityResultRecorder qualityResultRecorder(
      QualityMonitorRepository monitors,
      JobStore jobs,
      QualityResultStore results,
      MetricHistory history) {
    return new QualityResultRecorder(
        new QualityResultRecorder.Monitors() {
          @Override
          public Optional<QualityMonitor> monitor(String name) {
            return monitors.find(name).map(QualityMonitorRepository.Stored::monitor);
          }

          @Override
          public java.util.List<QualityMonitor> all() {
            return monitors.list().stream().map(QualityMonitorRepository.Stored::monitor).toList();
          }

          @Override
          public Optional<Long> jobId(String monitor) {
            return jobs.findByName(QualityMonitor.jobName(monitor)).map(Job::id);
          }
        },
        results,
        history);
  }

  @Bean
  QualityResultsConsumer qualityResultsConsumer(
      QualityMonitorService service,
      QualityResultRecorder recorder,
      QualityResultStore results,
      QualityProperties properties,
      JsonMapper json,
      Clock clock) {
    return new QualityResultsConsumer(
        service.resultsBootstrapServers(), recorder, results, properties, json, clock);
  }
}
