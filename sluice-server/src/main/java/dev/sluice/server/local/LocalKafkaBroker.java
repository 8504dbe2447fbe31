package dev.sluice.server.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller) for development, run as its
 * own JVM from the broker jars. Its own process keeps its Kafka client version away from the one
 * Flink's connector uses.
 */
public final class LocalKafkaBroker {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
  private static final String MARKER = "sluice.role=kafka";
  private final Path kafkaHome;
  private final Path workDir;
  private final int port;

  public LocalKafkaBroker(Path kafkaHome, Path workDir, int port) {
    this.kafkaHome = kafkaHome;
    this.workDir = workDir;
    this.port = port;
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public boolean alive() {
    return ChildProcesses.alive(pidFile(), MARKER).isPresent();
  }

  public synchronized void start() {
    if (alive() && listening()) {
      LOG.info("Adopting the local Kafka broker still running at {}", bootstrapServers());
      return;
    }
    stop();
    try {
      Files.createDirectories(workDir.resolve("log"));
      Path properties = workDir.resolve("server.properties");
      int controllerPort = freePort();
      Files.writeString(properties, config(controllerPort), StandardCharsets.UTF_8);
      Path logs = workDir.resolve("data");
      if (!Files.exists(logs.resolve("meta.properties"))) {
        run(
            List.of(
                "kafka.tools.StorageTool",
                "format",
                "--cluster-id=" + clusterId(),
                "--config=" + properties,
                "--ignore-formatted"));
      }
      Instant began = Instant.now();
      Process process =
          new ProcessBuilder(
                  ChildProcesses.javaBinary(),
                  "-Xms128m",
                  "-Xmx512m",
                  "-D" + MARKER,
                  "-Dkafka.logs.dir=" + workDir.resolve("log").toAbsolutePath(),
                  "-cp",
                  kafkaHome.toAbsolutePath() + "/*",
                  "kafka.Kafka",
                  properties.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(workDir.resolve("log/kafka.out").toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      Files.writeString(pidFile(), Long.toString(process.pid()));
      while (!listening()) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "The local Kafka broker exited; see "
                  + workDir.resolve("log/kafka.out").toAbsolutePath());
        }
        if (Duration.between(began, Instant.now()).toSeconds() > 60) {
          throw new IllegalStateException("The local Kafka broker did not start within 60 s");
        }
        Thread.sleep(200);
      }
      LOG.info(
          "Local Kafka broker (pid {}) ready at {} after {} ms",
          process.pid(),
          bootstrapServers(),
          Duration.between(began, Instant.now()).toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public synchronized void stop() {
    ChildProcesses.alive(pidFile(), MARKER).ifPresent(p -> ChildProcesses.stop(p, 30));
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      LOG.warn("Cannot delete {}", pidFile());
    }
  }

  private String config(int controllerPort) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@localhost:" + controllerPort,
        "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
        "advertised.listeners=PLAINTEXT://localhost:" + port,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + workDir.resolve("data").toAbsolutePath(),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true",
        "log.cleaner.dedupe.buffer.size=8388608",
        "");
  }

  private void run(List<String> args) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(ChildProcesses.javaBinary(), "-cp", kafkaHome.toAbsolutePath() + "/*"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("Kafka " + args.get(0) + " failed: " + out);
    }
  }

  private static String clusterId() {
    // A Kafka cluster id is 16 bytes in URL-safe base64 without padding; one starting with '-'
    // would read as an option, so draw again.
    while (true) {
      UUID u = UUID.randomUUID();
      byte[] bytes =
          java.nio.ByteBuffer.allocate(16)
              .putLong(u.getMostSignificantBits())
              .putLong(u.getLeastSignificantBits())
              .array();
      String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      if (Character.isLetterOrDigit(id.charAt(0))) {
        return id;
      }
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Path pidFile() {
    return workDir.resolve("kafka.pid");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
