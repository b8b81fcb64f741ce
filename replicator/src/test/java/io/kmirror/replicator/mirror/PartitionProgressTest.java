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

  /** Records 10, 11 and 12 sent in one epoch. */
  private static Sends sentThree(long start, List<long[]> mappings) {
    PartitionProgress p =
        new PartitionProgress(
            TP, "", "A.orders", start, (tp, s, t) -> mappings.add(new long[] {s, t}));
    p.beginBatch(10);
    return Sends.of(p, 10, 11, 12);
  }

  @Test
  void nothingIsCommittableBeforeTheFirstAcknowledgementWhenStartIsUnknown() {
    PartitionProgress p = new PartitionProgress(TP, "", "A.orders", -1, OffsetMappingSink.NONE);
    assertThat(p.committable()).isEqualTo(-1);

    p.beginBatch(10);
    Sends.of(p, 10);
    assertThat(p.committable()).isEqualTo(10);
  }

  @Test
  void committableFollowsAcknowledgementsInOrder() {
    Sends sent = sentThree(-1, new ArrayList<>());
    PartitionProgress p = sent.progress();

    sent.ack(10, 100);
    assertThat(p.committable()).isEqualTo(11);
    sent.ack(11, 101);
    sent.ack(12, 102);
    p.polledUpTo(14);
    assertThat(p.idle()).isTrue();
    assertThat(p.committable()).as("idle: the consumer's next offset, past a marker").isEqualTo(14);
  }

  @Test
  void nothingAtOrAfterAFailedRecordIsCommittableEvenIfALaterOneSucceeded() {
    Sends sent = sentThree(-1, new ArrayList<>());
    PartitionProgress p = sent.progress();

    sent.ack(10, 100);
    sent.fail(11, new RecordTooLargeException("too large"));
    sent.ack(12, 102);
    p.polledUpTo(13);

    assertThat(p.failure().offset()).isEqualTo(11);
    assertThat(p.failure().recordTooLarge()).isTrue();
    assertThat(p.committable()).isEqualTo(11);
  }

  @Test
  void theEarliestFailureWins() {
    Sends sent = sentThree(-1, new ArrayList<>());
    PartitionProgress p = sent.progress();

    sent.fail(12, new TimeoutException("late"));
    sent.fail(10, new TimeoutException("early"));

    assertThat(p.failure().offset()).isEqualTo(10);
    assertThat(p.committable()).isEqualTo(10);
  }

  @Test
  void aMappingIsEmittedOnlyWhenTheOffsetDistanceChanges() {
    List<long[]> mappings = new ArrayList<>();
    Sends sent = sentThree(-1, mappings);

    sent.ack(10, 100);
    sent.ack(11, 101);
    sent.ack(12, 105);

    assertThat(mappings).extracting(m -> m[0] + "->" + m[1]).containsExactly("10->100", "12->105");
  }

  @Test
  void aBatchAcknowledgedBeforeTheOneSentAheadOfItCountsAsAFailureThere() {
    // Given 10..11 sent in a first batch and 12..14 in a second, on a partition the target has just
    // started to lead: it refused the first batch as "not leader" and appended the second
    List<long[]> mappings = new ArrayList<>();
    PartitionProgress p =
        new PartitionProgress(
            TP, "", "A.orders", -1, (tp, s, t) -> mappings.add(new long[] {s, t}));
    p.beginBatch(10);
    Sends sent = Sends.of(p, 10, 11, 12, 13, 14);

    // When the second batch is acknowledged first
    sent.ack(12, 0);
    sent.ack(13, 1);
    sent.ack(14, 2);

    // Then it counts for nothing: the partition failed at 11, nothing is committable past 10
    assertThat(p.failure().offset()).isEqualTo(11);
    assertThat(p.failure().cause())
        .isInstanceOf(OutOfOrderAcknowledgementException.class)
        .hasMessageContaining("orders-0 offset 12 before the copy of offset 11");
    assertThat(p.committable()).isEqualTo(10);
    assertThat(mappings).isEmpty();

    // And when the first batch finally expires, the rewind point is its first record
    sent.fail(10, new TimeoutException("expired"));
    sent.fail(11, new TimeoutException("expired"));
    assertThat(p.idle()).isTrue();
    assertThat(p.failure().offset()).isEqualTo(10);
    assertThat(p.committable()).isEqualTo(10);
  }

  @Test
  void aLateSuccessNeverMovesTheCommittablePositionPastARecordStillInFlight() {
    // Given 10..15 sent, acknowledged as 10, then 13 (ahead of 11 and 12), then 12, then 11
    PartitionProgress p = new PartitionProgress(TP, "", "A.orders", -1, OffsetMappingSink.NONE);
    p.beginBatch(10);
    Sends sent = Sends.of(p, 10, 11, 12, 13, 14, 15);

    sent.ack(10, 0);
    sent.ack(13, 3);
    assertThat(p.committable()).isEqualTo(11);
    sent.ack(12, 2);
    assertThat(p.committable()).as("12 came before 11 was acknowledged").isEqualTo(11);
    sent.ack(11, 1);
    sent.ack(14, 4);
    sent.ack(15, 5);

    // Then the epoch stops where order was last known to hold, and is rewound from there
    assertThat(p.failed()).isTrue();
    assertThat(p.committable()).isEqualTo(11);
  }

  @Test
  void aConsumerResetBelowTheStoredStartRestartsTheEpochThere() {
    PartitionProgress p = new PartitionProgress(TP, "", "A.orders", 500, OffsetMappingSink.NONE);

    p.beginBatch(0);

    assertThat(p.committable()).isEqualTo(0);
  }

  @Test
  void theReasonOfAFailureIsTheRefusedRecordNotTheBatchMateThatFailedWithIt() {
    Sends sent = sentThree(-1, new ArrayList<>());
    PartitionProgress p = sent.progress();

    // Given a batch 10..12 refused because of 11: its batch-mates fail with a generic error
    sent.fail(10, new org.apache.kafka.common.KafkaException("part of a batch which had ..."));
    sent.fail(11, new org.apache.kafka.common.errors.InvalidTimestampException("too old"));
    sent.fail(12, new org.apache.kafka.common.KafkaException("part of a batch which had ..."));

    // Then sending resumes no later than 10, but the reason is 11's refusal
    assertThat(p.failure().offset()).isEqualTo(10);
    assertThat(p.committable()).isEqualTo(10);
    assertThat(p.reason().offset()).isEqualTo(11);
    assertThat(p.reason().kind()).isEqualTo(SendErrorKind.REFUSED);
  }

  @Test
  void withOnlyRetriableFailuresTheReasonIsTheLowestFailure() {
    Sends sent = sentThree(-1, new ArrayList<>());
    sent.ack(10, 100);
    sent.fail(11, new TimeoutException("expired"));
    sent.fail(12, new TimeoutException("expired"));

    assertThat(sent.progress().reason().offset()).isEqualTo(11);
    assertThat(sent.progress().reason().kind()).isEqualTo(SendErrorKind.RETRIABLE);
  }

  @Test
  void anAcknowledgementBelowOneSeenBeforeMeansTheRemoteLogWasResetAndNothingFromItCounts() {
    // Given an earlier stretch acknowledged up to target offset 109
    PartitionProgress p = new PartitionProgress(TP, "", "A.orders", 10, OffsetMappingSink.NONE);
    p.carryHighestTarget(109);
    p.beginBatch(10);
    Sends sent = Sends.of(p, 10, 11);

    // When the target acknowledges 10 at offset 0: the remote topic was created again
    sent.ack(10, 0);
    sent.ack(11, 1);

    // Then the partition failed at 10 as a target reset, and nothing past 10 is committable
    assertThat(p.failure().offset()).isEqualTo(10);
    assertThat(p.reason().kind()).isEqualTo(SendErrorKind.TARGET_RESET);
    assertThat(p.committable()).isEqualTo(10);
  }
}
