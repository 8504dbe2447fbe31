package dev.sluice.server.ops.advice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryAdviceTest {
  private static final double MIB = 1024 * 1024;

  @Test
  void aFullHeapOrHeavyGarbageCollectionAsksForMoreHeap() {
    MemoryAdvice full = MemoryAdvice.of("tm-1", 460 * MIB, 500 * MIB, 12.0, null, null);
    assertThat(full.action()).isEqualTo("raise-heap");
    assertThat(full.heapUsedPercent()).isEqualTo(92.0);
    assertThat(full.reason())
        .isEqualTo(
            "Heap 92% used and garbage collection takes 12 ms of every second: raise"
                + " taskmanager.memory.task.heap.size (or taskmanager.memory.process.size).");
    assertThat(MemoryAdvice.of("tm-1", 100 * MIB, 500 * MIB, 150.0, null, null).action())
        .isEqualTo("raise-heap");
  }

  @Test
  void managedMemoryFullOrUnusedIsSaid() {
    MemoryAdvice full = MemoryAdvice.of("tm-1", 100 * MIB, 500 * MIB, 2.0, 250 * MIB, 256 * MIB);
    assertThat(full.action()).isEqualTo("raise-managed");
    assertThat(full.managedUsedPercent()).isEqualTo(97.7);
    MemoryAdvice unused = MemoryAdvice.of("tm-1", 100 * MIB, 500 * MIB, 2.0, 0.0, 256 * MIB);
    assertThat(unused.action()).isEqualTo("lower-managed");
    assertThat(unused.reason())
        .isEqualTo(
            "None of its 256 MiB of managed memory is used (the jobs keep their state on the"
                + " heap): lower taskmanager.memory.managed.fraction and give the memory to the"
                + " heap.");
    MemoryAdvice fine = MemoryAdvice.of("tm-1", 200 * MIB, 500 * MIB, 2.0, 100 * MIB, 256 * MIB);
    assertThat(fine.action()).isEqualTo("keep");
    assertThat(fine.reason()).isEqualTo("Heap 40% used, garbage collection 2 ms/s: enough memory.");
  }
}
