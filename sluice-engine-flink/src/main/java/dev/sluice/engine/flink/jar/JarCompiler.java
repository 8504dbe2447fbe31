package dev.sluice.engine.flink.jar;

import dev.sluice.engine.api.ExplainResult;
import dev.sluice.engine.api.JobGraphView;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.artifacts.JarProgram;
import dev.sluice.engine.flink.cluster.StandaloneLocalCluster;
import dev.sluice.engine.flink.state.StableUids;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.util.InstantiationUtil;

/**
 * Builds a jar job's graph by running its program in a JVM of its own ({@link JarGraphMain}): the
 * program's {@code main} is the user's code, which never runs in the server. The child gets only
 * Flink's classes and the jar, a heap limit and a time limit; what it writes back is the job graph
 * (serialized user functions inside stay bytes here) and a description of its operators.
 */
public final class JarCompiler {
  /** Operators without a uid of their own: the program as a whole. */
  public static final String NO_UID = "operators without a uid";

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final String classPath;
  private final ClassLoader classLoader;

  /**
   * @param classPath the child JVM's class path: Flink's jars and the engine's own
   */
  public JarCompiler(String classPath, ClassLoader classLoader) {
    this.classPath = classPath;
    this.classLoader = classLoader;
  }

  /** The class path of the child from an engine directory (lib/ and the engine's jar). */
  public static String classPath(Path engineHome) {
    List<String> entries = new ArrayList<>();
    entries.add(engineHome.resolve("lib").toAbsolutePath() + "/*");
    try (Stream<Path> files = Files.list(engineHome.resolve("compiler"))) {
      files
          .filter(f -> f.getFileName().toString().startsWith("sluice-engine-flink"))
          .map(f -> f.toAbsolutePath().toString())
          .forEach(entries::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** A built job: its graph, the graph as users see it, and the owners of its operators. */
  public record Built(
      JobGraph jobGraph, ExplainResult explain, Map<String, StableUids.Owner> owners) {}

  public Built build(JarProgram program, String jobId) {
    Path dir;
    try {
      dir = Files.createTempDirectory("sluice-jar-job-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Properties request = new Properties();
      request.setProperty("jar", program.jar());
      request.setProperty("entryClass", program.entryClass());
      request.setProperty("jobId", jobId);
      request.setProperty("jobName", program.jobName());
      if (program.parallelism() != null) {
        request.setProperty("parallelism", program.parallelism().toString());
      }
      request.setProperty("args.count", Integer.toString(program.args().size()));
      for (int i = 0; i < program.args().size(); i++) {
        request.setProperty("args." + i, program.args().get(i));
      }
      program.configuration().forEach((k, v) -> request.setProperty("conf." + k, v));
      Path requestFile = dir.resolve("request.properties");
      try (OutputStream out = Files.newOutputStream(requestFile)) {
        request.store(out, null);
      }
      run(requestFile, dir, program);
      JobGraph jobGraph =
          InstantiationUtil.deserializeObject(
              Files.readAllBytes(dir.resolve(JarGraphMain.GRAPH)), classLoader);
      return describe(
          jobGraph,
          Files.readString(dir.resolve(JarGraphMain.DESCRIPTION), StandardCharsets.UTF_8),
          program);
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("The jar job's graph could not be read back: " + e, e);
    } finally {
      delete(dir);
    }
  }

  private void run(Path requestFile, Path dir, JarProgram program) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(StandaloneLocalCluster.JAVA_17_OPTIONS);
    command.add("-Dlog4j2.level=WARN");
    command.add("-cp");
    command.add(classPath);
    command.add(JarGraphMain.class.getName());
    command.add(requestFile.toString());
    command.add(dir.toString());
    Path log = dir.resolve("output.log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw problem(
            program,
            "The program did not build its job within "
                + TIMEOUT.toSeconds()
                + " s: its main must build the job and call execute(), not wait or run it");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (process.exitValue() != 0) {
      Path error = dir.resolve(JarGraphMain.ERROR);
      String message =
          Files.exists(error)
              ? Files.readString(error, StandardCharsets.UTF_8)
              : "the JVM building it exited with " + process.exitValue() + ": " + tail(log);
      throw problem(
          program, "The program of " + program.artifact() + " did not build a job: " + message);
    }
  }

  private static ScriptException problem(JarProgram program, String message) {
    return new ScriptException(List.of(new Problem(0, 1, 1, message)));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  /** The description the child wrote, as the graph users see and the restore plan's owners. */
  static Built describe(JobGraph jobGraph, String description, JarProgram program) {
    Map<String, List<JobGraphView.Operator>> operators = new LinkedHashMap<>();
    List<String[]> vertices = new ArrayList<>();
    List<JobGraphView.Edge> edges = new ArrayList<>();
    Map<String, StableUids.Owner> owners = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    Map<String, String> vertexNames = new LinkedHashMap<>();
    for (String line : description.split("\n")) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "V" -> {
          vertices.add(f);
          vertexNames.put(f[1], f[2]);
        }
        case "O" -> {
          String uid = f[4].isEmpty() ? null : f[4];
          String key = uid == null ? NO_UID : "uid " + uid;
          owners.putIfAbsent(
              key,
              new StableUids.Owner(
                  uid == null ? key : uid,
                  key,
                  0,
                  uid == null ? NO_UID : "operator uid '" + uid + "'"));
          operators
              .computeIfAbsent(f[1], v -> new ArrayList<>())
              .add(new JobGraphView.Operator(f[2], f[3], uid, key));
          if (uid == null && f[5].equals("1")) {
            warnings.add(
                "Operator '"
                    + f[3]
                    + "' keeps state but has no uid: a change of the program can change its id,"
                    + " and its state is then lost; set .uid(\"...\") on it");
          }
        }
        case "E" -> edges.add(new JobGraphView.Edge(f[1], f[2], f[3]));
        default -> {}
      }
    }
    List<JobGraphView.Vertex> views = new ArrayList<>();
    for (String[] v : vertices) {
      views.add(
          new JobGraphView.Vertex(
              v[1],
              v[2],
              Integer.parseInt(v[3]),
              Integer.parseInt(v[4]),
              operators.getOrDefault(v[1], List.of())));
    }
    StringBuilder text =
        new StringBuilder("Jar job: " + program.entryClass() + " of " + program.artifact() + "\n");
    warnings.forEach(w -> text.append("WARNING: ").append(w).append('\n'));
    return new Built(
        jobGraph,
        new ExplainResult(new JobGraphView(views, edges), text.toString(), List.of()),
        owners);
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }
}
