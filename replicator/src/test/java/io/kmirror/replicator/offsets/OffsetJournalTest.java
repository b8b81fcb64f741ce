package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.mirror.HighWater;
import io.kmirror.replicator.mirror.ProgressGate;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The worker's offset-index writer keeps queues only for partitions it may still write. */
class OffsetJournalTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final MockProducer<byte[], byte[]> target =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final OffsetJournal journal =
      new OffsetJournal(
          new FlowId("A", "B"), "kmirror-offset-index.A.internal", target, Duration.ofSeconds(5));

  @Test
  void aGivenUpPartitionWhoseRunsAreWrittenLeavesNoQueueBehind() {
    // Given runs of two partitions, and progress for P0 written and acknowledged
    journal.mapped(P0, "id", 0, 0, 0);
    journal.mapped(P1, "id", 0, 0, 0);
    ProgressGate gate = journal.beginProgress(Map.of(P0, new HighWater(1, 0, 0, "id")));
    assertThat(gate.await()).isEqualTo(ProgressGate.State.ACKNOWLEDGED);

    // When both partitions are given up
    journal.forget(P0);
    journal.forget(P1);

    // Then P0's emptied queue is gone, and P1's runs, not written yet, are kept
    assertThat(journal.queuedPartitions()).isEqualTo(1);

    // And a partition owned again later gets a fresh queue
    journal.mapped(P0, "id", 1, 1, 1);
    assertThat(journal.queuedPartitions()).isEqualTo(2);
  }
}
