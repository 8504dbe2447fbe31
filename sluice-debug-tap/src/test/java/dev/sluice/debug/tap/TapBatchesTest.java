package dev.sluice.debug.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TapBatchesTest {
  private static final String ROW_1 = "{\"kind\":\"+I\",\"values\":[1]}";
  private static final String ROW_2 = "{\"kind\":\"+I\",\"values\":[2]}";
  private static final String ROW_3 = "{\"kind\":\"-U\",\"values\":[3]}";

  @Test
  void numbersBatchesFromZeroAndNamesTheirSender() {
    TapBatches batches = new TapBatches("big", new TapBatches.Sender(0, 2, "i1"));
    assertThat(batches.next()).isNull();
    batches.add(ROW_1);
    assertThat(batches.next())
        .isEqualTo(
            "{\"step\":\"big\",\"sender\":{\"subtask\":0,\"attempt\":2,\"instance\":\"i1\"},"
                + "\"batch\":0,\"rows\":["
                + ROW_1
                + "]}");
    batches.sent();
    batches.add(ROW_2);
    batches.add(ROW_3);
    assertThat(batches.next())
        .isEqualTo(
            "{\"step\":\"big\",\"sender\":{\"subtask\":0,\"attempt\":2,\"instance\":\"i1\"},"
                + "\"batch\":1,\"rows\":["
                + ROW_2
                + ","
                + ROW_3
                + "]}");
    batches.sent();
    assertThat(batches.isEmpty()).isTrue();
    assertThat(batches.next()).isNull();
  }

  @Test
  void aBatchWhosePostFailedIsSentAgainAsItWasAndLaterRowsWaitForTheNext() {
    TapBatches batches = new TapBatches("s", new TapBatches.Sender(0, 0, "i"));
    batches.add(ROW_1);
    String first = batches.next();
    batches.add(ROW_2); // taken while the first post is failing

    assertThat(batches.next()).isEqualTo(first);
    batches.sent();
    assertThat(batches.next())
        .isEqualTo(
            "{\"step\":\"s\",\"sender\":{\"subtask\":0,\"attempt\":0,\"instance\":\"i\"},"
                + "\"batch\":1,\"rows\":["
                + ROW_2
                + "]}");
  }

  @Test
  void aSinkStartedAgainByAFailoverCountsFromZeroUnderAnotherSender() {
    TapBatches before = new TapBatches("s", new TapBatches.Sender(0, 0, "a"));
    TapBatches after = new TapBatches("s", new TapBatches.Sender(0, 1, "b"));
    before.add(ROW_1);
    after.add(ROW_1);

    assertThat(after.next())
        .isEqualTo(
            "{\"step\":\"s\",\"sender\":{\"subtask\":0,\"attempt\":1,\"instance\":\"b\"},"
                + "\"batch\":0,\"rows\":["
                + ROW_1
                + "]}")
        .isNotEqualTo(before.next());
  }

  @Test
  void droppingForgetsTheUnsentBatchAndTheBufferedRows() {
    TapBatches batches = new TapBatches("s", new TapBatches.Sender(0, 0, "i"));
    batches.add(ROW_1);
    batches.next();
    batches.add(ROW_2);
    batches.drop();
    assertThat(batches.isEmpty()).isTrue();
    assertThat(batches.next()).isNull();
    assertThatThrownBy(batches::sent)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No batch of step s is being sent");
  }

  @Test
  void stepNamesAreQuotedAsJson() {
    TapBatches batches = new TapBatches("a\"b", new TapBatches.Sender(3, 0, "i"));
    batches.add(ROW_1);
    assertThat(batches.next()).startsWith("{\"step\":\"a\\\"b\",\"sender\":{\"subtask\":3,");
  }

  @Test
  void aSenderIsNeverNegative() {
    assertThatThrownBy(() -> new TapBatches.Sender(-1, 0, "i"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subtask and attempt are never negative (got -1, 0)");
  }
}
