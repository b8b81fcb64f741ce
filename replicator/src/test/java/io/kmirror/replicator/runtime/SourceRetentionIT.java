package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.metrics.FlowIncidents;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.LogLines;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.Scrape;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention deleting records kmirror has not read: the gap is reported exactly (one ERROR line, the
 * skipped counter, status) and everything else arrives. {@code Admin.deleteRecords} moves the log
 * start the way retention does, deterministically.
 */
@ExtendWith(KafkaClusterExtension.class)
class SourceRetentionIT {

  private static final FlowId FLOW = new FlowId("A", "B");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  private static Topology topology() {
    return TestFlows.topology(
        Map.of(), TestFlows.flow("A", "B").refresh(Duration.ofSeconds(1)).build());
  }

  @Test
  void recordsRetentionDeletedWhileKmirrorWasStoppedAreReportedAsOneExactGapAndNothingElseIsLost()
      throws Exception {
    // Given r-0..r-9 mirrored and their progress stored, then kmirror stopped
    Records.createTopic(clusters.adminA(), "retained", 1, Map.of());
    produce("retained", 0, 10);
    try (Replicators first = Replicators.start(topology(), clusters)) {
      Records.readExactly(clusters.b(), "A.retained", 10, WAIT);
      await().atMost(WAIT).until(() -> storedProgress(new TopicPartition("retained", 0)) == 10);
    }

    // When r-10..r-59 are written while kmirror is down, retention deletes offsets below 40
    // before kmirror reads them, and a new topic loses its first 5 records before kmirror ever
    // saw it
    produce("retained", 10, 50);
    deleteBelow("retained", 40);
    Records.createTopic(clusters.adminA(), "fresh", 1, Map.of());
    produce("fresh", 0, 10);
    deleteBelow("fresh", 5);
    try (LogLines logs = LogLines.capture();
        Replicators second = Replicators.start(topology(), clusters)) {

      // Then every record still on the source arrives, once, in order
      List<ConsumerRecord<String, String>> retained =
          Records.readExactly(clusters.b(), "A.retained", 30, WAIT);
      assertThat(retained)
          .extracting(ConsumerRecord::key)
          .containsExactlyElementsOf(
              Stream.concat(keys("retained", 0, 10).stream(), keys("retained", 40, 20).stream())
                  .toList());
      assertThat(Records.readExactly(clusters.b(), "A.fresh", 5, WAIT))
          .extracting(ConsumerRecord::key)
          .containsExactlyElementsOf(keys("fresh", 5, 5));

      // And the one gap is reported exactly: one ERROR line, 30 skipped offsets, status; a topic
      // that starts past its deleted records is no error
      FlowMetrics metrics = second.replicator().counters(FLOW);
      await().atMost(WAIT).until(() -> metrics.recordsSkippedByRetention() == 30);
      assertThat(logs.containing("event=records-lost-to-retention"))
          .containsExactly(
              "ERROR flow=A->B topic=retained partition=0 event=records-lost-to-retention from=10"
                  + " to=39 count=30 reason=\"the source deleted offsets 10 to 39 before kmirror"
                  + " read them\" action=\"mirroring on from the log start 40\"");
      assertThat(metrics.incidents().gaps())
          .extracting(FlowIncidents.Gap::topic, FlowIncidents.Gap::from, FlowIncidents.Gap::to)
          .containsExactly(tuple("retained", 10L, 39L));
      await().atMost(WAIT).until(() -> storedProgress(new TopicPartition("retained", 0)) == 60);
      assertStatusShowsTheGap(second.serveHttp());
    }
  }

  /** {@code /api/status} counts the skipped offsets and names the gap. */
  private static void assertStatusShowsTheGap(int port) throws Exception {
    JsonObject flow =
        new JsonObject(Scrape.get(port, "/api/status").body())
            .getJsonArray("flows")
            .getJsonObject(0);
    assertThat(flow.getJsonObject("recordsSkipped").getLong("retention")).isEqualTo(30);
    assertThat(flow.getJsonArray("gaps")).hasSize(1);
    JsonObject gap = flow.getJsonArray("gaps").getJsonObject(0);
    assertThat(gap.getString("topic")).isEqualTo("retained");
    assertThat(gap.getInteger("partition")).isZero();
    assertThat(gap.getLong("from")).isEqualTo(10);
    assertThat(gap.getLong("to")).isEqualTo(39);
    assertThat(gap.getLong("count")).isEqualTo(30);
    assertThat(gap.getString("reason")).isEqualTo("retention");
  }

  private static void produce(String topic, int from, int count) throws Exception {
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (String key : keys(topic, from, count)) {
        producer.send(new ProducerRecord<>(topic, 0, key, "v")).get();
      }
    }
  }

  private static List<String> keys(String topic, int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> topic + "-" + i).toList();
  }

  private static void deleteBelow(String topic, long offset) throws Exception {
    clusters
        .adminA()
        .deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(offset)))
        .all()
        .get();
  }

  private static long storedProgress(TopicPartition tp) {
    return Records.storedProgress(clusters.b(), FLOW, tp);
  }
}
