package io.kmirror.replicator.offsets.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class IndexRecordsTest {

  private static final FlowId FLOW = new FlowId("A", "B");
  private static final TopicPartition TP = new TopicPartition("orders", 3);
  private static final String ID = "kGx1Y2zQTm6bD0X3b1w2Aw";

  @Test
  void runsAndMarksParseBackFromWhatTheJournalWritesWithTheTopicId() {
    assertThat(
            IndexRecords.parse(
                FLOW, IndexRecords.runKey(FLOW, TP, ID, 1204), IndexRecords.runValue(1200, 5678)))
        .contains(new IndexRecords.Run(TP, ID, 1200, 1204, 5678));
    assertThat(
            IndexRecords.parse(
                FLOW, IndexRecords.markKey(FLOW, TP, ID), IndexRecords.markValue(1300, 1299, 5773)))
        .contains(new IndexRecords.Mark(TP, ID, 1300, 1299, 5773));
  }

  @Test
  void theTopicIdIsTheLastFieldOfTheKeyAndTheValuesStayAsTheyWere() {
    assertThat(text(IndexRecords.runKey(FLOW, TP, ID, 1204)))
        .isEqualTo("A->B/orders/3/run/1204@kGx1Y2zQTm6bD0X3b1w2Aw");
    assertThat(text(IndexRecords.markKey(FLOW, TP, ID)))
        .isEqualTo("A->B/orders/3/mark@kGx1Y2zQTm6bD0X3b1w2Aw");
    assertThat(text(IndexRecords.runValue(1200, 5678))).isEqualTo("1200 5678");
    assertThat(text(IndexRecords.markValue(1300, 1299, 5773))).isEqualTo("1300 1299 5773");
  }

  @Test
  void keysWrittenBeforeTopicIdsWereKeptParseWithTheUnknownId() {
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/run/1204"), utf8("1200 5678")))
        .contains(new IndexRecords.Run(TP, "", 1200, 1204, 5678));
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/mark"), utf8("1300 1299 5773")))
        .contains(new IndexRecords.Mark(TP, "", 1300, 1299, 5773));
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/run/1204"), null))
        .contains(new IndexRecords.RunTombstone(TP, "", 1204));
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/mark"), null))
        .contains(new IndexRecords.MarkTombstone(TP, ""));
    // And an unknown ID writes them the old way, so old and new readers agree on such keys
    assertThat(text(IndexRecords.runKey(FLOW, TP, "", 1204))).isEqualTo("A->B/orders/3/run/1204");
    assertThat(text(IndexRecords.markKey(FLOW, TP, ""))).isEqualTo("A->B/orders/3/mark");
  }

  @Test
  void aNullValueIsTheTombstoneOfItsKeyAndNamesItsTopicId() {
    assertThat(IndexRecords.parse(FLOW, IndexRecords.runKey(FLOW, TP, ID, 1204), null))
        .contains(new IndexRecords.RunTombstone(TP, ID, 1204));
    assertThat(IndexRecords.parse(FLOW, IndexRecords.markKey(FLOW, TP, ID), null))
        .contains(new IndexRecords.MarkTombstone(TP, ID));
  }

  @Test
  void anotherFlowsRecordsAndMalformedOnesAreIgnored() {
    FlowId other = new FlowId("C", "B");
    assertThat(IndexRecords.parse(FLOW, IndexRecords.runKey(other, TP, ID, 1204), null)).isEmpty();
    assertThat(IndexRecords.parse(FLOW, null, null)).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/run/x"), null)).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/run/x@" + ID), null)).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/run/7"), utf8("1 2 3"))).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/mark"), utf8("1 2"))).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/other"), null)).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/run/7@"), utf8("1 2"))).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/mark@a@b"), utf8("1 2 3"))).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/run@" + ID + "/7"), null)).isEmpty();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
