package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.LogLines;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The remote topic deleted on the target under kmirror: topic sync re-creates it empty while the
 * stored progress says everything was copied. kmirror notices, says so, counts it, and mirrors the
 * partition again from the first offset the source holds.
 */
@ExtendWith(KafkaClusterExtension.class)
class TargetCopyDeletedIT {

  private static final FlowId FLOW = new FlowId("A", "B");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  @Test
  void aRemoteTopicDeletedOnTheTargetIsMirroredAgainFromTheSourceAndSaidSo() throws Exception {
    // Given k-0..k-9 mirrored and their progress stored
    Records.createTopic(clusters.adminA(), "kept", 1, Map.of());
    produce(0, 10);
    try (Replicators replicator = start();
        LogLines logs = LogLines.capture()) {
      Records.readExactly(clusters.b(), "A.kept", 10, WAIT);
      await().atMost(WAIT).until(() -> storedProgress() == 10);

      // When the remote topic is deleted on the target, and k-10..k-14 follow on the source
      clusters.adminB().deleteTopics(List.of("A.kept")).all().get();
      produce(10, 5);

      // Then every source record is on the target again, in order from its first copy of k-0
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                List<String> keys = keysOnTarget();
                assertThat(keys).contains("k-0");
                assertThat(keys.subList(keys.lastIndexOf("k-0"), keys.size()))
                    .containsExactlyElementsOf(keys(0, 15));
              });

      // And it was said and counted
      FlowMetrics metrics = replicator.replicator().counters(FLOW);
      assertThat(metrics.targetResets()).isPositive();
      assertThat(logs.containing("event=target-copy-lost"))
          .isNotEmpty()
          .allMatch(
              l -> l.startsWith("ERROR flow=A->B topic=kept partition=0 event=target-copy-lost"));
      await().atMost(WAIT).until(() -> storedProgress() == 15);
    }
  }

  @Test
  void aRemoteTopicDeletedWhileKmirrorWasStoppedIsMirroredAgainOnceItStarts() throws Exception {
    // Given m-0..m-9 mirrored, progress stored, kmirror stopped, and the remote topic deleted
    Records.createTopic(clusters.adminA(), "moved", 1, Map.of());
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("moved", 0, "m-" + i, "v")).get();
      }
    }
    TopicPartition moved = new TopicPartition("moved", 0);
    try (Replicators first = start()) {
      Records.readExactly(clusters.b(), "A.moved", 10, WAIT);
      await().atMost(WAIT).until(() -> Records.storedProgress(clusters.b(), FLOW, moved) == 10);
    }
    clusters.adminB().deleteTopics(List.of("A.moved")).all().get();

    // When kmirror starts again
    try (LogLines logs = LogLines.capture();
        Replicators second = start()) {

      // Then the partition is mirrored again from the source's log start, once, and it was said
      assertThat(Records.readExactly(clusters.b(), "A.moved", 10, WAIT))
          .extracting(ConsumerRecord::key)
          .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "m-" + i).toList());
      assertThat(logs.containing("topic=moved partition=0 event=target-copy-lost"))
          .containsExactly(
              "ERROR flow=A->B topic=moved partition=0 event=target-copy-lost stored-offset=10"
                  + " source-log-start=0 reason=\"remote partition A.moved-0 is empty although"
                  + " progress says offsets 0 to 9 were copied: the remote topic was deleted under"
                  + " kmirror\" action=\"mirroring the partition again from offset 0\"");
      assertThat(second.replicator().counters(FLOW).targetResets()).isEqualTo(1);
    }
  }

  private static Replicators start() throws Exception {
    return Replicators.start(
        TestFlows.topology(
            Map.of(), TestFlows.flow("A", "B").refresh(Duration.ofSeconds(1)).build()),
        clusters);
  }

  private static List<String> keysOnTarget() {
    return Records.readAll(clusters.b(), "A.kept").stream().map(ConsumerRecord::key).toList();
  }

  private static void produce(int from, int count) throws Exception {
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (String key : keys(from, count)) {
        producer.send(new ProducerRecord<>("kept", 0, key, "v")).get();
      }
    }
  }

  private static List<String> keys(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> "k-" + i).toList();
  }

  private static long storedProgress() {
    return Records.storedProgress(clusters.b(), FLOW, new TopicPartition("kept", 0));
  }
}
