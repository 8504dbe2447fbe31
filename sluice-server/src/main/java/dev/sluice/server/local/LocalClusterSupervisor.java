package dev.sluice.server.local;

import dev.sluice.engine.api.LocalCluster;
import dev.sluice.server.ops.alerts.Durations;
import dev.sluice.server.ops.metrics.TaskManagersSeen;
import dev.sluice.server.ops.recovery.EventLog;
import dev.sluice.server.ops.recovery.JobEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the local cluster's JobManager and TaskManager alive: one that dies is started again after
 * a backoff that doubles while it keeps dying (and starts over once it stayed up a while), each
 * death and start an event of the cluster, and a crash loop (too many restarts in a window) an
 * alert event. Jobs come back through Flink's own restart strategy once the TaskManager is there. A
 * process is only started when none of its role is alive, and nothing is started once {@link
 * #close} began. A TaskManager's death is also told as {@link TaskManagersSeen}, so that alert
 * rules on the TaskManager count see a gap shorter than the metrics interval.
 */
final class LocalClusterSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalClusterSupervisor.class);
  static final String SOURCE = "supervisor";

  private final LocalCluster cluster;
  private final long clusterId;
  private final EventLog events;
  private final SupervisorProperties properties;
  private final Clock clock;
  private final Consumer<TaskManagersSeen> taskManagers;
  private final Map<LocalCluster.Role, Watch> watches = new EnumMap<>(LocalCluster.Role.class);
  private ScheduledExecutorService timer;
  private volatile boolean closed;

  LocalClusterSupervisor(
      LocalCluster cluster,
      long clusterId,
      EventLog events,
      SupervisorProperties properties,
      Clock clock,
      Consumer<TaskManagersSeen> taskManagers) {
    this.cluster = cluster;
    this.taskManagers = taskManagers;
    this.clusterId = clusterId;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
    for (LocalCluster.Role role : LocalCluster.Role.values()) {
      watches.put(role, new Watch(clock.instant()));
    }
  }

  /** Looks at the processes every interval on a thread of its own. */
  synchronized void start() {
    if (timer != null || closed) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "local-cluster-supervisor");
              t.setDaemon(true);
              return t;
            });
    long every = properties.interval().toMillis();
    timer.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
    LOG.info(
        "Supervising the local Flink cluster every {}", Durations.format(properties.interval()));
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("Supervising the local Flink cluster failed: {}", e.toString());
    }
  }

  /** One look at both processes (the JobManager first: the TaskManager registers with it). */
  synchronized void check() {
    for (LocalCluster.Role role : LocalCluster.Role.values()) {
      if (closed) {
        return;
      }
      check(role, watches.get(role));
    }
  }

  private void check(LocalCluster.Role role, Watch w) {
    Instant now = clock.instant();
    OptionalLong pid = cluster.pid(role);
    if (pid.isPresent()) {
      w.pid = pid.getAsLong();
      if (w.downSince != null) {
        w.downSince = null; // started by someone else (an adopted cluster): it runs
      }
      if (w.failures > 0 && !now.isBefore(w.upSince.plus(properties.stableAfter()))) {
        w.failures = 0;
        if (w.crashLooping) {
          w.crashLooping = false;
          record(
              role,
              "crash-loop-ended",
              name(role)
                  + " (pid "
                  + w.pid
                  + ") has stayed up for "
                  + Durations.format(properties.stableAfter()),
              null,
              "healthy again");
        }
      }
      return;
    }
    if (w.downSince == null) {
      w.downSince = now;
      w.nextStartAt = now.plus(backoff(w.failures));
      record(
          role,
          "died",
          name(role) + (w.pid > 0 ? " (pid " + w.pid + ")" : "") + " is not running",
          "starting it again in " + Durations.format(backoff(w.failures)),
          null);
      seen(role, 0, now);
      LOG.warn("The local Flink {} is not running; starting it again", name(role));
    }
    if (now.isBefore(w.nextStartAt)) {
      return;
    }
    w.failures++;
    try {
      long started = cluster.restart(role);
      Instant at = clock.instant();
      Duration downFor = Duration.ofSeconds(Duration.between(w.downSince, at).toSeconds());
      w.pid = started;
      w.upSince = at;
      w.downSince = null;
      w.restarts.addLast(at);
      while (!w.restarts.isEmpty()
          && w.restarts.peekFirst().isBefore(at.minus(properties.crashLoopWithin()))) {
        w.restarts.removeFirst();
      }
      record(
          role,
          "restarted",
          name(role) + " was down for " + Durations.format(downFor),
          "started it again",
          "running as pid " + started);
      // No count is told here: a started process is not yet a registered TaskManager, and the
      // next collection counts it once Flink lists it.
      if (!w.crashLooping && w.restarts.size() >= properties.crashLoopRestarts()) {
        w.crashLooping = true;
        String what =
            name(role)
                + " restarted "
                + w.restarts.size()
                + " times within "
                + Durations.format(properties.crashLoopWithin());
        record(
            role,
            "crash-loop",
            what,
            "starting it again with a backoff of up to "
                + Durations.format(properties.maxBackoff()),
            "alert: the local cluster keeps losing its " + name(role) + "; see its log");
        LOG.error("ALERT: the local Flink {}; see its log", what);
      }
    } catch (RuntimeException e) {
      w.nextStartAt = now.plus(backoff(w.failures));
      record(
          role,
          "restart-failed",
          name(role) + " is not running",
          "tried to start it again",
          "failed: " + e.getMessage() + "; next try in " + Durations.format(backoff(w.failures)));
      LOG.warn("Could not start the local Flink {} again: {}", name(role), e.toString());
    }
  }

  /** The wait before the start after {@code failures} starts that did not stay up. */
  Duration backoff(int failures) {
    Duration d = properties.initialBackoff();
    for (int i = 0; i < failures && d.compareTo(properties.maxBackoff()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : d;
  }

  private void record(
      LocalCluster.Role role, String what, String seen, String action, String outcome) {
    String kind = (role == LocalCluster.Role.JOB_MANAGER ? "jobmanager." : "taskmanager.") + what;
    try {
      events.record(
          JobEvent.ofCluster(clusterId, SOURCE, kind, seen, action, outcome, clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("Could not record the event {}: {}", kind, e.toString());
    }
  }

  /** Tells how many TaskManagers live (the local cluster has one). */
  private void seen(LocalCluster.Role role, int count, Instant at) {
    if (role == LocalCluster.Role.TASK_MANAGER) {
      try {
        taskManagers.accept(new TaskManagersSeen(clusterId, count, at));
      } catch (RuntimeException e) {
        LOG.warn("Could not tell that {} TaskManagers live: {}", count, e.toString());
      }
    }
  }

  private static String name(LocalCluster.Role role) {
    return role == LocalCluster.Role.JOB_MANAGER ? "JobManager" : "TaskManager";
  }

  /**
   * Stops supervising: waits for a look under way to end, so that no process is started once this
   * returns (the cluster is about to be stopped).
   */
  @Override
  public void close() {
    closed = true;
    ScheduledExecutorService t;
    synchronized (this) {
      t = timer;
    }
    if (t != null) {
      t.shutdownNow();
      try {
        t.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What the supervisor knows of one process. */
  private static final class Watch {
    long pid = -1;
    Instant upSince;
    Instant downSince;
    Instant nextStartAt;
    int failures;
    boolean crashLooping;
    final Deque<Instant> restarts = new ArrayDeque<>();

    Watch(Instant now) {
      this.upSince = now;
    }
  }
}
