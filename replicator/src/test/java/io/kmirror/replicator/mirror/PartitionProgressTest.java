package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);

  private static PartitionProgress sentThree(long start, List<long[]> mappings) {
    PartitionProgress p =
        new PartitionProgress(
            TP, "", "A.orders", start, (tp, s, t) -> mappings.add(new long[] {s, t}));
    p.beginBatch(10);
    p.sending();
    p.sending();
    p.sending();
    return p;
  }

  @Test
  void nothingIsCommittableBeforeTheFirstAcknowledgementWhenStartIsUnknown() {
    PartitionProgress p = new PartitionProgress(TP, "", "A.orders", -1, OffsetMappingSink.NONE);
    assertThat(p.committable()).isEqualTo(-1);

    p.beginBatch(10);
    p.sending();
    assertThat(p.committable()).isEqualTo(10);
  }

  @Test
  void committableFollowsAcknowledgementsInOrder() {
    PartitionProgress p = sentThree(-1, new ArrayList<>());

    p.completed(10, 100, null);
    assertThat(p.committable()).isEqualTo(11);
    p.completed(11, 101, null);
    p.completed(12, 102, null);
    p.polledUpTo(14);
    assertThat(p.idle()).isTrue();
    assertThat(p.committable()).as("idle: the consumer's next offset, past a marker").isEqualTo(14);
  }

  @Test
  void nothingAtOrAfterAFailedRecordIsCommittableEvenIfALaterOneSucceeded() {
    PartitionProgress p = sentThree(-1, new ArrayList<>());

    p.completed(10, 100, null);
    p.completed(11, -1, new RecordTooLargeException("too large"));
    p.completed(12, 102, null);
    p.polledUpTo(13);

    assertThat(p.failure().offset()).isEqualTo(11);
    assertThat(p.failure().recordTooLarge()).isTrue();
    assertThat(p.committable()).isEqualTo(11);
  }

  @Test
  void theEarliestFailureWins() {
    PartitionProgress p = sentThree(-1, new ArrayList<>());

    p.completed(12, -1, new TimeoutException("late"));
    p.completed(10, -1, new TimeoutException("early"));

    assertThat(p.failure().offset()).isEqualTo(10);
    assertThat(p.committable()).isEqualTo(10);
  }

  @Test
  void aMappingIsEmittedOnlyWhenTheOffsetDistanceChanges() {
    List<long[]> mappings = new ArrayList<>();
    PartitionProgress p = sentThree(-1, mappings);

    p.completed(10, 100, null);
    p.completed(11, 101, null);
    p.completed(12, 105, null);

    assertThat(mappings).extracting(m -> m[0] + "->" + m[1]).containsExactly("10->100", "12->105");
  }

  @Test
  void aConsumerResetBelowTheStoredStartRestartsTheEpochThere() {
    PartitionProgress p = new PartitionProgress(TP, "", "A.orders", 500, OffsetMappingSink.NONE);

    p.beginBatch(0);

    assertThat(p.committable()).isEqualTo(0);
  }
}
