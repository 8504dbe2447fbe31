package dev.sluice.sync;

import java.util.Arrays;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Row;

/**
 * A row's primary key as one text, so that all changes of a key reach the same sink subtask in the
 * order the source read them (a snapshot row and the later changes of the same key may be read by
 * different source subtasks).
 */
public final class RowKey implements KeySelector<Row, String> {
  private static final long serialVersionUID = 1L;

  private final int[] positions;

  public RowKey(int[] positions) {
    this.positions = positions.clone();
  }

  @Override
  public String getKey(Row row) {
    StringBuilder key = new StringBuilder();
    for (int p : positions) {
      Object v = row.getField(p);
      key.append(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v)).append('\u0000');
    }
    return key.toString();
  }
}
