package dev.sluice.engine.flink.jar;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.InstantiationUtil;

/**
 * Runs in a JVM of its own, started by {@link JarCompiler}: builds a jar job's program through
 * Flink's {@code PackagedProgram} path (its {@code main} runs here, with an environment that
 * captures the job instead of running it) and writes the job graph, a description of its operators,
 * or the program's error. Only Flink's classes and this one are on its class path.
 *
 * <p>Arguments: the request (a properties file) and the output directory.
 */
public final class JarGraphMain {
  static final String GRAPH = "jobgraph.bin";
  static final String DESCRIPTION = "graph.tsv";
  static final String ERROR = "error.txt";

  private JarGraphMain() {}

  public static void main(String[] argv) throws IOException {
    Properties request = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(argv[0]))) {
      request.load(in);
    }
    Path out = Path.of(argv[1]);
    try {
      build(request, out);
      System.exit(0);
    } catch (Throwable e) {
      Files.writeString(out.resolve(ERROR), message(e), StandardCharsets.UTF_8);
      System.exit(2);
    }
  }

  private static void build(Properties request, Path out) throws Exception {
    Configuration config = new Configuration();
    for (String key : request.stringPropertyNames()) {
      if (key.startsWith("conf.")) {
        config.setString(key.substring(5), request.getProperty(key));
      }
    }
    int count = Integer.parseInt(request.getProperty("args.count", "0"));
    String[] args = new String[count];
    for (int i = 0; i < count; i++) {
      args[i] = request.getProperty("args." + i);
    }
    int parallelism = Integer.parseInt(request.getProperty("parallelism", "-1"));
    PackagedProgram program =
        PackagedProgram.newBuilder()
            .setJarFile(new File(request.getProperty("jar")))
            .setEntryPointClassName(request.getProperty("entryClass"))
            .setArguments(args)
            .setConfiguration(config)
            .build();
    Pipeline pipeline =
        PackagedProgramUtils.getPipelineFromProgram(program, config, parallelism, true);
    if (!(pipeline instanceof StreamGraph streamGraph)) {
      throw new IllegalArgumentException(
          "The program builds a " + pipeline.getClass().getSimpleName() + ", not a streaming job");
    }
    streamGraph.setJobName(request.getProperty("jobName"));
    JobGraph jobGraph =
        streamGraph.getJobGraph(
            program.getUserCodeClassLoader(), JobID.fromHexString(request.getProperty("jobId")));
    Files.write(out.resolve(GRAPH), InstantiationUtil.serializeObject(jobGraph));
    Files.writeString(
        out.resolve(DESCRIPTION), describe(streamGraph, jobGraph), StandardCharsets.UTF_8);
  }

  /** Vertices, their operators (uid, and whether they keep state) and edges, a line each. */
  static String describe(StreamGraph streamGraph, JobGraph jobGraph) {
    Map<Integer, byte[]> hashes =
        new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(streamGraph);
    Map<OperatorID, StreamNode> nodes = new HashMap<>();
    Set<Integer> sources = new HashSet<>(streamGraph.getSourceIDs());
    for (StreamNode node : streamGraph.getStreamNodes()) {
      byte[] hash = hashes.get(node.getId());
      if (hash != null) {
        nodes.put(new OperatorID(hash), node);
      }
    }
    StringBuilder text = new StringBuilder();
    for (JobVertex vertex : jobGraph.getVerticesSortedTopologicallyFromSources()) {
      text.append(
          line(
              "V",
              vertex.getID().toHexString(),
              vertex.getName(),
              Integer.toString(vertex.getParallelism()),
              Integer.toString(vertex.getMaxParallelism())));
      List<OperatorIDPair> ids = new ArrayList<>(vertex.getOperatorIDs());
      for (int i = ids.size() - 1; i >= 0; i--) {
        OperatorID id = ids.get(i).getGeneratedOperatorID();
        StreamNode node = nodes.get(id);
        boolean stateful =
            node != null
                && (node.getStatePartitioners().length > 0 || sources.contains(node.getId()));
        String uid = node == null ? null : node.getTransformationUID();
        text.append(
            line(
                "O",
                vertex.getID().toHexString(),
                id.toHexString(),
                node == null ? "?" : node.getOperatorName(),
                uid == null ? "" : uid,
                stateful ? "1" : "0"));
      }
      for (JobEdge input : vertex.getInputs()) {
        text.append(
            line(
                "E",
                input.getSource().getProducer().getID().toHexString(),
                vertex.getID().toHexString(),
                String.valueOf(input.getShipStrategyName())));
      }
    }
    return text.toString();
  }

  private static String line(String... fields) {
    List<String> clean = new ArrayList<>();
    for (String f : fields) {
      clean.add(f.replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
    }
    return String.join("\t", clean) + "\n";
  }

  /** The program's own message: the deepest cause that says something. */
  static String message(Throwable e) {
    String best = e.toString();
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        String m = t.getMessage().strip();
        best =
            t.getClass().getName().startsWith("org.apache.flink.")
                ? m
                : t.getClass().getSimpleName() + ": " + m;
      }
    }
    return best;
  }
}
