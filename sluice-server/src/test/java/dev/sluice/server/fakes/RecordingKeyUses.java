package dev.sluice.server.fakes;

import dev.sluice.server.secrets.KeyUseRecorder;
import java.util.ArrayList;
import java.util.List;

/** Key uses kept in memory, as {@code job <id> (<flink job id>) used <key>}. */
public final class RecordingKeyUses implements KeyUseRecorder {
  private final List<String> uses = new ArrayList<>();

  @Override
  public synchronized void keyUsed(long jobId, String flinkJobId, String keyName) {
    uses.add("job " + jobId + " (" + flinkJobId + ") used " + keyName);
  }

  public synchronized List<String> uses() {
    return List.copyOf(uses);
  }
}
