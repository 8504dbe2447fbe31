package dev.sluice.server.ops.quality;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/** The per-window values of the monitors, kept so that a window can be compared with a day ago. */
public interface QualityResultStore {
  /** One stored value; {@code value} is null where a window had none. */
  record Row(Instant windowStart, Instant windowEnd, String metric, String label, Double value) {}

  /** Stores a window's values; false (and nothing stored) if the window is already stored. */
  boolean insert(
      String monitor, Instant windowStart, Instant windowEnd, List<Row> rows, Instant at);

  /** The value of a series in the window that ended at {@code windowEnd}, if stored. */
  OptionalDouble value(String monitor, Instant windowEnd, String metric, String label);

  /** The newest window of a monitor: its values and when they were read. */
  record Latest(Instant receivedAt, List<Row> rows) {}

  /** The monitor's newest window, if any is stored. */
  java.util.Optional<Latest> latest(String monitor);

  /** The values of the newest {@code windows} windows, newest first. */
  List<Row> newest(String monitor, int windows);

  /** Drops what was stored before {@code before}. */
  void deleteBefore(Instant before);
}
