package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.mirror.Provenance;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.Mirrored;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A<->B: no record ever comes back, with prefix naming and with identity naming. */
@ExtendWith(KafkaClusterExtension.class)
class ActiveActiveIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(4);

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  @Test
  void prefixNamingIsLoopFreeByConstruction() throws Exception {
    // Given topics of the same name on both sides, and flows both ways matching every topic
    Records.createTopic(clusters.adminA(), "pfx-orders", 2, Map.of());
    Records.createTopic(clusters.adminB(), "pfx-orders", 2, Map.of());
    Flow ab = TestFlows.flow("A", "B").topics(".*pfx-.*").refresh(Duration.ofSeconds(1)).build();
    Flow ba = TestFlows.flow("B", "A").topics(".*pfx-.*").refresh(Duration.ofSeconds(1)).build();
    try (Replicators replicator = Replicators.start(TestFlows.topology(ab, ba), clusters)) {
      // When each side gets its own records
      produce(clusters.a(), "pfx-orders", "a", 100);
      produce(clusters.b(), "pfx-orders", "b", 100);

      // Then each side has its own topic and the other's, prefixed, each with exactly 100
      assertThat(Records.readExactly(clusters.b(), "A.pfx-orders", 100, WAIT)).hasSize(100);
      assertThat(Records.readExactly(clusters.a(), "B.pfx-orders", 100, WAIT)).hasSize(100);
      await()
          .during(SETTLE)
          .atMost(SETTLE.plus(WAIT))
          .untilAsserted(
              () -> {
                assertThat(userTopics(clusters.adminA()))
                    .containsExactlyInAnyOrder("pfx-orders", "B.pfx-orders");
                assertThat(userTopics(clusters.adminB()))
                    .containsExactlyInAnyOrder("pfx-orders", "A.pfx-orders");
              });
      Mirrored.assertSameRecords(
          Records.readAll(clusters.a(), "pfx-orders"),
          Records.readAll(clusters.b(), "A.pfx-orders"));
      Mirrored.assertSameRecords(
          Records.readAll(clusters.b(), "pfx-orders"),
          Records.readAll(clusters.a(), "B.pfx-orders"));
    }
  }

  @Test
  void identityNamingWithProvenanceNeverSendsARecordBack() throws Exception {
    // Given one topic name on both sides, identity naming and loop prevention both ways
    Records.createTopic(clusters.adminA(), "id-orders", 2, Map.of());
    Records.createTopic(clusters.adminB(), "id-orders", 2, Map.of());
    Flow ab = flowWithProvenance("A", "B");
    Flow ba = flowWithProvenance("B", "A");
    try (Replicators replicator = Replicators.start(TestFlows.topology(ab, ba), clusters)) {
      // When each side gets 100 records of its own
      produce(clusters.a(), "id-orders", "a", 100);
      produce(clusters.b(), "id-orders", "b", 100);

      // Then each side ends with exactly its own 100 and the other's 100, and stays there
      for (KafkaCluster cluster : List.of(clusters.a(), clusters.b())) {
        assertThat(Records.readExactly(cluster, "id-orders", 200, WAIT)).hasSize(200);
      }
      await()
          .during(SETTLE)
          .atMost(SETTLE.plus(WAIT))
          .untilAsserted(
              () -> {
                assertThat(Records.readAll(clusters.a(), "id-orders")).hasSize(200);
                assertThat(Records.readAll(clusters.b(), "id-orders")).hasSize(200);
              });

      // And a mirrored record names where it came from
      Map<String, ConsumerRecord<String, String>> onB =
          Records.readAll(clusters.b(), "id-orders").stream()
              .collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
      assertThat(provenance(onB.get("a-0"))).isEqualTo("A");
      assertThat(onB.get("b-0").headers().lastHeader(Provenance.HEADER)).isNull();
    }
  }

  private static Flow flowWithProvenance(String source, String target) {
    return TestFlows.flow(source, target)
        .identity()
        .loopPrevention(true)
        .topics("id-.*")
        .refresh(Duration.ofSeconds(1))
        .build();
  }

  private static String provenance(ConsumerRecord<String, String> record) {
    return new String(
        record.headers().lastHeader(Provenance.HEADER).value(), StandardCharsets.UTF_8);
  }

  private static void produce(KafkaCluster cluster, String topic, String prefix, int count)
      throws Exception {
    try (KafkaProducer<String, String> producer = Records.producer(cluster)) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, prefix + "-" + i, "value-" + i));
      }
      producer.flush();
    }
  }

  private static List<String> userTopics(Admin admin) throws Exception {
    return admin.listTopics().names().get().stream().filter(t -> t.contains("pfx-")).toList();
  }
}
