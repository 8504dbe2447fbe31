package dev.sluice.engine.flink.cluster;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.LocalCluster;
import dev.sluice.engine.api.LocalClusterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Flink standalone session cluster as two child JVMs, started the way Flink's shell scripts
 * do (without flink-dist): memory flags from {@code BashJavaUtils}, the module jars of {@code lib/}
 * as the classpath, one config directory. The processes are recorded in pid files so that a server
 * that crashed and came back adopts them instead of starting a second cluster.
 */
public final class StandaloneLocalCluster implements LocalCluster {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneLocalCluster.class);
  private static final String JOB_MANAGER =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
  private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** What Flink's default configuration passes to JVMs on Java 17. */
  /** The module openings Flink needs on Java 17 (its own scripts pass the same). */
  public static final List<String> JAVA_17_OPTIONS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final Path libDir;
  private final LocalClusterSpec spec;
  private final Path confDir;
  private final Path logDir;

  public StandaloneLocalCluster(Path engineHome, LocalClusterSpec spec) {
    this.libDir = engineHome.resolve("lib");
    this.spec = spec;
    this.confDir = spec.workDir().resolve("conf");
    this.logDir = spec.workDir().resolve("log");
  }

  @Override
  public synchronized void start() {
    if (alive() && responds()) {
      LOG.info("Adopting the local Flink cluster still running at {}", restUrl());
      return;
    }
    if (process("jobmanager").isPresent() && jobManagerResponds()) {
      // Only the TaskManager died while no server watched: its JobManager keeps the jobs, which
      // come back once a TaskManager registers again.
      LOG.info(
          "Adopting the local Flink JobManager at {}; its TaskManager is gone: starting it again",
          restUrl());
      restart(Role.TASK_MANAGER);
      awaitReady(Instant.now());
      return;
    }
    stop(); // a half-alive cluster from before (one process died): start afresh
    try {
      Files.createDirectories(confDir);
      Files.createDirectories(logDir);
      Files.createDirectories(checkpointDir());
      Files.createDirectories(savepointDir());
      writeConfig();
      Instant began = Instant.now();
      long jm = launch("jobmanager", JOB_MANAGER, "GET_JM_RESOURCE_PARAMS");
      long tm = launch("taskmanager", TASK_MANAGER, "GET_TM_RESOURCE_PARAMS");
      LOG.info("Started Flink JobManager (pid {}) and TaskManager (pid {})", jm, tm);
      awaitReady(began);
      LOG.info(
          "Local Flink cluster ready at {} after {} ms",
          restUrl(),
          Duration.between(began, Instant.now()).toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean alive() {
    return process("jobmanager").isPresent() && process("taskmanager").isPresent();
  }

  @Override
  public String restUrl() {
    return "http://localhost:" + spec.restPort();
  }

  @Override
  public Path savepointDir() {
    return spec.workDir().resolve("savepoints").toAbsolutePath();
  }

  @Override
  public Path checkpointDir() {
    return spec.workDir().resolve("checkpoints").toAbsolutePath();
  }

  @Override
  public synchronized void stop() {
    List<ProcessHandle> running = new ArrayList<>();
    process("taskmanager").ifPresent(running::add);
    process("jobmanager").ifPresent(running::add);
    running.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : running) {
      try {
        p.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Flink process {} did not exit in time; killing it", p.pid());
        p.destroyForcibly();
      }
    }
    deletePid("taskmanager");
    deletePid("jobmanager");
  }

  @Override
  public OptionalLong pid(Role role) {
    return process(name(role)).map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
  }

  @Override
  public synchronized long restart(Role role) {
    String name = name(role);
    Optional<ProcessHandle> alive = process(name).or(() -> orphan(name));
    if (alive.isPresent()) {
      writePid(name, alive.get().pid());
      return alive.get().pid();
    }
    if (!Files.exists(confDir.resolve("config.yaml"))) {
      throw new IllegalStateException("The local Flink cluster was never started");
    }
    try {
      long pid =
          role == Role.JOB_MANAGER
              ? launch(name, JOB_MANAGER, "GET_JM_RESOURCE_PARAMS")
              : launch(name, TASK_MANAGER, "GET_TM_RESOURCE_PARAMS");
      LOG.info("Started the Flink {} again (pid {})", name, pid);
      return pid;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(Role role) {
    return role == Role.JOB_MANAGER ? "jobmanager" : "taskmanager";
  }

  /**
   * A live process of the role started for this cluster's configuration whose pid file is missing
   * or stale (written over by a start that failed half-way): found by its command line.
   */
  private Optional<ProcessHandle> orphan(String role) {
    String marker = "sluice.role=flink-" + role;
    String config = confDir.toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains(marker) && c.contains(config))
                    .orElse(false))
        .findFirst();
  }

  private boolean jobManagerResponds() {
    try {
      new FlinkClusterClient(restUrl()).overview();
      return true;
    } catch (ClusterException e) {
      return false;
    }
  }

  private boolean responds() {
    try {
      return new FlinkClusterClient(restUrl()).overview().taskManagers() > 0;
    } catch (ClusterException e) {
      return false;
    }
  }

  private void awaitReady(Instant began) {
    while (Duration.between(began, Instant.now()).compareTo(START_TIMEOUT) < 0) {
      if (!alive()) {
        throw new IllegalStateException(
            "The local Flink cluster exited during start-up; see the logs in "
                + logDir.toAbsolutePath());
      }
      if (responds()) {
        return;
      }
      sleep(250);
    }
    throw new IllegalStateException(
        "The local Flink cluster did not become ready within "
            + START_TIMEOUT.toSeconds()
            + " s; see "
            + logDir.toAbsolutePath());
  }

  /** Flink's own Prometheus reporter, so that an existing Prometheus can scrape the cluster. */
  private String prometheusReporter() {
    if (spec.prometheusPorts().isEmpty()) {
      return "";
    }
    return "metrics.reporter.prom.factory.class:"
        + " org.apache.flink.metrics.prometheus.PrometheusReporterFactory\n"
        + "metrics.reporter.prom.port: "
        + spec.prometheusPorts()
        + "\n";
  }

  private void writeConfig() throws IOException {
    int rpcPort = freePort();
    String config =
        String.join(
                "\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + spec.restPort(),
                "jobmanager.memory.process.size: " + spec.jobManagerMemory(),
                "taskmanager.memory.process.size: " + spec.taskManagerMemory(),
                "taskmanager.numberOfTaskSlots: " + spec.taskSlots(),
                "parallelism.default: 1",
                "execution.checkpointing.dir: " + checkpointDir().toUri(),
                "execution.checkpointing.savepoint-dir: " + savepointDir().toUri(),
                "execution.checkpointing.num-retained: 3",
                "execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION",
                "jobmanager.execution.failover-strategy: region",
                "restart-strategy.type: exponential-delay",
                // A TaskManager that was killed is noticed after two heartbeats that cannot be
                // sent (heartbeat.rpc-failure-threshold): 10 s instead of 20 s.
                "heartbeat.interval: 5000",
                "web.submit.enable: false",
                "web.cancel.enable: true",
                "")
            + prometheusReporter();
    Files.writeString(confDir.resolve("config.yaml"), config, StandardCharsets.UTF_8);
    String log4j =
        String.join(
            "\n",
            "monitorInterval = 30",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "logger.akka.name = org.apache.pekko",
            "logger.akka.level = WARN",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "appender.main.name = MainAppender",
            "appender.main.type = RollingFile",
            // Flink's scripts use append = false; then the file is reopened and lost at shutdown.
            "appender.main.append = true",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.filePattern = ${sys:log.file}.%i",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "appender.main.policies.type = Policies",
            "appender.main.policies.size.type = SizeBasedTriggeringPolicy",
            "appender.main.policies.size.size = 50MB",
            "appender.main.strategy.type = DefaultRolloverStrategy",
            "appender.main.strategy.max = 5",
            "");
    Files.writeString(confDir.resolve("log4j.properties"), log4j, StandardCharsets.UTF_8);
  }

  private long launch(String role, String mainClass, String resourceCommand) throws IOException {
    List<String> resources = bashJavaUtils(resourceCommand);
    if (resources.size() < 2) {
      throw new IllegalStateException(
          "BashJavaUtils " + resourceCommand + " gave no result: " + resources);
    }
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(Arrays.asList(resources.get(0).trim().split("\\s+")));
    command.addAll(JAVA_17_OPTIONS);
    command.add("-Dlog.file=" + logDir.resolve(role + ".log").toAbsolutePath());
    command.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    command.add("-Dlog4j2.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    command.add("-Dsluice.role=flink-" + role);
    command.add("-classpath");
    command.add(libDir.toAbsolutePath() + "/*");
    command.add(mainClass);
    command.add("--configDir");
    command.add(confDir.toAbsolutePath().toString());
    for (String token : resources.get(1).trim().split("\\s+")) {
      if (!token.isEmpty()) {
        command.add(token);
      }
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(logDir.resolve(role + ".out").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    writePid(role, process.pid());
    return process.pid();
  }

  private List<String> bashJavaUtils(String command) throws IOException {
    List<String> cmd =
        List.of(
            javaBinary(),
            "-classpath",
            libDir.toAbsolutePath() + "/*",
            BASH_JAVA_UTILS,
            command,
            "--configDir",
            confDir.toAbsolutePath().toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IllegalStateException("BashJavaUtils " + command + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return output
        .lines()
        .filter(l -> l.startsWith(RESULT_PREFIX))
        .map(l -> l.substring(RESULT_PREFIX.length()))
        .toList();
  }

  private Optional<ProcessHandle> process(String role) {
    Path pid = pidFile(role);
    if (!Files.exists(pid)) {
      return Optional.empty();
    }
    try {
      long id = Long.parseLong(Files.readString(pid).trim());
      return ProcessHandle.of(id)
          .filter(ProcessHandle::isAlive)
          .filter(
              p ->
                  p.info()
                      .commandLine()
                      .map(c -> c.contains("sluice.role=flink-" + role))
                      .orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void writePid(String role, long pid) {
    try {
      Files.writeString(pidFile(role), Long.toString(pid));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path pidFile(String role) {
    return spec.workDir().resolve(role + ".pid");
  }

  private void deletePid(String role) {
    try {
      Files.deleteIfExists(pidFile(role));
    } catch (IOException e) {
      LOG.warn("Cannot delete {}", pidFile(role), e);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
