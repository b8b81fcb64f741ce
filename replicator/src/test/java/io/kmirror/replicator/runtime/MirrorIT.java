package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.Mirrored;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One A->B flow (prefix naming) on two embedded clusters, one replicator for the whole class. */
@ExtendWith(KafkaClusterExtension.class)
class MirrorIT {

  private static final FlowId FLOW = new FlowId("A", "B");
  private static final Duration REFRESH = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @AutoClose private static ClusterPair clusters;
  @AutoClose private static Replicators replicator;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) throws Exception {
    clusters = ClusterPair.open(first, second);
    // A topic that exists before the replicator starts, and one that must never be mirrored.
    Records.createTopic(clusters.adminA(), "before-start", 3, Map.of());
    Records.createTopic(clusters.adminA(), "excluded-topic", 1, Map.of());
    Flow flow = TestFlows.flow("A", "B").exclude("excluded-.*").refresh(REFRESH).build();
    replicator = Replicators.start(TestFlows.topology(flow), clusters);
  }

  @Test
  void recordsArriveWithExactKeyValueHeadersTimestampPartitionAndOrder() throws Exception {
    // Given records with keys, null keys, headers and explicit timestamps on three partitions
    List<ProducerRecord<String, String>> sent = new ArrayList<>();
    long t0 = Records.explicitTimestampBase();
    for (int i = 0; i < 300; i++) {
      int partition = i % 3;
      List<Header> headers =
          List.of(
              new RecordHeader("h1", ("v" + i).getBytes(StandardCharsets.UTF_8)),
              new RecordHeader("h1", "dup".getBytes(StandardCharsets.UTF_8)),
              new RecordHeader("empty", null));
      sent.add(
          new ProducerRecord<>(
              "before-start", partition, t0 + i, i % 10 == 0 ? null : "k" + i, "v" + i, headers));
    }
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (ProducerRecord<String, String> r : sent) {
        producer.send(r);
      }
    }

    // When they are mirrored
    List<ConsumerRecord<String, String>> source =
        Records.readExactly(clusters.a(), "before-start", 300, WAIT);
    List<ConsumerRecord<String, String>> target =
        Records.readExactly(clusters.b(), "A.before-start", 300, WAIT);

    // Then the target holds exactly the same records, partition by partition, in order
    Mirrored.assertSameRecords(source, target);
  }

  @Test
  void logAppendTimeSourceRecordsKeepTheSourceTimestamp() throws Exception {
    // Given a source topic whose broker stamps the time
    Records.createTopic(
        clusters.adminA(), "log-append", 1, Map.of("message.timestamp.type", "LogAppendTime"));
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      producer.send(new ProducerRecord<>("log-append", 0, 1L, "k", "v")).get();
    }
    ConsumerRecord<String, String> s =
        Records.readExactly(clusters.a(), "log-append", 1, WAIT).get(0);
    assertThat(s.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);

    // Then the mirrored record carries that timestamp as its create time
    ConsumerRecord<String, String> t =
        Records.readExactly(clusters.b(), "A.log-append", 1, WAIT).get(0);
    assertThat(t.timestamp()).isEqualTo(s.timestamp());
    assertThat(t.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
  }

  @Test
  void topicCreatedOnSourceAfterStartIsMirroredWithinTwoRefreshIntervals() throws Exception {
    // When a topic with a non-default config is created after the replicator started, and written
    Records.createTopic(clusters.adminA(), "late-topic", 2, Map.of("retention.ms", "3600000"));
    long created = System.nanoTime();
    Records.produceSample(clusters.a(), "A", "late-topic", 2, 0, 10);

    // Then its remote topic exists within two refresh intervals, with partitions and config
    await()
        .atMost(REFRESH.multipliedBy(2).plusMillis(500))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> clusters.adminB().listTopics().names().get().contains("A.late-topic"));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created);
    assertThat(tookMs).isLessThanOrEqualTo(REFRESH.multipliedBy(2).plusMillis(500).toMillis());
    assertThat(Records.partitions(clusters.b(), "A.late-topic")).hasSize(2);
    assertThat(config(clusters.adminB(), "A.late-topic").get("retention.ms").value())
        .isEqualTo("3600000");

    // And its records, written before the remote topic existed, arrive exactly
    Mirrored.assertSameRecords(
        Records.readExactly(clusters.a(), "late-topic", 10, WAIT),
        Records.readExactly(clusters.b(), "A.late-topic", 10, WAIT));
  }

  @Test
  void partitionsAddedOnSourceAreAddedOnTargetAndMirrored() throws Exception {
    // Given a mirrored one-partition topic with records
    Records.createTopic(clusters.adminA(), "growing", 1, Map.of());
    Records.produceSample(clusters.a(), "A", "growing", 1, 0, 5);
    Records.readExactly(clusters.b(), "A.growing", 5, WAIT);

    // When the source gets two more partitions, and records on every partition
    clusters.adminA().createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all().get();
    Records.awaitLeaders(clusters.adminA(), "growing", 3);
    Records.produceSample(clusters.a(), "A", "growing", 3, 5, 9);

    // Then the target has three partitions, each with exactly its source partition's records
    await().atMost(WAIT).until(() -> Records.partitions(clusters.b(), "A.growing").size() == 3);
    Mirrored.assertSameRecords(
        Records.readExactly(clusters.a(), "growing", 14, WAIT),
        Records.readExactly(clusters.b(), "A.growing", 14, WAIT));
  }

  @Test
  void configChangeIsSyncedAndATargetOnlyConfigSurvives() throws Exception {
    // Given a mirrored topic whose remote copy has a config set only on the target
    Records.createTopic(clusters.adminA(), "configured", 1, Map.of("retention.ms", "7200000"));
    await()
        .atMost(WAIT)
        .until(() -> clusters.adminB().listTopics().names().get().contains("A.configured"));
    alter(clusters.adminB(), "A.configured", "max.message.bytes", "2000000");

    // When the source's config changes
    alter(clusters.adminA(), "configured", "retention.ms", "1800000");

    // Then the target follows, and keeps its own setting
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(config(clusters.adminB(), "A.configured").get("retention.ms").value())
                    .isEqualTo("1800000"));
    assertThat(config(clusters.adminB(), "A.configured").get("max.message.bytes").value())
        .isEqualTo("2000000");
  }

  @Test
  void excludedInternalAndCycleTopicsNeverAppearOnTheTarget() throws Exception {
    // Given records on an excluded topic, on topics named as internal (MM2's and Kafka's
    // conventions), and on a topic that says it came from the target (B.orders)
    List<String> neverMirrored =
        List.of("excluded-topic", "app.internal", "app-internal", "app.replica", "B.orders");
    for (String topic : neverMirrored) {
      if (!topic.equals("excluded-topic")) {
        Records.createTopic(clusters.adminA(), topic, 1, Map.of());
      }
      Records.produceSample(clusters.a(), "A", topic, 1, 0, 1);
    }

    // When a topic created later has been mirrored (so several refreshes have passed)
    Records.createTopic(clusters.adminA(), "marker", 1, Map.of());
    await()
        .atMost(WAIT)
        .until(() -> clusters.adminB().listTopics().names().get().contains("A.marker"));

    // Then none of them, by any name, and none of Kafka's own topics are on the target: only
    // policy-named user topics beside the flow's own bookkeeping
    Collection<String> onTarget = clusters.adminB().listTopics().names().get();
    for (String topic : neverMirrored) {
      assertThat(onTarget).doesNotContain(topic, "A." + topic);
    }
    assertThat(onTarget).noneMatch(t -> t.startsWith("A.__") || t.startsWith("A.kmirror"));
    assertThat(Records.topicCounts(clusters.b()).keySet()).allMatch(t -> t.startsWith("A."));
  }

  @Test
  void aTopicDeletedOnTheSourceStopsItsMirroringAndIsNeverRecreatedThere() throws Exception {
    // Given a mirrored topic with records
    Records.createTopic(clusters.adminA(), "doomed", 2, Map.of());
    Records.produceSample(clusters.a(), "A", "doomed", 2, 0, 6);
    Records.readExactly(clusters.b(), "A.doomed", 6, WAIT);
    FlowMetrics counters = replicator.replicator().counters(FLOW);
    long deletedBefore = counters.topicsDeletedOnSource();

    // When it is deleted on the source
    clusters.adminA().deleteTopics(List.of("doomed")).all().get();

    // Then the flow notices at a refresh and stops mirroring it
    await().atMost(WAIT).until(() -> counters.topicsDeletedOnSource() == deletedBefore + 1);

    // And kmirror's consumer never brings it back on the source, refresh after refresh, while the
    // remote copy keeps its records (deletions are not synced by default) and the flow runs on
    Mirrored.assertSettled(
        REFRESH.multipliedBy(3),
        WAIT,
        () -> assertThat(clusters.adminA().listTopics().names().get()).doesNotContain("doomed"));
    assertThat(Records.endOffsetTotal(clusters.b(), "A.doomed")).isEqualTo(6);
    assertThat(replicator.replicator().status().get(FLOW).state())
        .isEqualTo(FlowStatus.State.RUNNING);
  }

  @Test
  void aTopicDeletedAndCreatedAgainIsMirroredFromItsStartNotFromTheOldTopicsProgress()
      throws Exception {
    // Given a mirrored topic whose progress (next offset 10) is stored on the target
    TopicPartition tp = new TopicPartition("reborn", 0);
    Records.createTopic(clusters.adminA(), "reborn", 1, Map.of());
    Records.produceSample(clusters.a(), "A", "reborn", 1, 0, 10);
    Records.readExactly(clusters.b(), "A.reborn", 10, WAIT);
    await().atMost(WAIT).until(() -> Records.storedProgress(clusters.b(), FLOW, tp) == 10);

    // When it is deleted (and the flow has noticed), created again under the same name, and holds
    // 15 new records before kmirror sees it again
    FlowMetrics counters = replicator.replicator().counters(FLOW);
    long deletedBefore = counters.topicsDeletedOnSource();
    clusters.adminA().deleteTopics(List.of("reborn")).all().get();
    await().atMost(WAIT).until(() -> counters.topicsDeletedOnSource() == deletedBefore + 1);
    Records.createTopic(clusters.adminA(), "reborn", 1, Map.of());
    Records.produceSample(clusters.a(), "A", "reborn", 1, 100, 15);

    // Then all 15 new records reach the target, none skipped by the old topic's offset 10
    List<ConsumerRecord<String, String>> copied =
        Records.readExactly(clusters.b(), "A.reborn", 25, WAIT);
    List<ConsumerRecord<String, String>> reborn =
        Records.readExactly(clusters.a(), "reborn", 15, WAIT);
    assertThat(copied.subList(10, 25))
        .extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactlyElementsOf(reborn.stream().map(r -> tuple(r.key(), r.value())).toList());
  }

  private static Config config(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }

  private static void alter(Admin admin, String topic, String key, String value) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    admin
        .incrementalAlterConfigs(
            Map.of(
                resource,
                List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET))))
        .all()
        .get();
  }
}
