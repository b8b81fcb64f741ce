package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.metrics.TopicSyncMeters.Operation;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input and faults: a down cluster, a topic the target refuses, a record too large. */
@ExtendWith(KafkaClusterExtension.class)
class FaultsIT {

  private static final FlowId GOOD = new FlowId("A", "B");
  private static final FlowId DOWN = new FlowId("X", "B");
  private static final String NOWHERE = "127.0.0.1:1";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @AutoClose private static ClusterPair clusters;
  @AutoClose private static Replicators replicator;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) throws Exception {
    clusters = ClusterPair.open(first, second);
    replicator =
        Replicators.start(
            TestFlows.topology(
                Map.of("X", NOWHERE),
                TestFlows.flow("A", "B").refresh(Duration.ofSeconds(1)).build(),
                TestFlows.flow("X", "B").refresh(Duration.ofSeconds(1)).build()),
            clusters);
  }

  @Test
  void anUnreachableClusterRetriesWithBackoffWhileOtherFlowsMirror() throws Exception {
    // Given a flow whose source cannot be reached, next to a healthy one
    Records.createTopic(clusters.adminA(), "healthy", 1, Map.of());
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      producer.send(new ProducerRecord<>("healthy", "k", "v")).get();
    }

    // Then the healthy flow mirrors
    assertThat(Records.readExactly(clusters.b(), "A.healthy", 1, WAIT)).hasSize(1);
    assertThat(replicator.replicator().status().get(GOOD).state())
        .isEqualTo(FlowStatus.State.RUNNING);

    // And the other keeps retrying, naming the cluster and its address
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              FlowStatus down = replicator.replicator().status().get(DOWN);
              assertThat(down.state()).isEqualTo(FlowStatus.State.RETRYING);
              assertThat(down.attempt()).isGreaterThanOrEqualTo(2);
              assertThat(down.lastError()).startsWith("cluster X at " + NOWHERE + " unreachable");
            });
  }

  @Test
  void aFlowWhoseWorkersDieRightAfterEachStartKeepsBackingOff() throws Exception {
    // Given a flow that starts (both clusters answer) but whose worker dies at once every time:
    // its consumer config is invalid (max.poll.records must be at least 1)
    FlowId crashing = new FlowId("C", "D");
    Topology topology =
        TestFlows.topology(
            TestFlows.flow("C", "D")
                .topics("nothing-matches")
                .consumer(Map.of("max.poll.records", "0"))
                .build());
    try (Replicators broken =
        Replicators.start(topology, Map.of("C", clusters.a(), "D", clusters.b()))) {
      // Then each retry waits longer than the one before (200 ms, 400 ms, 800 ms, 1.6 s, capped
      // at 2 s), so the attempt count keeps growing: a successful start alone is no recovery
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                FlowStatus status = broken.replicator().status().get(crashing);
                assertThat(status.attempt()).isGreaterThanOrEqualTo(4);
                assertThat(status.lastError()).contains("max.poll.records");
              });
    }
  }

  @Test
  void aTopicTheTargetRefusesIsSkippedWhileOthersAreMirrored() throws Exception {
    // Given a source topic whose remote name ("A." + 248 chars) is too long for the target
    String tooLong = "r".repeat(248);
    Records.createTopic(clusters.adminA(), tooLong, 1, Map.of());
    Records.createTopic(clusters.adminA(), "accepted", 1, Map.of());

    // Then the other topic is mirrored, and the refusal is counted as a failed create each time
    // a refresh tries it again, while no other change fails
    await()
        .atMost(WAIT)
        .until(() -> clusters.adminB().listTopics().names().get().contains("A.accepted"));
    FlowMetrics counters = replicator.replicator().counters(GOOD);
    long failed = counters.topicRefusals();
    await().atMost(WAIT).until(() -> counters.topicRefusals() > failed);
    assertThat(counters.topicSync().failures(Operation.CREATE)).isEqualTo(counters.topicRefusals());
    assertThat(counters.topicSync().successes(Operation.CREATE)).isGreaterThanOrEqualTo(1);
    assertThat(clusters.adminB().listTopics().names().get()).noneMatch(t -> t.endsWith(tooLong));
  }

  @Test
  void aRecordTooLargeForTheTargetStopsOnlyItsPartitionUntilTheLimitIsRaised() throws Exception {
    // Given a remote topic that accepts only small records, and a large record on partition 0
    Records.createTopic(clusters.adminB(), "A.big", 2, Map.of("max.message.bytes", "2000"));
    Records.createTopic(clusters.adminA(), "big", 2, Map.of());
    String small = "s".repeat(100);
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>("big", 0, "before-" + i, small));
      }
      producer.send(new ProducerRecord<>("big", 0, "large", "L".repeat(10_000)));
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>("big", 0, "after-" + i, small));
        producer.send(new ProducerRecord<>("big", 1, "other-" + i, small));
      }
    }

    // Then partition 1 is mirrored, partition 0 stops at the large record and stores no
    // progress beyond it
    List<ConsumerRecord<String, String>> target =
        Records.readExactly(clusters.b(), "A.big", 10, WAIT);
    assertThat(target.stream().filter(r -> r.partition() == 1)).hasSize(5);
    FlowMetrics counters = replicator.replicator().counters(GOOD);
    await().atMost(WAIT).until(() -> counters.partitionsStopped() == 1);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(storedProgress(new TopicPartition("big", 0))).isEqualTo(5L));
    assertThat(target.stream().filter(r -> r.partition() == 0).map(ConsumerRecord::key))
        .startsWith("before-0", "before-1", "before-2", "before-3", "before-4")
        .doesNotContain("large");

    // When the target's limit is raised
    ConfigResource remote = new ConfigResource(ConfigResource.Type.TOPIC, "A.big");
    clusters
        .adminB()
        .incrementalAlterConfigs(
            Map.of(
                remote,
                List.of(
                    new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", "1000000"),
                        AlterConfigOp.OpType.SET))))
        .all()
        .get();

    // Then the partition resumes from the large record: everything arrives
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(storedProgress(new TopicPartition("big", 0))).isEqualTo(11L));
    List<String> keys =
        Records.readAll(clusters.b(), "A.big").stream()
            .filter(r -> r.partition() == 0)
            .map(ConsumerRecord::key)
            .toList();
    int large = keys.indexOf("large");
    assertThat(keys.subList(large, keys.size()))
        .containsExactly("large", "after-0", "after-1", "after-2", "after-3", "after-4");
  }

  private static long storedProgress(TopicPartition tp) {
    return Records.storedProgress(clusters.b(), GOOD, tp);
  }
}
