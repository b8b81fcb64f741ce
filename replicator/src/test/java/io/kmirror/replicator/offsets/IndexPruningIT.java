package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.flow.OffsetTopics;
import io.kmirror.replicator.offsets.index.OffsetIndex;
import io.kmirror.replicator.offsets.index.PartitionIndex;
import io.kmirror.replicator.offsets.index.Translation;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.OffsetFlows;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.replicator.testing.Transactions;
import io.kmirror.topology.Flow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The offset index stays bounded on a running flow: once the source's log start moves past runs,
 * the next pruning pass writes tombstones for exactly the run keys below the runs still needed, and
 * every offset the source still holds translates exactly, in the running process (checkpoints and
 * group sync) and for anyone who reads the index topic afresh. A deleted source topic loses its
 * entries.
 */
@ExtendWith(KafkaClusterExtension.class)
class IndexPruningIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final TopicPartition P0 = new TopicPartition("ledger", 0);
  private static final TopicPartition P1 = new TopicPartition("ledger", 1);
  private static final TopicPartition SCRATCH = new TopicPartition("scratch", 0);

  /** 60 transactions of 4 records per partition, every fifth aborted: offsets 0..299. */
  private static final int TRANSACTIONS = 60;

  private static final long END = TRANSACTIONS * 5;

  /**
   * Inside committed transaction 32 (160..163, marker 164), and on transaction 40's abort marker.
   */
  private static final Map<TopicPartition, Long> LOG_START = Map.of(P0, 161L, P1, 204L);

  private static final Map<String, String> TOPIC_IDS = new HashMap<>();

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  @Test
  void runsBelowTheSourceLogStartAreTombstonedAndEveryOffsetAboveStaysExact() throws Exception {
    // Given a transactional topic with one run per transaction, and a plain one, both mirrored
    Transactions.write(
        clusters.a(),
        clusters.adminA(),
        "ledger",
        2,
        new Transactions.Pattern(TRANSACTIONS, 4, t -> t % 5 == 0));
    Records.createTopic(clusters.adminA(), "scratch", 1, Map.of());
    assertThat(sourceEnds()).as("5 offsets per transaction").isEqualTo(Map.of(P0, END, P1, END));
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = 0; i < 20; i++) {
        producer.send(new ProducerRecord<>("scratch", 0, "k", "scratch-" + i));
      }
    }
    Flow flow = OffsetFlows.flow(TestFlows.flow("A", "B").topics("ledger", "scratch"), "g-ix-.*");
    topicId("ledger");
    topicId("scratch");
    try (OffsetFlows flows =
        OffsetFlows.start(
            flow, Replicators.FAST.withIndexPruneInterval(Duration.ofSeconds(1)), clusters)) {
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> mirroredUpTo(flow, P0) >= END && mirroredUpTo(flow, P1) >= END);
      OffsetIndex before = freshIndex(flow);
      Map<TopicPartition, Integer> runsBefore = new HashMap<>();
      for (TopicPartition tp : List.of(P0, P1)) {
        runsBefore.put(tp, before.partition(tp).orElseThrow().runs());
        assertThat(runsBefore.get(tp)).as("a run per transaction after a gap").isGreaterThan(40);
        assertThat(before.translate(tp, 150).kind()).isEqualTo(Translation.Kind.EXACT);
      }

      // When the log start moves past most transactions, and the plain topic is deleted
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      LOG_START.forEach((tp, start) -> delete.put(tp, RecordsToDelete.beforeOffset(start)));
      clusters.adminA().deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
      clusters.adminA().deleteTopics(List.of("scratch")).all().get(30, TimeUnit.SECONDS);

      // Then the index topic ends with a tombstone for each run key below the runs still needed,
      // and for every key of the deleted topic
      await().atMost(WAIT).untilAsserted(() -> assertTombstoned(flow, runsBefore));

      // And a fresh reader translates every offset the source holds exactly, and none below
      OffsetIndex index = freshIndex(flow);
      for (TopicPartition tp : List.of(P0, P1)) {
        SideBySide side =
            SideBySide.read(clusters.a(), clusters.b(), "ledger", "A.ledger", tp.partition());
        for (long x = LOG_START.get(tp); x <= END; x++) {
          assertThat(index.translate(tp, x).target())
              .as("committed %d on %s", x, tp)
              .hasValue(side.expected(x));
        }
        assertThat(index.translate(tp, 150).kind()).isEqualTo(Translation.Kind.BELOW_INDEX);
      }

      // And the running process, which pruned its own index, checkpoints groups exactly
      Map<TopicPartition, Long> committed = Map.of(P0, LOG_START.get(P0), P1, LOG_START.get(P1));
      assertCheckpointed("g-ix-start", committed);
      assertCheckpointed("g-ix-later", Map.of(P0, 164L, P1, 250L));
      assertCheckpointed("g-ix-end", Map.of(P0, END, P1, END));
    }
  }

  private static void assertTombstoned(Flow flow, Map<TopicPartition, Integer> runsBefore)
      throws Exception {
    OffsetIndex index = freshIndex(flow);
    Map<String, byte[]> topic = indexTopic(flow);
    for (TopicPartition tp : List.of(P0, P1)) {
      PartitionIndex partition = index.partition(tp).orElseThrow();
      long kept = partition.firstRunStart().getAsLong();
      assertThat(partition.runs()).isLessThan(runsBefore.get(tp));
      assertThat(kept)
          .as("the run covering the log start")
          .isLessThanOrEqualTo(LOG_START.get(tp) + 1);
      assertThat(runKeys(topic, flow, tp, true)).allMatch(k -> k < kept).hasSizeGreaterThan(20);
      assertThat(runKeys(topic, flow, tp, false)).allMatch(k -> k >= kept);
    }
    assertThat(index.partitions()).doesNotContain(SCRATCH);
    assertThat(runKeys(topic, flow, SCRATCH, false)).isEmpty();
    assertThat(topic).containsEntry(key(flow, SCRATCH, "mark@" + topicId("scratch")), null);
  }

  /** The source topic's ID, as the index's keys name it; remembered past the topic's deletion. */
  private static String topicId(String topic) throws Exception {
    if (!TOPIC_IDS.containsKey(topic)) {
      TOPIC_IDS.put(topic, Records.topicId(clusters.adminA(), topic));
    }
    return TOPIC_IDS.get(topic);
  }

  private static Map<TopicPartition, Long> sourceEnds() throws Exception {
    Map<TopicPartition, Long> ends = new HashMap<>();
    clusters
        .adminA()
        .listOffsets(Map.of(P0, OffsetSpec.latest(), P1, OffsetSpec.latest()))
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /** Waits until B's checkpoints (read by Apache's library) and B's idle group are exact. */
  private void assertCheckpointed(String group, Map<TopicPartition, Long> offsets)
      throws Exception {
    Records.commit(clusters.adminA(), group, offsets);
    Map<TopicPartition, Long> expected = new HashMap<>();
    for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
      int p = e.getKey().partition();
      expected.put(
          new TopicPartition("A.ledger", p),
          SideBySide.read(clusters.a(), clusters.b(), "ledger", "A.ledger", p)
              .expected(e.getValue()));
    }
    OnTarget.awaitCheckpointed(clusters, group, expected, WAIT);
  }

  /** The flow's index as a new reader builds it from the topic. */
  private static OffsetIndex freshIndex(Flow flow) throws Exception {
    try (OffsetTranslator translator =
        new OffsetTranslator(
            FlowContext.of(flow),
            new IndexReader(
                flow.id(), OffsetTopics.index(flow), OnTarget.bytesConsumer(clusters.b())))) {
      return translator.refresh(Duration.ofSeconds(30));
    }
  }

  private static long mirroredUpTo(Flow flow, TopicPartition tp) throws Exception {
    if (!clusters
        .adminB()
        .listTopics()
        .names()
        .get(30, TimeUnit.SECONDS)
        .contains(OffsetTopics.index(flow))) {
      return -1;
    }
    return freshIndex(flow).partition(tp).map(PartitionIndex::mirroredUpTo).orElse(-1L);
  }

  /** The index topic as compaction would leave it: each key's last value, null for a tombstone. */
  private static Map<String, byte[]> indexTopic(Flow flow) {
    return OnTarget.lastValues(clusters.b(), new TopicPartition(OffsetTopics.index(flow), 0), WAIT);
  }

  /**
   * The run keys of {@code tp} whose last record is a tombstone, or a value; every one names the
   * source topic's ID.
   */
  private static List<Long> runKeys(
      Map<String, byte[]> topic, Flow flow, TopicPartition tp, boolean tombstoned)
      throws Exception {
    String prefix = key(flow, tp, "run/");
    String suffix = "@" + topicId(tp.topic());
    List<String> keys =
        topic.entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix) && (e.getValue() == null) == tombstoned)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(keys).allMatch(k -> k.endsWith(suffix));
    return keys.stream()
        .map(k -> Long.parseLong(k.substring(prefix.length(), k.length() - suffix.length())))
        .toList();
  }

  private static String key(Flow flow, TopicPartition tp, String suffix) {
    return flow.id() + "/" + tp.topic() + "/" + tp.partition() + "/" + suffix;
  }
}
