package io.kmirror.replicator.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.metrics.LagSnapshot;
import io.kmirror.replicator.mirror.PartitionPosition;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final LagTracker tracker = new LagTracker(Duration.ofSeconds(60));

  @Test
  void lagIsEndMinusNextSummedPerTopicAndZeroSecondsWhenCaughtUp() {
    LagSnapshot s =
        tracker.update(
            1_000,
            1_010,
            Map.of(P0, new PartitionPosition(10, 500), P1, new PartitionPosition(7, 500)),
            Map.of(P0, 10L, P1, 12L));
    assertThat(s.topics().get("orders").records()).isEqualTo(5);
    assertThat(s.partitions()).isEqualTo(2);
    // P1 never caught up: its bound starts at the first record read since it was taken
    assertThat(s.topics().get("orders").millis()).isEqualTo(1_010 - 500);
    assertThat(s.caughtUpMillis()).isEqualTo(500);
  }

  @Test
  void theTimeBoundStartsWhenThePartitionWasLastSeenCaughtUp() {
    Map<TopicPartition, PartitionPosition> at10 = Map.of(P0, new PartitionPosition(10, 100));
    tracker.update(1_000, 1_000, at10, Map.of(P0, 10L));
    LagSnapshot behind = tracker.update(6_000, 6_000, at10, Map.of(P0, 15L));
    assertThat(behind.topics().get("orders")).isEqualTo(new LagSnapshot.TopicLag(5, 5_000));
    assertThat(behind.caughtUpMillis()).isEqualTo(1_000);

    LagSnapshot again =
        tracker.update(9_000, 9_000, Map.of(P0, new PartitionPosition(15, 100)), Map.of(P0, 15L));
    assertThat(again.topics().get("orders")).isEqualTo(new LagSnapshot.TopicLag(0, 0));
    assertThat(again.caughtUpMillis()).isEqualTo(9_000);
  }

  @Test
  void aSourceThatDoesNotAnswerKeepsTheLastEndAndTheBoundKeepsGrowing() {
    Map<TopicPartition, PartitionPosition> at10 = Map.of(P0, new PartitionPosition(10, 100));
    tracker.update(1_000, 1_000, at10, Map.of(P0, 12L));
    LagSnapshot blind = tracker.update(20_000, 20_000, at10, Map.of());
    assertThat(blind.topics().get("orders").records()).isEqualTo(2);
    assertThat(blind.topics().get("orders").millis()).isEqualTo(20_000 - 100);

    // and a caught-up partition is not called caught up at a time nobody answered
    Map<TopicPartition, PartitionPosition> at12 = Map.of(P0, new PartitionPosition(12, 100));
    tracker.update(21_000, 21_000, at12, Map.of(P0, 12L));
    LagSnapshot later = tracker.update(40_000, 40_000, at12, Map.of());
    assertThat(later.caughtUpMillis()).isEqualTo(21_000);
  }

  @Test
  void aPartitionBehindThatDoesNotMoveForTheThresholdIsStalled() {
    Map<TopicPartition, PartitionPosition> at10 = Map.of(P0, new PartitionPosition(10, 100));
    assertThat(tracker.update(0, 0, at10, Map.of(P0, 20L)).stalled()).isZero();
    assertThat(tracker.update(59_000, 59_000, at10, Map.of(P0, 20L)).stalled()).isZero();
    assertThat(tracker.update(60_000, 60_000, at10, Map.of(P0, 20L)).stalled()).isEqualTo(1);
    Map<TopicPartition, PartitionPosition> at11 = Map.of(P0, new PartitionPosition(11, 100));
    assertThat(tracker.update(61_000, 61_000, at11, Map.of(P0, 20L)).stalled()).isZero();
  }

  @Test
  void aPartitionNoLongerOwnedIsForgotten() {
    tracker.update(0, 0, Map.of(P0, new PartitionPosition(1, 0)), Map.of(P0, 5L));
    LagSnapshot none = tracker.update(1_000, 1_000, Map.of(), Map.of());
    assertThat(none.partitions()).isZero();
    assertThat(none.topics()).isEmpty();
    assertThat(none.caughtUpMillis()).isEqualTo(1_000);
  }
}
