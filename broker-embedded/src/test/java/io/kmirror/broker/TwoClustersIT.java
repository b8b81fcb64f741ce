package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class TwoClustersIT {

  private static KafkaCluster a;
  private static KafkaCluster b;
  private static Admin adminA;
  private static Admin adminB;

  @BeforeAll
  static void startClusters(KafkaCluster first, KafkaCluster second) {
    a = first;
    b = second;
    adminA = KafkaClients.admin(a);
    adminB = KafkaClients.admin(b);
  }

  @AfterAll
  static void closeAdmins() {
    adminA.close();
    adminB.close();
  }

  @Test
  void clustersAreNamedByTheirPlaceAndHaveTheirOwnIdsAndAddresses() throws Exception {
    assertThat(List.of(a.name(), b.name())).containsExactly("A", "B");
    assertThat(adminA.describeCluster().clusterId().get())
        .isNotEqualTo(adminB.describeCluster().clusterId().get());
    assertThat(a.bootstrapServers()).isNotEqualTo(b.bootstrapServers());
  }

  @Test
  void aTopicCreatedOnOneClusterDoesNotExistOnTheOther() throws Exception {
    // When a topic is created on A only
    adminA.createTopics(List.of(new NewTopic("only-on-a", 1, (short) 1))).all().get();

    // Then A lists it (once its broker has the new metadata) and B does not
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(adminA.listTopics().names().get()).contains("only-on-a"));
    assertThat(adminB.listTopics().names().get()).doesNotContain("only-on-a");
  }

  @Test
  void recordsInSameNamedTopicsStayOnTheirOwnCluster() throws Exception {
    // Given a topic of the same name on both clusters
    adminA.createTopics(List.of(new NewTopic("shared-name", 1, (short) 1))).all().get();
    adminB.createTopics(List.of(new NewTopic("shared-name", 1, (short) 1))).all().get();

    // When each cluster gets its own record
    produce(a, "from-a");
    produce(b, "from-b");

    // Then each cluster holds exactly its own
    assertThat(readValues(a, 1)).containsExactly("from-a");
    assertThat(readValues(b, 1)).containsExactly("from-b");
  }

  private static void produce(KafkaCluster cluster, String value) throws Exception {
    try (KafkaProducer<String, String> producer = KafkaClients.producer(cluster)) {
      producer.send(new ProducerRecord<>("shared-name", value)).get();
    }
  }

  private static List<String> readValues(KafkaCluster cluster, int expected) {
    List<String> values = new ArrayList<>();
    TopicPartition partition = new TopicPartition("shared-name", 0);
    try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(cluster, null)) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .untilAsserted(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(r.value());
                }
                assertThat(values).hasSize(expected);
              });
      // Nothing else is in the log: its end is right after what was read.
      assertThat(consumer.endOffsets(List.of(partition))).containsEntry(partition, (long) expected);
    }
    return values;
  }
}
