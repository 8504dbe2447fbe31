package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The platform under test, started once per test run exactly as a user starts it ({@code ./sluice
 * start}) and shared by every test class: one server, one local Flink cluster, one Kafka broker.
 */
final class Platform {
  private static Platform instance;

  final Path launcher =
      Path.of(System.getProperty("sluice.launcher", "../sluice")).toAbsolutePath().normalize();
  final Path dataDir;
  final int port;
  final int flinkPort;
  final int kafkaPort;
  final Http http;
  private Process launcherProcess;
  private boolean stopped;

  private Platform() throws IOException {
    Path itDir = Path.of(System.getProperty("sluice.it.dir", "target/it")).toAbsolutePath();
    this.dataDir = itDir.resolve("data-" + System.currentTimeMillis());
    Files.createDirectories(dataDir);
    this.port = freePort();
    this.flinkPort = freePort();
    this.kafkaPort = freePort();
    this.http = new Http("http://localhost:" + port);
  }

  static synchronized Platform get() {
    if (instance != null && instance.stopped) {
      try {
        instance.start();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    } else if (instance == null) {
      try {
        instance = new Platform();
        instance.start();
        instance.plantCanary();
        Runtime.getRuntime().addShutdownHook(new Thread(instance::stopQuietly));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  /**
   * Stores the run's {@link SecretCanary} as a secret of project demo, before any test runs, so
   * that everything the tests receive from here on is searched for it.
   */
  private void plantCanary() {
    String value = SecretCanary.plant();
    Http.Response r =
        http.post(
            "/api/v1/secrets",
            Map.of("name", SecretCanary.NAME, "value", value, "project", "demo"));
    if (r.status() != 201) {
      throw new IllegalStateException("Could not plant the secret canary: " + r.raw());
    }
  }

  String kafkaBootstrap() {
    return "localhost:" + kafkaPort;
  }

  String flinkUrl() {
    return "http://localhost:" + flinkPort;
  }

  /** Starts (or restarts) the server; the local cluster and broker are adopted if still alive. */
  synchronized void start() throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            launcher.toString(),
            "start",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString());
    Map<String, String> env = pb.environment();
    env.put(
        "SLUICE_SERVER_ARGS",
        "--sluice.local-cluster.rest-port="
            + flinkPort
            + " --sluice.local-kafka.port="
            + kafkaPort
            + " --sluice.reconcile.interval=1s --sluice.reconcile.initial-delay=1s"
            + " --sluice.jobs.checkpoint-interval=2s"
            + " --sluice.ops.scaling.interval=5s --sluice.ops.scaling.initial-delay=5s"
            + " --sluice.ops.sync.discovery-interval=3s"
            + " --sluice.ops.sync.discovery-initial-delay=3s");
    env.put("SLUICE_JAVA_OPTS", "-Xmx768m");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("launcher.out").toFile()));
    launcherProcess = pb.start();
    stopped = false;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      if (!launcherProcess.isAlive()) {
        throw new IllegalStateException(
            "./sluice start exited with "
                + launcherProcess.exitValue()
                + "; see "
                + dataDir.resolve("launcher.out"));
      }
      if (http.isUp() && Files.exists(adminTokenFile())) {
        http.bearer(adminToken());
        return;
      }
      sleep(500);
    }
    throw new IllegalStateException(
        "The platform did not come up in 3 minutes; see " + dataDir.resolve("launcher.out"));
  }

  /** Where the first start wrote the admin's API token. */
  Path adminTokenFile() {
    return dataDir.resolve("admin.token");
  }

  /** The admin's API token that the first start created. */
  String adminToken() {
    try {
      return Files.readString(adminTokenFile()).trim();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The server's own pid, from the pid file the launcher writes. */
  long serverPid() throws IOException {
    return Long.parseLong(Files.readString(dataDir.resolve("server.pid")).trim());
  }

  /** Kills the server with SIGKILL, as a crash would, leaving the cluster and broker running. */
  synchronized void killServer() throws Exception {
    ProcessHandle server = ProcessHandle.of(serverPid()).orElseThrow();
    new ProcessBuilder("kill", "-9", Long.toString(server.pid())).inheritIO().start().waitFor();
    server.onExit().get(30, TimeUnit.SECONDS);
    launcherProcess.waitFor(30, TimeUnit.SECONDS);
  }

  /** Runs {@code ./sluice stop} and returns its exit code. */
  synchronized int stop() throws Exception {
    int rc = runWithEnv(List.of("bash", launcher.toString(), "stop"));
    if (launcherProcess != null) {
      launcherProcess.waitFor(90, TimeUnit.SECONDS);
    }
    stopped = true;
    return rc;
  }

  private int runWithEnv(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SLUICE_DATA_DIR", dataDir.toString());
    Process p = pb.start();
    p.getInputStream().transferTo(System.out);
    return p.waitFor();
  }

  /** Runs the CLI through the launcher, as a user would, and returns its exit code and output. */
  CliResult cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // As from the install's own directory, with the port the server was started on: the CLI finds
    // the server and the admin token the first start wrote, which the launcher gives it for that
    // server only.
    pb.environment().put("SLUICE_PORT", Integer.toString(port));
    pb.environment().put("SLUICE_DATA_DIR", dataDir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    SecretCanary.inspect("sluice " + String.join(" ", args), out);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new CliResult(p.exitValue(), out);
  }

  record CliResult(int exitCode, String output) {}

  /**
   * Processes this platform started (server, Flink JobManager and TaskManager, Kafka) still alive.
   */
  List<ProcessHandle> children() {
    String data = dataDir.toString();
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(
                        c ->
                            c.contains("sluice.role=")
                                && (c.contains(data) || c.contains(Integer.toString(port))))
                    .orElse(false))
        .toList();
  }

  private void stopQuietly() {
    try {
      if (!stopped) {
        stop();
      }
    } catch (Exception e) {
      // best effort at JVM exit
    }
  }

  /**
   * A port free now, below the kernel's ephemeral range (32768 and up): the cluster's and broker's
   * own sockets bind ephemeral ports while the platform starts, and one of them taking the port
   * picked for the server made a start fail now and then.
   */
  static int freePort() throws IOException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 200; i++) {
      int candidate = 20000 + random.nextInt(12000);
      try (ServerSocket socket = new ServerSocket(candidate)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
