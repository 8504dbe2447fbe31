package dev.sluice.engine.flink.state;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;

/** Reads which operators a savepoint (or retained checkpoint) holds state for, and how much. */
public final class SavepointReader {
  private SavepointReader() {}

  /**
   * The {@code _metadata} file of a savepoint or checkpoint (given as its directory or as the
   * file).
   *
   * @throws IllegalArgumentException when there is none
   */
  public static Path requireMetadata(String savepoint) {
    Path path = new Path(savepoint);
    Path metadata = path.getName().equals("_metadata") ? path : new Path(path, "_metadata");
    try {
      if (!metadata.getFileSystem().exists(metadata)) {
        throw new IllegalArgumentException(
            "No savepoint or checkpoint at "
                + savepoint
                + " (expected a directory holding _metadata)");
      }
      return metadata;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the savepoint at " + savepoint + ": " + e.getMessage());
    }
  }

  /** Operator id (hex) to state size in bytes, for every operator with state in the savepoint. */
  public static Map<String, Long> operatorState(String savepoint, ClassLoader classLoader) {
    Path metadata = requireMetadata(savepoint);
    try {
      FileSystem fs = metadata.getFileSystem();
      try (FSDataInputStream in = fs.open(metadata);
          DataInputStream data = new DataInputStream(in)) {
        CheckpointMetadata meta = Checkpoints.loadCheckpointMetadata(data, classLoader, savepoint);
        Map<String, Long> state = new LinkedHashMap<>();
        for (OperatorState op : meta.getOperatorStates()) {
          if (op.getNumberCollectedStates() > 0 || op.getCoordinatorState() != null) {
            state.put(op.getOperatorID().toHexString(), op.getStateSize());
          }
        }
        return state;
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "The savepoint at "
              + savepoint
              + " cannot be read ("
              + e.getMessage()
              + "): is it a Flink savepoint?");
    }
  }
}
