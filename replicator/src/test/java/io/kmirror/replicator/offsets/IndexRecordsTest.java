package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class IndexRecordsTest {

  private static final FlowId FLOW = new FlowId("A", "B");
  private static final TopicPartition TP = new TopicPartition("orders", 3);

  @Test
  void runsAndMarksParseBackFromWhatTheJournalWrites() {
    assertThat(
            IndexRecords.parse(
                FLOW, IndexRecords.runKey(FLOW, TP, 1204), IndexRecords.runValue(1200, 5678)))
        .contains(new IndexRecords.Run(TP, 1200, 1204, 5678));
    assertThat(
            IndexRecords.parse(
                FLOW, IndexRecords.markKey(FLOW, TP), IndexRecords.markValue(1300, 1299, 5773)))
        .contains(new IndexRecords.Mark(TP, 1300, 1299, 5773));
  }

  @Test
  void aNullValueIsTheTombstoneOfItsKey() {
    assertThat(IndexRecords.parse(FLOW, IndexRecords.runKey(FLOW, TP, 1204), null))
        .contains(new IndexRecords.RunTombstone(TP, 1204));
    assertThat(IndexRecords.parse(FLOW, IndexRecords.markKey(FLOW, TP), null))
        .contains(new IndexRecords.MarkTombstone(TP));
  }

  @Test
  void anotherFlowsRecordsAndMalformedOnesAreIgnored() {
    FlowId other = new FlowId("C", "B");
    assertThat(IndexRecords.parse(FLOW, IndexRecords.runKey(other, TP, 1204), null)).isEmpty();
    assertThat(IndexRecords.parse(FLOW, null, null)).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/run/x"), null)).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/run/7"), utf8("1 2 3"))).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/mark"), utf8("1 2"))).isEmpty();
    assertThat(IndexRecords.parse(FLOW, utf8("A->B/orders/3/other"), null)).isEmpty();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
