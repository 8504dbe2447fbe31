package dev.sluice.debug.tap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;
import org.apache.flink.table.data.RowData;

/** Emits the sample rows once, in order, then finishes. */
final class RowsSourceFunction extends RichSourceFunction<RowData> {
  private final ArrayList<String> rows;
  private final DeserializationSchema<RowData> decoder;
  private volatile boolean running = true;

  RowsSourceFunction(List<String> rows, DeserializationSchema<RowData> decoder) {
    this.rows = new ArrayList<>(rows);
    this.decoder = decoder;
  }

  @Override
  public void open(Configuration parameters) throws Exception {
    decoder.open(
        RuntimeContextInitializationContextAdapters.deserializationAdapter(getRuntimeContext()));
  }

  @Override
  public void run(SourceContext<RowData> ctx) throws Exception {
    for (String row : rows) {
      if (!running) {
        return;
      }
      RowData value = decoder.deserialize(row.getBytes(StandardCharsets.UTF_8));
      if (value != null) {
        synchronized (ctx.getCheckpointLock()) {
          ctx.collect(value);
        }
      }
    }
  }

  @Override
  public void cancel() {
    running = false;
  }
}
