package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.offsets.index.PartitionIndex;
import io.kmirror.replicator.testing.TestFlows;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checkpoints are written only while the leadership term the cycle started in holds. */
class CheckpointWriterTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final MockProducer<byte[], byte[]> target =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final CheckpointWriter writer =
      new CheckpointWriter(FlowContext.of(TestFlows.flow("A", "B").build()), target);

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void aProcessThatStopsLeadingMidCycleWritesNoFurtherCheckpoint() {
    // Given three groups' changed positions, and leadership that moves after the first write
    Map<String, List<PartitionPlan>> plans = new LinkedHashMap<>();
    for (String group : List.of("g1", "g2", "g3")) {
      plans.put(group, List.of(plan(group)));
    }
    Deque<Boolean> leading = new ArrayDeque<>(List.of(true, false, false));

    // When the cycle writes
    writer.write(plans, context, leading::removeFirst);

    // Then only the checkpoint written while still leading went out
    assertThat(target.history()).hasSize(1);
  }

  @Test
  void aLeaderThroughoutTheCycleWritesEveryChangedCheckpoint() {
    Map<String, List<PartitionPlan>> plans = new LinkedHashMap<>();
    for (String group : List.of("g1", "g2", "g3")) {
      plans.put(group, List.of(plan(group)));
    }

    writer.write(plans, context, () -> true);

    assertThat(target.history()).hasSize(3);
  }

  private static PartitionPlan plan(String group) {
    return new PartitionPlan(
        group,
        new TopicPartition("orders", 0),
        new TopicPartition("A.orders", 0),
        10,
        "",
        MIRRORED.translate(10));
  }

  /** Source offsets 0..10 mirrored to target offsets 0..10. */
  private static final PartitionIndex MIRRORED = mirrored();

  private static PartitionIndex mirrored() {
    PartitionIndex index = new PartitionIndex();
    index.run(0, 0, 0);
    index.mark(11, 10, 10);
    return index;
  }
}
