package dev.sluice.server.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.api.LocalCluster;
import dev.sluice.server.fakes.MutableClock;
import dev.sluice.server.ops.metrics.TaskManagersSeen;
import dev.sluice.server.ops.recovery.EventLog;
import dev.sluice.server.ops.recovery.JobEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LocalClusterSupervisorTest {
  private static final SupervisorProperties PROPERTIES =
      new SupervisorProperties(
          true,
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Duration.ofSeconds(8),
          Duration.ofMinutes(2),
          3,
          Duration.ofMinutes(10));

  private final MutableClock clock = new MutableClock();
  private final FakeLocalCluster cluster = new FakeLocalCluster();
  private final RecordingEvents events = new RecordingEvents();
  private final List<TaskManagersSeen> seen = new ArrayList<>();
  private final LocalClusterSupervisor supervisor =
      new LocalClusterSupervisor(cluster, 7, events, PROPERTIES, clock, seen::add);

  /** Looks once a second for the given time. */
  private void run(Duration d) {
    for (long s = 0; s < d.toSeconds(); s++) {
      supervisor.check();
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void aTaskManagerThatDiesIsStartedAgainAfterItsBackoffAndNeverTwice() {
    run(Duration.ofSeconds(5));
    assertThat(cluster.starts).isEmpty();

    cluster.kill(LocalCluster.Role.TASK_MANAGER);
    supervisor.check();
    assertThat(cluster.starts).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    supervisor.check();
    run(Duration.ofSeconds(30));

    assertThat(cluster.starts).containsExactly(LocalCluster.Role.TASK_MANAGER);
    assertThat(events.kinds()).containsExactly("taskmanager.died", "taskmanager.restarted");
    JobEvent died = events.events.get(0);
    assertThat(died.clusterId()).isEqualTo(7);
    assertThat(died.jobId()).isNull();
    assertThat(died.source()).isEqualTo("supervisor");
    assertThat(died.seen()).isEqualTo("TaskManager (pid 200) is not running");
    assertThat(died.action()).isEqualTo("starting it again in 1s");
    JobEvent restarted = events.events.get(1);
    assertThat(restarted.seen()).isEqualTo("TaskManager was down for 1s");
    assertThat(restarted.outcome()).isEqualTo("running as pid 201");
    // The death is told at once, not at the next collection; the start is not: the new process
    // counts once it has registered with Flink, which the next collection sees.
    assertThat(seen).containsExactly(new TaskManagersSeen(7, 0, died.at()));
  }

  @Test
  void aProcessThatKeepsDyingWaitsLongerEachTimeAndRaisesACrashLoopAlert() {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      cluster.kill(LocalCluster.Role.TASK_MANAGER);
      int before = cluster.starts.size();
      long waited = 0;
      while (cluster.starts.size() == before) {
        supervisor.check();
        clock.advance(Duration.ofSeconds(1));
        waited++;
      }
      waits.add(waited - 1);
    }

    assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 8L);
    assertThat(events.kinds()).contains("taskmanager.crash-loop");
    assertThat(events.kinds().stream().filter("taskmanager.crash-loop"::equals)).hasSize(1);
    JobEvent alert =
        events.events.stream()
            .filter(e -> e.kind().equals("taskmanager.crash-loop"))
            .findFirst()
            .orElseThrow();
    assertThat(alert.seen()).isEqualTo("TaskManager restarted 3 times within 10m");
    assertThat(alert.outcome())
        .isEqualTo("alert: the local cluster keeps losing its TaskManager; see its log");

    run(Duration.ofMinutes(3));
    assertThat(events.kinds()).endsWith("taskmanager.crash-loop-ended");
    cluster.kill(LocalCluster.Role.TASK_MANAGER);
    int before = cluster.starts.size();
    supervisor.check();
    clock.advance(Duration.ofSeconds(1));
    supervisor.check();
    assertThat(cluster.starts).hasSize(before + 1);
  }

  @Test
  void nothingIsStartedOnceSupervisionStopped() {
    supervisor.close();
    cluster.kill(LocalCluster.Role.JOB_MANAGER);
    cluster.kill(LocalCluster.Role.TASK_MANAGER);

    run(Duration.ofSeconds(30));

    assertThat(cluster.starts).isEmpty();
    assertThat(events.events).isEmpty();
  }

  @Test
  void aFailedStartIsTriedAgainWithBackoff() {
    cluster.failNextStarts = 2;
    cluster.kill(LocalCluster.Role.JOB_MANAGER);

    run(Duration.ofSeconds(20));

    assertThat(cluster.starts).containsExactly(LocalCluster.Role.JOB_MANAGER);
    assertThat(seen).isEmpty();
    assertThat(events.kinds())
        .containsExactly(
            "jobmanager.died",
            "jobmanager.restart-failed",
            "jobmanager.restart-failed",
            "jobmanager.restarted");
    assertThat(events.events.get(1).outcome()).isEqualTo("failed: no memory; next try in 2s");
  }

  /** Two processes whose deaths a test decides; a start gives the next pid. */
  private static final class FakeLocalCluster implements LocalCluster {
    final Map<Role, Long> pids =
        new EnumMap<>(Map.of(Role.JOB_MANAGER, 100L, Role.TASK_MANAGER, 200L));
    final List<Role> starts = new ArrayList<>();
    int failNextStarts;

    void kill(Role role) {
      pids.remove(role);
    }

    @Override
    public OptionalLong pid(Role role) {
      Long pid = pids.get(role);
      return pid == null ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    @Override
    public long restart(Role role) {
      Long alive = pids.get(role);
      if (alive != null) {
        return alive;
      }
      if (failNextStarts > 0) {
        failNextStarts--;
        throw new IllegalStateException("no memory");
      }
      starts.add(role);
      long pid = (role == Role.JOB_MANAGER ? 100 : 200) + starts.size();
      pids.put(role, pid);
      return pid;
    }

    @Override
    public void start() {}

    @Override
    public boolean alive() {
      return pids.size() == 2;
    }

    @Override
    public String restUrl() {
      return "http://localhost:8081";
    }

    @Override
    public Path savepointDir() {
      return Path.of("savepoints");
    }

    @Override
    public Path checkpointDir() {
      return Path.of("checkpoints");
    }

    @Override
    public void stop() {}
  }

  private static final class RecordingEvents implements EventLog {
    final List<JobEvent> events = new ArrayList<>();

    @Override
    public long record(JobEvent event) {
      events.add(event);
      return events.size();
    }

    @Override
    public List<JobEvent> ofJob(
        long jobId, long clusterId, java.time.Instant clusterSince, int limit) {
      return List.copyOf(events);
    }

    List<String> kinds() {
      return events.stream().map(JobEvent::kind).toList();
    }
  }
}
