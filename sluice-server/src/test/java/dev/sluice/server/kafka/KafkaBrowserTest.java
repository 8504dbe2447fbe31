package dev.sluice.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaBrowserTest {
  private static KafkaBrowser.Event at(int partition, long offset, long millis) {
    return new KafkaBrowser.Event(
        partition,
        offset,
        Instant.ofEpochMilli(millis),
        null,
        "v" + partition + "-" + offset,
        false);
  }

  @Test
  void latestPicksTheNewestAcrossPartitionsOldestFirst() {
    List<KafkaBrowser.Event> events =
        List.of(at(0, 7, 100), at(1, 3, 400), at(0, 8, 300), at(1, 4, 200), at(2, 0, 500));
    assertThat(KafkaBrowser.latest(events, 3))
        .extracting(KafkaBrowser.Event::value)
        .containsExactly("v0-8", "v1-3", "v2-0");
  }

  @Test
  void equalTimestampsKeepPartitionAndOffsetOrder() {
    List<KafkaBrowser.Event> events = List.of(at(1, 0, 100), at(0, 5, 100), at(0, 4, 100));
    assertThat(KafkaBrowser.latest(events, 10))
        .extracting(KafkaBrowser.Event::value)
        .containsExactly("v0-4", "v0-5", "v1-0");
  }

  @Test
  void fewerEventsThanTheLimitAreAllKept() {
    assertThat(KafkaBrowser.latest(List.of(at(0, 0, 1)), 20)).hasSize(1);
    assertThat(KafkaBrowser.latest(List.of(), 20)).isEmpty();
  }
}
