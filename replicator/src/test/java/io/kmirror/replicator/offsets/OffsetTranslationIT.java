package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.ClusterSpec;
import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.mirror.MirrorSettings;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.OffsetFlows;
import io.kmirror.replicator.testing.PacedProducer;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.replicator.testing.Transactions;
import io.kmirror.topology.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// Over 300 lines on purpose: six end-to-end scenarios on one pair of clusters started once (the
// slow part); split, each file would start its own.
/**
 * Exact offset translation end to end: groups committed on A are translated to the target offset of
 * the first mirrored record at or above their offset, as read back by Apache's {@code
 * RemoteClusterUtils.translateOffsets} from kmirror's checkpoints and as committed to the idle
 * groups on B.
 */
@ExtendWith(KafkaClusterExtension.class)
class OffsetTranslationIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(
      @ClusterSpec(brokerConfig = "log.cleaner.backoff.ms=200") KafkaCluster first,
      KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  @Test
  void groupsAtTheHeadFarBehindAndNearTheStartAreExactWhileTheHeadMoves() throws Exception {
    // Given a stream flowing into A and mirrored with checkpoints and heartbeats
    Records.createTopic(clusters.adminA(), "live", 4, Map.of());
    try (PacedProducer producer = new PacedProducer(clusters.a(), "live", 4, 150_000, 400, 40);
        OffsetFlows flows = flows(OffsetFlows.flow("live", "g-live-.*"))) {
      await().atMost(WAIT).until(() -> minEnd("live", 4) >= 3000);

      // When groups commit near the start, far behind and at the head while it moves
      commit("g-live-start", "live", 4, p -> 3L);
      commit("g-live-behind", "live", 4, p -> 1000L);
      Map<Integer, Long> head = ends("live", 4);
      commit("g-live-head", "live", 4, head::get);

      // Then each translates exactly, through MM2's client library and on B's idle groups
      assertExact("g-live-start", "live", Map.of(0, 3L, 1, 3L, 2, 3L, 3, 3L));
      assertExact("g-live-behind", "live", Map.of(0, 1000L, 1, 1000L, 2, 1000L, 3, 1000L));
      assertExact("g-live-head", "live", head);
      assertThat(producer.done()).as("the head was still moving").isNotDone();

      // And heartbeats are written on A and mirrored to B, where MM2's library finds them
      Map<String, Object> bProps = Map.copyOf(clusters.b().clientProperties());
      await().atMost(WAIT).until(() -> RemoteClusterUtils.upstreamClusters(bProps).contains("A"));
    }
  }

  @Test
  void transactionMarkersAndAbortedRecordsTranslateToTheNextCommittedRecord() throws Exception {
    // Given committed and aborted transactions on A
    Transactions.write(
        clusters.a(),
        clusters.adminA(),
        "payments",
        2,
        new Transactions.Pattern(24, 5, t -> t % 3 == 1));
    try (OffsetFlows flows = flows(OffsetFlows.flow("payments", "g-tx-.*"))) {
      // When groups commit on markers, on aborted records, on records and at the end
      List<Long> gaps = SideBySide.gaps(clusters.a(), "payments", 0);
      List<Long> offsets = new ArrayList<>(gaps.subList(0, 8));
      offsets.addAll(List.of(0L, 3L, 20L, ends("payments", 2).get(0)));
      for (long x : offsets) {
        commit("g-tx-" + x, "payments", 2, p -> x);
      }

      // Then every one resumes exactly at the next committed record on B
      for (long x : offsets) {
        assertExact("g-tx-" + x, "payments", Map.of(0, x, 1, x));
      }
    }
  }

  @Test
  void compactionGapsTranslateToTheNextSurvivingRecord() throws Exception {
    // Given a compacted topic on A whose cleaner has removed overwritten records
    Records.createTopic(
        clusters.adminA(),
        "accounts",
        1,
        Map.of(
            "cleanup.policy", "compact",
            "segment.ms", "100",
            "min.cleanable.dirty.ratio", "0.01",
            "min.compaction.lag.ms", "0"));
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      int[] round = {0};
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(300))
          .until(
              () -> {
                for (int k = 0; k < 10; k++) {
                  producer.send(new ProducerRecord<>("accounts", 0, "k" + k, "v" + round[0] + k));
                }
                producer.flush();
                round[0]++;
                return SideBySide.gaps(clusters.a(), "accounts", 0).size() >= 20;
              });
    }
    List<Long> settled = awaitStableGaps();

    // When a flow (configs not copied, so B keeps every record) mirrors it and groups commit in
    // gaps
    TestFlows spec = TestFlows.flow("A", "B").topics("accounts").syncConfigs(false);
    try (OffsetFlows flows = flows(OffsetFlows.flow(spec, "g-acc-.*"))) {
      List<Long> offsets = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        offsets.add(settled.get(i * (settled.size() - 1) / 5));
      }
      offsets.add(ends("accounts", 1).get(0));
      for (long x : offsets) {
        commit("g-acc-" + x, "accounts", 1, p -> x);
      }

      // Then each resumes at the first surviving record at or after its offset
      for (long x : offsets) {
        assertExact("g-acc-" + x, "accounts", Map.of(0, x));
      }
    }
  }

  @Test
  void partitionsAddedOnTheSourceTranslateExactly() throws Exception {
    // Given a mirrored topic with two partitions
    Records.createTopic(clusters.adminA(), "growing", 2, Map.of());
    produce("growing", 0, 100, "g0-");
    produce("growing", 1, 100, "g1-");
    try (OffsetFlows flows = flows(OffsetFlows.flow("growing", "g-grow"))) {
      // When a third partition is added and filled, and the group commits on it
      clusters
          .adminA()
          .createPartitions(Map.of("growing", NewPartitions.increaseTo(3)))
          .all()
          .get(30, TimeUnit.SECONDS);
      Records.awaitLeaders(clusters.adminA(), "growing", 3);
      produce("growing", 2, 60, "g2-");
      commitOffsets("g-grow", Map.of(tp("growing", 0), 40L, tp("growing", 2), 25L));

      // Then the new partition translates exactly too
      assertExact("g-grow", "growing", Map.of(0, 40L, 2, 25L));
    }
  }

  @Test
  void afterACrashTheLastCopyOfDuplicatesIsChosen() throws Exception {
    // Given a flow that stores progress only every 1.5 s, killed mid-stream
    Records.createTopic(clusters.adminA(), "restart", 2, Map.of());
    TestFlows spec =
        TestFlows.flow("A", "B")
            .topics("restart")
            .consumer(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
    MirrorSettings m = Replicators.FAST.mirror();
    MirrorSettings slow =
        new MirrorSettings(
            m.pollTimeout(),
            Duration.ofMillis(1500),
            m.retryDelay(),
            m.stoppedRetryInterval(),
            m.catchUpTimeout(),
            m.closeTimeout());
    int total = 30_000;
    try (PacedProducer producer = new PacedProducer(clusters.a(), "restart", 2, total, 250, 40)) {
      OffsetFlows first = flows(OffsetFlows.flow(spec, "g-restart-.*"), slow);
      await().atMost(WAIT).until(() -> targetCount("A.restart", 2) >= 15_000);
      first.crash();

      // When a new process resumes from the stored progress and re-sends
      try (OffsetFlows second = flows(OffsetFlows.flow(spec, "g-restart-.*"))) {
        producer.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> targetCount("A.restart", 2) >= total);
        SideBySide p0 = SideBySide.read(clusters.a(), clusters.b(), "restart", "A.restart", 0);
        if (exactlyOnce()) {
          // Exactly-once: read_committed shows no duplicate; groups translate exactly all along.
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () ->
                      assertThat(
                              SideBySide.read(clusters.a(), clusters.b(), "restart", "A.restart", 0)
                                  .targetRecords())
                          .isEqualTo(p0.sourceRecords()));
          for (long x : List.of(0L, 7_000L, 7_050L)) {
            commitOffsets("g-restart-" + x, Map.of(tp("restart", 0), x));
            assertExact("g-restart-" + x, "restart", Map.of(0, x));
          }
          return;
        }
        assertThat(p0.targetRecords()).as("duplicates on B").isGreaterThan(p0.sourceRecords());
        long firstDuplicate = firstDuplicated("restart", "A.restart");

        // Then groups committed inside the duplicated stretch resume at its last copy
        for (long x :
            List.of(Math.max(0, firstDuplicate - 1), firstDuplicate, firstDuplicate + 50)) {
          commitOffsets("g-restart-" + x, Map.of(tp("restart", 0), x));
          assertExact("g-restart-" + x, "restart", Map.of(0, x));
        }
      }
    }
  }

  @Test
  void activeTargetGroupsAreLeftAloneAndNoTargetGroupMovesBackwards() throws Exception {
    // Given a mirrored topic, a group consuming it on B, and a group B already has further along
    Records.createTopic(clusters.adminA(), "guarded", 1, Map.of());
    produce("guarded", 0, 100, "gd-");
    try (OffsetFlows flows = flows(OffsetFlows.flow("guarded", "g-guard-.*"));
        ActiveGroup active = ActiveGroup.join(clusters.b(), "g-guard-active", "A.guarded")) {
      TopicPartition remote = tp("A.guarded", 0);
      Records.commit(clusters.adminB(), "g-guard-ahead", Map.of(remote, 90L));

      // When all three commit on A
      commitOffsets("g-guard-active", Map.of(tp("guarded", 0), 50L));
      commitOffsets("g-guard-ahead", Map.of(tp("guarded", 0), 30L));
      commitOffsets("g-guard-idle", Map.of(tp("guarded", 0), 60L));

      // Then the idle group is synced, and over further cycles the others keep what B has
      await().atMost(WAIT).until(() -> Long.valueOf(60).equals(onB("g-guard-idle").get(remote)));
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  onB("g-guard-active").isEmpty()
                      && Long.valueOf(90).equals(onB("g-guard-ahead").get(remote)));
      assertThat(flows.replicator().offsetStatus(OffsetFlows.flow("guarded", "g").id()))
          .satisfies(s -> assertThat(s.activeOnTarget()).isEqualTo(Set.of("g-guard-active")));
    }
  }

  /**
   * Whether the flows of this class mirror exactly once ({@link ExactlyOnceOffsetTranslationIT}).
   */
  boolean exactlyOnce() {
    return false;
  }

  private OffsetFlows flows(Flow flow) throws Exception {
    return flows(flow, Replicators.FAST.mirror());
  }

  private OffsetFlows flows(Flow flow, MirrorSettings mirror) throws Exception {
    return OffsetFlows.start(flow, mirror, clusters, exactlyOnce());
  }

  /**
   * Waits until B's checkpoints (read by Apache's library), B's idle group and kmirror's own
   * translator all give the exact answer for each committed offset of {@code group}.
   */
  private void assertExact(String group, String topic, Map<Integer, Long> committed) {
    String remote = "A." + topic;
    Map<TopicPartition, Long> expected = new TreeMap<>(OffsetTranslationIT::compare);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                committed.forEach(
                    (p, x) ->
                        expected.put(
                            tp(remote, p),
                            SideBySide.read(clusters.a(), clusters.b(), topic, remote, p)
                                .expected(x))));
    Map<String, Object> bProps = Map.copyOf(clusters.b().clientProperties());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<TopicPartition, Long> viaMm2 = new TreeMap<>(OffsetTranslationIT::compare);
              RemoteClusterUtils.translateOffsets(bProps, "A", group, Duration.ofSeconds(10))
                  .forEach((tp, om) -> viaMm2.put(tp, om.offset()));
              assertThat(viaMm2)
                  .as("RemoteClusterUtils.translateOffsets(%s)", group)
                  .isEqualTo(expected);
              assertThat(onB(group)).as("%s committed on B", group).isEqualTo(expected);
            });
  }

  private static int compare(TopicPartition x, TopicPartition y) {
    int byTopic = x.topic().compareTo(y.topic());
    return byTopic != 0 ? byTopic : Integer.compare(x.partition(), y.partition());
  }

  private Map<TopicPartition, Long> onB(String group) throws Exception {
    Map<TopicPartition, Long> offsets = new TreeMap<>(OffsetTranslationIT::compare);
    offsets.putAll(Records.committed(clusters.adminB(), group));
    return offsets;
  }

  private static TopicPartition tp(String topic, int partition) {
    return new TopicPartition(topic, partition);
  }

  private void commit(String group, String topic, int partitions, PartitionOffset offset)
      throws Exception {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      offsets.put(tp(topic, p), offset.at(p));
    }
    commitOffsets(group, offsets);
  }

  private void commitOffsets(String group, Map<TopicPartition, Long> offsets) throws Exception {
    Records.commit(clusters.adminA(), group, offsets);
  }

  @FunctionalInterface
  private interface PartitionOffset {
    long at(int partition);
  }

  private Map<Integer, Long> ends(String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      specs.put(tp(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new HashMap<>();
    clusters
        .adminA()
        .listOffsets(specs)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    return ends;
  }

  private long minEnd(String topic, int partitions) throws Exception {
    return ends(topic, partitions).values().stream().mapToLong(Long::longValue).min().orElse(0);
  }

  private long targetCount(String topic, int partitions) throws Exception {
    if (!clusters.adminB().listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
      return 0;
    }
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      specs.put(tp(topic, p), OffsetSpec.latest());
    }
    return clusters.adminB().listOffsets(specs).all().get(30, TimeUnit.SECONDS).values().stream()
        .mapToLong(i -> i.offset())
        .sum();
  }

  private void produce(String topic, int partition, int count, String prefix) {
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, partition, "k" + i, prefix + i));
      }
    }
  }

  /** The compacted topic's gaps once the cleaner has stopped changing them. */
  private List<Long> awaitStableGaps() {
    List<List<Long>> seen = new ArrayList<>();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              seen.add(SideBySide.gaps(clusters.a(), "accounts", 0));
              int n = seen.size();
              return n >= 3 && seen.get(n - 1).equals(seen.get(n - 3));
            });
    return seen.get(seen.size() - 1);
  }

  /** The source offset of the first record of partition 0 that is on B twice. */
  private long firstDuplicated(String topic, String remote) {
    Map<String, Integer> copies = new HashMap<>();
    SideBySide.readAll(clusters.b(), tp(remote, 0))
        .forEach(r -> copies.merge(r.value(), 1, Integer::sum));
    return SideBySide.readAll(clusters.a(), tp(topic, 0)).stream()
        .filter(r -> copies.getOrDefault(r.value(), 0) > 1)
        .mapToLong(r -> r.offset())
        .min()
        .orElseThrow();
  }
}
