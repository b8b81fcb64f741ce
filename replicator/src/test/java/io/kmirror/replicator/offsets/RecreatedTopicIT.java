package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.flow.OffsetTopics;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.offsets.index.OffsetIndex;
import io.kmirror.replicator.offsets.index.Translation;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.OffsetFlows;
import io.kmirror.replicator.testing.Records;
import io.kmirror.topology.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.mirror.Checkpoint;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A source topic deleted and created again under the same name, with no pruning pass in between
 * (pruning runs every 5 minutes): a group committed on the new topic is translated exactly, with
 * the new topic's runs, and never with the old topic's, which are still in the index until the new
 * topic's first entry. B's copy keeps the old topic's records (deletions are not synced by default)
 * and the new topic's records land after them, so the new topic's offset {@code X} is at {@code old
 * count + X} on B, while the old runs would answer {@code X}.
 */
@ExtendWith(KafkaClusterExtension.class)
class RecreatedTopicIT {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  @Test
  void aGroupOnATopicReCreatedWhileTheFlowWasDownIsRefusedThenTranslatedWithTheNewRunsOnly()
      throws Exception {
    // Given "reborn" (100 records on partition 0, 30 on partition 1) mirrored, a group
    // checkpointed on it, and the flow stopped
    Records.createTopic(clusters.adminA(), "reborn", 2, Map.of());
    produce("reborn", 0, 100, "old-0-");
    produce("reborn", 1, 30, "old-1-");
    String oldId = topicId("reborn");
    Flow flow = OffsetFlows.flow("reborn", "g-reborn-.*");
    try (OffsetFlows flows = OffsetFlows.start(flow, clusters)) {
      assertCopy("A.reborn", 0, values("old-0-", 100));
      assertCopy("A.reborn", 1, values("old-1-", 30));
      commit("g-reborn-old", Map.of(tp("reborn", 0), 60L, tp("reborn", 1), 10L));
      assertCheckpointed("g-reborn-old", Map.of(tp("A.reborn", 0), 60L, tp("A.reborn", 1), 10L));
    }

    // When it is deleted and created again with fewer records on 0 and more on 1, and a group
    // commits on the new topic, still without a pruning pass
    recreate("reborn", 2);
    produce("reborn", 0, 40, "new-0-");
    produce("reborn", 1, 80, "new-1-");
    String newId = topicId("reborn");
    assertThat(newId).isNotEqualTo(oldId);
    commit("g-reborn-new", Map.of(tp("reborn", 0), 25L, tp("reborn", 1), 50L));

    // Then, while the index still holds only the old topic, the group is refused, not translated
    // with the old runs (which would answer 25, and "not yet replicated" at 30, for 50)
    OffsetIndex stale = freshIndex(flow);
    assertThat(stale.topicId(tp("reborn", 0))).hasValue(oldId);
    assertThat(stale.translate(tp("reborn", 0), 25).target()).as("the old runs").hasValue(25);
    for (PartitionPlan plan : plan(flow, "g-reborn-new")) {
      assertThat(plan.translation().kind()).isEqualTo(Translation.Kind.RECREATED);
      assertThat(plan.targetOffset()).isEmpty();
      assertThat(plan.translation().reason())
          .startsWith(
              "not exactly translatable: the index is for an earlier topic of that name"
                  + " (re-created): it holds topic ID "
                  + oldId
                  + ", the source topic now has ID "
                  + newId);
    }

    // And once the flow runs again, the new topic is mirrored after the old records on B, and the
    // group is translated with the new topic's runs: checkpoints, B's group and a fresh reader
    try (OffsetFlows flows = OffsetFlows.start(flow, clusters)) {
      assertCopy("A.reborn", 0, concat(values("old-0-", 100), values("new-0-", 40)));
      assertCopy("A.reborn", 1, concat(values("old-1-", 30), values("new-1-", 80)));
      Map<TopicPartition, Long> exact = Map.of(tp("A.reborn", 0), 125L, tp("A.reborn", 1), 80L);
      assertCheckpointed("g-reborn-new", exact);
      assertEveryCheckpointWritten(
          "g-reborn-new", Map.of(tp("A.reborn", 0), 100L, tp("A.reborn", 1), 30L), exact);
      OffsetIndex index = freshIndex(flow);
      assertThat(index.topicId(tp("reborn", 0))).hasValue(newId);
      assertThat(plan(flow, "g-reborn-new"))
          .extracting(p -> p.targetOffset().getAsLong())
          .containsExactly(125L, 80L);

      // And a pruning pass then removes every key of the old topic and none of the new one
      assertThat(pruneOnce(flow).removedAnything()).isTrue();
      assertOnlyTheNewTopicsKeysLeft(flow, oldId, newId);
      assertThat(plan(flow, "g-reborn-new"))
          .extracting(p -> p.targetOffset().getAsLong())
          .containsExactly(125L, 80L);
    }
  }

  @Test
  void aTopicReCreatedWhileTheFlowRunsIsCheckpointedOnlyWithItsOwnRuns() throws Exception {
    // Given "phoenix" (100 records) mirrored by a running flow, a group checkpointed on it
    Records.createTopic(clusters.adminA(), "phoenix", 1, Map.of());
    produce("phoenix", 0, 100, "old-");
    Flow flow = OffsetFlows.flow("phoenix", "g-phoenix-.*");
    try (OffsetFlows flows = OffsetFlows.start(flow, clusters)) {
      assertCopy("A.phoenix", 0, values("old-", 100));
      commit("g-phoenix-old", Map.of(tp("phoenix", 0), 60L));
      assertCheckpointed("g-phoenix-old", Map.of(tp("A.phoenix", 0), 60L));

      // When it is deleted (the flow notices), created again with 40 records, and a group commits
      // on it at once, before the flow has mirrored the new topic
      FlowMetrics counters = flows.replicator().counters(flow.id());
      long deletedBefore = counters.topicsDeletedOnSource();
      clusters.adminA().deleteTopics(List.of("phoenix")).all().get(30, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> counters.topicsDeletedOnSource() == deletedBefore + 1);
      recreate("phoenix", 1);
      produce("phoenix", 0, 40, "new-");
      commit("g-phoenix-new", Map.of(tp("phoenix", 0), 25L));

      // Then B's group and the group's last checkpoint say 100 + 25, and no checkpoint ever
      // written for it came from the old topic's runs
      assertCopy("A.phoenix", 0, concat(values("old-", 100), values("new-", 40)));
      Map<TopicPartition, Long> exact = Map.of(tp("A.phoenix", 0), 125L);
      assertCheckpointed("g-phoenix-new", exact);
      assertEveryCheckpointWritten("g-phoenix-new", Map.of(tp("A.phoenix", 0), 100L), exact);
    }
  }

  /** Deletes {@code topic} if it exists and creates it again, empty, once the broker allows. */
  private static void recreate(String topic, int partitions) throws Exception {
    if (clusters.adminA().listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
      clusters.adminA().deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    }
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(() -> Records.createTopic(clusters.adminA(), topic, partitions, Map.of()));
  }

  private static String topicId(String topic) throws Exception {
    return Records.topicId(clusters.adminA(), topic);
  }

  /** {@code prefix0 .. prefix<count-1>}: the values {@link #produce} wrote. */
  private static List<String> values(String prefix, int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(prefix + i);
    }
    return values;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /** Waits until B's copy of partition {@code p} holds exactly {@code expected}, in order. */
  private static void assertCopy(String remote, int p, List<String> expected) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        SideBySide.readAll(clusters.b(), tp(remote, p)).stream()
                            .map(ConsumerRecord::value)
                            .toList())
                    .as("%s-%d on B", remote, p)
                    .isEqualTo(expected));
  }

  /**
   * Waits until B's checkpoints, read by Apache's library, and B's idle group equal {@code exact}.
   */
  private static void assertCheckpointed(String group, Map<TopicPartition, Long> exact) {
    OnTarget.awaitCheckpointed(clusters, group, exact, WAIT);
  }

  /**
   * Every checkpoint record of {@code group} in B's checkpoints topic (compaction has not run on
   * it: the topic is young), not only the last: none was ever computed with the old topic's runs.
   * Those answer at most the old topic's count on B ({@code X} below it, "not yet replicated" at
   * it); the new topic's runs answer above it: exactly, or "not yet replicated" at B's end while
   * the new records are still being mirrored.
   */
  private static void assertEveryCheckpointWritten(
      String group, Map<TopicPartition, Long> oldCount, Map<TopicPartition, Long> exact) {
    TopicPartition checkpoints = tp("A.checkpoints.internal", 0);
    List<Checkpoint> written = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : OnTarget.readAll(clusters.b(), checkpoints, WAIT)) {
      Checkpoint c = Checkpoint.deserializeRecord(r);
      if (c.consumerGroupId().equals(group)) {
        written.add(c);
      }
    }
    assertThat(written).isNotEmpty();
    assertThat(written)
        .allSatisfy(
            c ->
                assertThat(c.downstreamOffset())
                    .as("checkpoint %s", c)
                    .isGreaterThan(oldCount.get(c.topicPartition()))
                    .isLessThanOrEqualTo(exact.get(c.topicPartition())));
  }

  /** One pruning pass, as the running flow would make it every 5 minutes. */
  private static IndexPruner.Pass pruneOnce(Flow flow) throws Exception {
    Map<String, Object> config = new HashMap<>(clusters.b().clientProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        OffsetTranslator translator = translator(flow)) {
      return new IndexPruner(flow.id(), OffsetTopics.index(flow), clusters.adminA(), producer)
          .prune(translator, Duration.ofSeconds(30));
    }
  }

  /**
   * The index topic as compaction would leave it: every key naming the old topic's ID is a
   * tombstone, every key naming the new one holds a value, and no key names none.
   */
  private static void assertOnlyTheNewTopicsKeysLeft(Flow flow, String oldId, String newId) {
    Map<String, byte[]> last =
        OnTarget.lastValues(clusters.b(), tp(OffsetTopics.index(flow), 0), WAIT);
    String prefix = flow.id() + "/reborn/";
    List<String> keys = last.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    assertThat(keys).allMatch(k -> k.endsWith("@" + oldId) || k.endsWith("@" + newId));
    assertThat(keys).anyMatch(k -> k.endsWith("@" + oldId)).anyMatch(k -> k.endsWith("@" + newId));
    keys.forEach(
        k ->
            assertThat(last.get(k) == null)
                .as("%s is a tombstone", k)
                .isEqualTo(k.endsWith("@" + oldId)));
  }

  private static List<PartitionPlan> plan(Flow flow, String group) throws Exception {
    try (OffsetTranslator translator = translator(flow)) {
      return translator.plan(clusters.adminA(), List.of(group), Duration.ofSeconds(30));
    }
  }

  private static OffsetIndex freshIndex(Flow flow) throws Exception {
    try (OffsetTranslator translator = translator(flow)) {
      return translator.refresh(Duration.ofSeconds(30));
    }
  }

  private static OffsetTranslator translator(Flow flow) {
    return new OffsetTranslator(
        FlowContext.of(flow),
        new IndexReader(flow.id(), OffsetTopics.index(flow), OnTarget.bytesConsumer(clusters.b())));
  }

  private static void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
    Records.commit(clusters.adminA(), group, offsets);
  }

  private static void produce(String topic, int partition, int count, String prefix)
      throws Exception {
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, partition, "k" + i, prefix + i));
      }
      producer.flush();
    }
  }

  private static TopicPartition tp(String topic, int partition) {
    return new TopicPartition(topic, partition);
  }
}
