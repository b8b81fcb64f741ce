package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The runs and high-water marks that exact offset translation is built from. */
class PartitionProgressMappingTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);
  private static final String ID = "kGx1Y2zQTm6bD0X3b1w2Aw";

  @Test
  void eachRunCarriesThePositionRightAfterThePreviousAcknowledgedRecord() {
    // Given a stretch resuming from stored progress 100, with a marker at 103
    RecordedRuns sink = new RecordedRuns();
    PartitionProgress p = new PartitionProgress(TP, ID, "A.orders", 100, sink);
    p.beginBatch(100);
    Sends sent = Sends.of(p, 100, 101, 102, 104, 105);

    // When 100..102 land at 500..502 and 104..105 at 503..504
    sent.ack(100, 500);
    sent.ack(101, 501);
    sent.ack(102, 502);
    sent.ack(104, 503);
    sent.ack(105, 504);

    // Then the first run starts the stretch at 100 and the second begins after 102, both tagged
    // with the ID of the topic the stretch reads
    assertThat(sink.runs).containsExactly(ID + " 100 100->500", ID + " 103 104->503");
  }

  @Test
  void aStretchRestartedFromProgressStoredWithItsLastOffsetStartsItsFirstRunRightAfterIt() {
    // Given progress 100 stored with last mirrored offset 97 (98 and 99 are transaction markers)
    RecordedRuns sink = new RecordedRuns();
    PartitionProgress p = new PartitionProgress(TP, ID, "A.orders", 100, 97, sink);
    p.beginBatch(100);
    Sends sent = Sends.of(p, 100, 101, 103);

    // When 100 and 101 land at 500 and 501, and 103 at 502
    sent.ack(100, 500);
    sent.ack(101, 501);
    sent.ack(103, 502);

    // Then only the first run is widened, down to 98; reading still resumed at 100
    assertThat(sink.runs).containsExactly(ID + " 98 100->500", ID + " 102 103->502");
    assertThat(p.highWater()).isEqualTo(new HighWater(104, 103, 502, ID));
    assertThat(p.lastSourceBelow(p.highWater())).isEqualTo(103);
  }

  @Test
  void anUnknownOrUselessLastOffsetLeavesTheFirstRunAtTheStart() {
    // Given a value without a last offset, and one whose last offset is right below the start
    RecordedRuns unknown = new RecordedRuns();
    RecordedRuns adjacent = new RecordedRuns();
    PartitionProgress p = new PartitionProgress(TP, ID, "A.orders", 100, -1, unknown);
    PartitionProgress q = new PartitionProgress(TP, ID, "A.orders", 100, 99, adjacent);
    for (PartitionProgress each : List.of(p, q)) {
      each.beginBatch(100);
    }
    Sends sentP = Sends.of(p, 100);
    Sends sentQ = Sends.of(q, 100);

    // When 100 lands
    sentP.ack(100, 500);
    sentQ.ack(100, 500);

    // Then both first runs start at 100
    assertThat(unknown.runs).containsExactly(ID + " 100 100->500");
    assertThat(adjacent.runs).containsExactly(ID + " 100 100->500");
  }

  @Test
  void aConsumerResetBelowTheStartForgetsTheLastOffsetStoredWithIt() {
    // Given progress 100 with last 97, but the consumer returns 0 first (the topic was re-created)
    RecordedRuns sink = new RecordedRuns();
    PartitionProgress p = new PartitionProgress(TP, ID, "A.orders", 100, 97, sink);
    p.beginBatch(0);
    Sends.of(p, 0).ack(0, 500);

    assertThat(sink.runs).containsExactly(ID + " 0 0->500");
  }

  @Test
  void anEpochWithoutAcknowledgementsHandsOnTheLastOffsetItWasGiven() {
    // Given progress 100 stored with last 97, and a batch of only markers polled up to 102
    PartitionProgress p = new PartitionProgress(TP, ID, "A.orders", 100, 97, new RecordedRuns());
    p.beginBatch(100);
    p.polledUpTo(102);

    // Then the progress moves to 102 and 97 is still the last record below it on the target
    HighWater mark = p.highWater();
    assertThat(mark).isEqualTo(new HighWater(102, -1, -1, ID));
    assertThat(p.lastSourceBelow(mark)).isEqualTo(97);
    assertThat(
            new PartitionProgress(TP, ID, "A.orders", 100, new RecordedRuns())
                .lastSourceBelow(mark))
        .as("nothing given")
        .isEqualTo(-1);
  }

  @Test
  void highWaterIsTheLastAcknowledgedRecordAndTheCommittablePosition() {
    PartitionProgress p = new PartitionProgress(TP, ID, "A.orders", -1, new RecordedRuns());
    assertThat(p.highWater()).isEqualTo(new HighWater(-1, -1, -1, ID));
    p.beginBatch(10);
    Sends sent = Sends.of(p, 10, 12);

    sent.ack(10, 70);
    assertThat(p.highWater()).isEqualTo(new HighWater(11, 10, 70, ID));

    sent.ack(12, 71);
    p.polledUpTo(14);
    assertThat(p.highWater())
        .as("idle: past the marker at 13")
        .isEqualTo(new HighWater(14, 12, 71, ID));
  }
}
