package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The runs and high-water marks that exact offset translation is built from. */
class PartitionProgressMappingTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);
  private static final String ID = "kGx1Y2zQTm6bD0X3b1w2Aw";

  /** Records each run as {from, sourceStart, targetStart}, and the topic IDs they came with. */
  private static final class Runs implements OffsetMappingSink {
    final List<long[]> runs = new ArrayList<>();
    final List<String> topicIds = new ArrayList<>();

    @Override
    public void mapped(TopicPartition source, long sourceOffset, long targetOffset) {
      throw new AssertionError("the five-argument form is the one called");
    }

    @Override
    public void mapped(
        TopicPartition source, String topicId, long from, long sourceOffset, long targetOffset) {
      runs.add(new long[] {from, sourceOffset, targetOffset});
      topicIds.add(topicId);
    }

    @Override
    public boolean beforeProgress(Map<TopicPartition, HighWater> progress) {
      return true;
    }
  }

  @Test
  void eachRunCarriesThePositionRightAfterThePreviousAcknowledgedRecord() {
    // Given a stretch resuming from stored progress 100, with a marker at 103
    Runs sink = new Runs();
    PartitionProgress p = new PartitionProgress(TP, ID, "A.orders", 100, sink);
    p.beginBatch(100);
    for (int i = 0; i < 5; i++) {
      p.sending();
    }

    // When 100..102 land at 500..502 and 104..105 at 503..504
    p.completed(100, 500, null);
    p.completed(101, 501, null);
    p.completed(102, 502, null);
    p.completed(104, 503, null);
    p.completed(105, 504, null);

    // Then the first run starts the stretch at 100 and the second begins after 102, both tagged
    // with the ID of the topic the stretch reads
    assertThat(sink.runs).containsExactly(new long[] {100, 100, 500}, new long[] {103, 104, 503});
    assertThat(sink.topicIds).containsExactly(ID, ID);
  }

  @Test
  void highWaterIsTheLastAcknowledgedRecordAndTheCommittablePosition() {
    PartitionProgress p = new PartitionProgress(TP, ID, "A.orders", -1, new Runs());
    assertThat(p.highWater()).isEqualTo(new HighWater(-1, -1, -1, ID));
    p.beginBatch(10);
    p.sending();
    p.sending();

    p.completed(10, 70, null);
    assertThat(p.highWater()).isEqualTo(new HighWater(11, 10, 70, ID));

    p.completed(12, 71, null);
    p.polledUpTo(14);
    assertThat(p.highWater())
        .as("idle: past the marker at 13")
        .isEqualTo(new HighWater(14, 12, 71, ID));
  }
}
