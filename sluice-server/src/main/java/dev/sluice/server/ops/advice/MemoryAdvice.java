package dev.sluice.server.ops.advice;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Memory advice for one TaskManager, from its heap use, GC time and managed memory (RocksDB's, when
 * the job keeps its state there).
 *
 * @param action {@code raise-heap}, {@code raise-managed}, {@code lower-managed} or {@code keep}
 * @param reason why, in one sentence, naming the Flink option to change
 */
public record MemoryAdvice(
    String taskManager,
    Double heapUsedPercent,
    Double gcTimeMsPerSecond,
    Double managedUsedPercent,
    String action,
    String reason) {
  static final double HEAP_FULL = 0.9;
  static final double GC_HEAVY_MS = 100;
  static final double MANAGED_FULL = 0.9;

  public MemoryAdvice {
    requireNonNull(taskManager, "taskManager is null");
    requireNonNull(action, "action is null");
    requireNonNull(reason, "reason is null");
  }

  /** The advice for a TaskManager's measured memory (any value may be unknown, as null). */
  public static MemoryAdvice of(
      String taskManager,
      Double heapUsed,
      Double heapMax,
      Double gcMsPerSecond,
      Double managedUsed,
      Double managedTotal) {
    Double heap = heapUsed != null && heapMax != null && heapMax > 0 ? heapUsed / heapMax : null;
    Double managed =
        managedUsed != null && managedTotal != null && managedTotal > 0
            ? managedUsed / managedTotal
            : null;
    Double heapPercent = heap == null ? null : round(heap * 100);
    Double managedPercent = managed == null ? null : round(managed * 100);
    Double gc = gcMsPerSecond == null ? null : round(gcMsPerSecond);
    if ((heap != null && heap >= HEAP_FULL) || (gc != null && gc >= GC_HEAVY_MS)) {
      return new MemoryAdvice(
          taskManager,
          heapPercent,
          gc,
          managedPercent,
          "raise-heap",
          String.format(
              Locale.ROOT,
              "Heap %s used and garbage collection takes %s ms of every second: raise"
                  + " taskmanager.memory.task.heap.size (or taskmanager.memory.process.size).",
              heapPercent == null ? "?" : Math.round(heapPercent) + "%",
              gc == null ? "?" : Math.round(gc)));
    }
    if (managed != null && managed >= MANAGED_FULL) {
      return new MemoryAdvice(
          taskManager,
          heapPercent,
          gc,
          managedPercent,
          "raise-managed",
          String.format(
              Locale.ROOT,
              "Managed memory is %d%% used (RocksDB's block cache and write buffers): raise"
                  + " taskmanager.memory.managed.fraction or taskmanager.memory.managed.size.",
              Math.round(managedPercent)));
    }
    if (managed != null && managedUsed == 0 && managedTotal >= 64L * 1024 * 1024) {
      return new MemoryAdvice(
          taskManager,
          heapPercent,
          gc,
          managedPercent,
          "lower-managed",
          String.format(
              Locale.ROOT,
              "None of its %d MiB of managed memory is used (the jobs keep their state on the"
                  + " heap): lower taskmanager.memory.managed.fraction and give the memory to the"
                  + " heap.",
              Math.round(managedTotal / (1024 * 1024))));
    }
    return new MemoryAdvice(
        taskManager,
        heapPercent,
        gc,
        managedPercent,
        "keep",
        String.format(
            Locale.ROOT,
            "Heap %s used, garbage collection %s ms/s: enough memory.",
            heapPercent == null ? "?" : Math.round(heapPercent) + "%",
            gc == null ? "?" : Math.round(gc)));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
