package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The local cluster's TaskManager processes and a job's tasks on them, as the kill drills use. */
final class LocalTaskManagers {
  private LocalTaskManagers() {}

  /** The TaskManager processes of this run's local cluster. */
  static List<ProcessHandle> processes(Platform platform) {
    String dir = platform.dataDir.toString();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("TaskManagerRunner") && c.contains(dir))
                    .orElse(false))
        .toList();
  }

  /** The one TaskManager process (failing if there is none or more). */
  static ProcessHandle only(Platform platform) {
    List<ProcessHandle> processes = processes(platform);
    assertThat(processes).hasSize(1);
    return processes.get(0);
  }

  /** Whether every vertex of a Flink job's details (GET /jobs/:id) runs. */
  static boolean allTasksRunning(JsonNode flinkJob) {
    boolean allRunning = flinkJob.path("vertices").size() > 0;
    for (JsonNode v : flinkJob.path("vertices")) {
      allRunning &= "RUNNING".equals(v.path("status").asText());
    }
    return allRunning;
  }

  /**
   * A job is RUNNING before its tasks are: the TaskManager is killed only once they run on it, else
   * they would simply be deployed on the next one, with nothing to restart.
   */
  static void awaitTasksRunning(Http flink, String flinkJobId) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (Instant.now().isBefore(deadline)) {
      if (allTasksRunning(flink.get("/jobs/" + flinkJobId).body())) {
        return;
      }
      Platform.sleep(500);
    }
    throw new AssertionError("The tasks of Flink job " + flinkJobId + " did not all run in 1m");
  }
}
