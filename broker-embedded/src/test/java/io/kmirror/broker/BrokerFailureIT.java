package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One 3-broker cluster for the class; every test leaves all three brokers running. */
@ExtendWith(KafkaClusterExtension.class)
class BrokerFailureIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static EmbeddedKafkaCluster cluster;
  private static Admin admin;

  @BeforeAll
  static void startCluster(
      @ClusterSpec(brokers = 3, brokerConfig = "min.insync.replicas=2")
          EmbeddedKafkaCluster three) {
    cluster = three;
    admin = KafkaClients.admin(cluster);
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  @Test
  void killingAndRestartingABrokerLosesNoAcknowledgedRecordAndClientsKeepWorking()
      throws Exception {
    // Given a topic replicated on all three brokers, a producer and a group consumer
    admin.createTopics(List.of(new NewTopic("payments", 3, (short) 3))).all().get();
    Map<Integer, List<String>> acked = new TreeMap<>();
    Set<String> consumed = new HashSet<>();
    try (KafkaProducer<String, String> producer = KafkaClients.producer(cluster);
        KafkaConsumer<String, String> consumer = KafkaClients.consumer(cluster, "auditors")) {
      consumer.subscribe(List.of("payments"));
      sendAndAwaitAcks(producer, 0, 100, acked);
      awaitConsumed(consumer, consumed, 100);

      // When the leader of partition 0 is killed, records are sent while it is down,
      int victim = leaderOf(0);
      cluster.killBroker(victim);
      sendAndAwaitAcks(producer, 100, 200, acked);
      awaitConsumed(consumer, consumed, 200);

      // and it is restarted and catches up
      cluster.restartBroker(victim);
      await().atMost(PATIENCE).untilAsserted(() -> assertThat(smallestIsr()).isEqualTo(3));
      sendAndAwaitAcks(producer, 200, 300, acked);
      awaitConsumed(consumer, consumed, 300);
    }

    // Then the live consumer saw every acknowledged record,
    assertThat(consumed).hasSize(300);
    assertThat(acked.values().stream().flatMap(List::stream))
        .containsExactlyInAnyOrderElementsOf(consumed);
    // and each partition's log holds exactly the acknowledged records, once, in send order
    assertThat(readLog("payments", 3, 300)).isEqualTo(acked);
  }

  @Test
  void aRestartedBrokerComesBackOnItsPortWithItsData() throws Exception {
    // Given a topic whose only replica is on broker 2, holding ten records
    admin
        .createTopics(
            List.of(
                new NewTopic("pinned", Map.of(0, List.of(2)))
                    .configs(Map.of("min.insync.replicas", "1"))))
        .all()
        .get();
    List<String> values = IntStream.range(0, 10).mapToObj(i -> "p-" + i).toList();
    try (KafkaProducer<String, String> producer = KafkaClients.producer(cluster)) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      for (String value : values) {
        sends.add(producer.send(new ProducerRecord<>("pinned", value)));
      }
      for (Future<RecordMetadata> send : sends) {
        send.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      }
    }
    int port = cluster.brokerPort(2);
    String bootstrap = cluster.bootstrapServers();

    // When broker 2 is stopped and restarted
    cluster.stopBroker(2);
    assertThat(cluster.isBrokerRunning(2)).isFalse();
    cluster.restartBroker(2);

    // Then it listens where it did and still has the records only it ever held
    assertThat(cluster.isBrokerRunning(2)).isTrue();
    assertThat(cluster.brokerPort(2)).isEqualTo(port);
    assertThat(cluster.bootstrapServers()).isEqualTo(bootstrap);
    assertThat(readLog("pinned", 1, 10)).isEqualTo(Map.of(0, values));
  }

  private static void sendAndAwaitAcks(
      KafkaProducer<String, String> producer, int from, int to, Map<Integer, List<String>> acked)
      throws Exception {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (int i = from; i < to; i++) {
      sends.add(producer.send(new ProducerRecord<>("payments", "key-" + i, "payment-" + i)));
    }
    for (int i = from; i < to; i++) {
      RecordMetadata metadata = sends.get(i - from).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      acked.computeIfAbsent(metadata.partition(), p -> new ArrayList<>()).add("payment-" + i);
    }
  }

  private static void awaitConsumed(
      KafkaConsumer<String, String> consumer, Set<String> consumed, int expected) {
    await()
        .atMost(PATIENCE)
        .pollInSameThread()
        .untilAsserted(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(r -> consumed.add(r.value()));
              assertThat(consumed).hasSize(expected);
            });
  }

  private static int leaderOf(int partition) throws Exception {
    TopicDescription payments =
        admin.describeTopics(List.of("payments")).allTopicNames().get().get("payments");
    return payments.partitions().get(partition).leader().id();
  }

  private static int smallestIsr() throws Exception {
    TopicDescription payments =
        admin.describeTopics(List.of("payments")).allTopicNames().get().get("payments");
    return payments.partitions().stream().mapToInt(p -> p.isr().size()).min().orElse(0);
  }

  /** Every record of the topic, by partition, in log order, read with no consumer group. */
  private static Map<Integer, List<String>> readLog(String topic, int partitions, int expected) {
    Map<Integer, List<String>> log = new TreeMap<>();
    List<TopicPartition> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.add(new TopicPartition(topic, p));
    }
    try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(cluster, null)) {
      consumer.assign(all);
      consumer.seekToBeginning(all);
      await()
          .atMost(PATIENCE)
          .pollInSameThread()
          .untilAsserted(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  log.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.value());
                }
                assertThat(log.values().stream().mapToInt(List::size).sum()).isEqualTo(expected);
              });
    }
    return log;
  }
}
