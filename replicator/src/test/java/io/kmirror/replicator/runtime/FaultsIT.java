package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.metrics.TopicSyncMeters.Operation;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.LogLines;
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
              assertThat(down.lastError())
                  .hasValueSatisfying(
                      e -> assertThat(e).startsWith("cluster X at " + NOWHERE + " unreachable"));
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
                assertThat(status.lastError())
                    .hasValueSatisfying(e -> assertThat(e).contains("max.poll.records"));
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
    FlowMetrics counters = replicator.replicator().counters(GOOD);
    long stoppedBefore = counters.partitionsStopped();
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
    await().atMost(WAIT).until(() -> counters.partitionsStopped() == stoppedBefore + 1);
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

  @Test
  void aRecordWithATimestampTheTargetRefusesStopsOnlyItsPartitionOnceUntilTheTargetAcceptsIt()
      throws Exception {
    // Given a remote topic that refuses records more than an hour old, and five recent records
    // mirrored on partition 0
    Records.createTopic(
        clusters.adminB(), "A.stamped", 2, Map.of("message.timestamp.before.max.ms", "3600000"));
    Records.createTopic(clusters.adminA(), "stamped", 2, Map.of());
    TopicPartition stamped0 = new TopicPartition("stamped", 0);
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>("stamped", 0, "ok-" + i, "v")).get();
      }
    }
    await().atMost(WAIT).until(() -> storedProgress(stamped0) == 5L);
    FlowMetrics counters = replicator.replicator().counters(GOOD);
    long stoppedBefore = counters.partitionsStopped();
    long errorsBefore = counters.errors().count(ErrorMeters.Stage.PRODUCE);

    try (LogLines logs = LogLines.capture()) {
      // When a record two days old follows on partition 0, and partition 1 goes on
      long twoDaysAgo = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
      try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
        producer.send(new ProducerRecord<>("stamped", 0, twoDaysAgo, "old", "v"));
        for (int i = 0; i < 5; i++) {
          producer.send(new ProducerRecord<>("stamped", 0, "after-" + i, "v"));
          producer.send(new ProducerRecord<>("stamped", 1, "other-" + i, "v"));
        }
      }

      // Then partition 1 is mirrored, partition 0 stops at the old record: said once, counted,
      // listed in status, retried, and no progress past it
      assertThat(Records.readExactly(clusters.b(), "A.stamped", 10, WAIT))
          .filteredOn(r -> r.partition() == 1)
          .hasSize(5);
      await()
          .atMost(WAIT)
          .until(() -> counters.errors().count(ErrorMeters.Stage.PRODUCE) >= errorsBefore + 3);
      assertThat(counters.partitionsStopped()).isEqualTo(stoppedBefore + 1);
      assertThat(storedProgress(stamped0)).isEqualTo(5L);
      assertThat(logs.containing("topic=stamped partition=0 offset=5 event=partition-stopped"))
          .singleElement()
          .asString()
          .startsWith(
              "ERROR flow=A->B topic=stamped partition=0 offset=5 event=partition-stopped"
                  + " reason=\"target A.stamped refuses the record: InvalidTimestampException: ");
      assertThat(counters.incidents().stoppedPartitions())
          .extracting(s -> s.topic() + "/" + s.partition() + "@" + s.offset())
          .contains("stamped/0@5");
    }

    // When the target accepts old timestamps
    setTargetConfig("A.stamped", "message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));

    // Then the partition resumes from the old record, and nothing is missing (records in flight
    // behind the old one may have landed before it and appear again after it)
    await().atMost(WAIT).until(() -> storedProgress(stamped0) == 11L);
    List<String> keys =
        Records.readAll(clusters.b(), "A.stamped").stream()
            .filter(r -> r.partition() == 0)
            .map(ConsumerRecord::key)
            .toList();
    assertThat(keys.subList(0, 5)).containsExactly("ok-0", "ok-1", "ok-2", "ok-3", "ok-4");
    assertThat(keys.subList(keys.indexOf("old"), keys.size()))
        .containsExactly("old", "after-0", "after-1", "after-2", "after-3", "after-4");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(counters.incidents().stoppedPartitions())
                    .noneMatch(s -> s.topic().equals("stamped")));
  }

  private static void setTargetConfig(String topic, String key, String value) throws Exception {
    clusters
        .adminB()
        .incrementalAlterConfigs(
            Map.of(
                new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET))))
        .all()
        .get();
  }

  private static long storedProgress(TopicPartition tp) {
    return Records.storedProgress(clusters.b(), GOOD, tp);
  }
}
