package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class RoundTripIT {

  private static KafkaCluster cluster;
  private static Admin admin;

  @BeforeAll
  static void startCluster(
      @ClusterSpec(brokerConfig = "auto.create.topics.enable=false") KafkaCluster single) {
    cluster = single;
    admin = KafkaClients.admin(cluster);
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  @Test
  void producedRecordsComeBackWithTheirKeysValuesHeadersTimestampsAndOffsets() throws Exception {
    // Given a topic with two partitions, kept forever: the records below carry 2023 timestamps,
    // which the default 7-day retention would let the broker's retention check delete mid-test
    admin
        .createTopics(
            List.of(new NewTopic("orders", 2, (short) 1).configs(Map.of("retention.ms", "-1"))))
        .all()
        .get();

    // When three records are produced to chosen partitions with headers and timestamps
    List<ProducerRecord<String, String>> sent =
        List.of(
            record(0, 1_700_000_000_000L, "k1", "v1", "trace", "t-1"),
            record(1, 1_700_000_000_001L, "k2", "v2", "trace", "t-2"),
            record(0, 1_700_000_000_002L, null, "v3", "empty", ""));
    List<RecordMetadata> acked = new ArrayList<>();
    try (KafkaProducer<String, String> producer = KafkaClients.producer(cluster)) {
      for (ProducerRecord<String, String> record : sent) {
        acked.add(producer.send(record).get());
      }
    }

    // Then a consumer reads exactly those records, at the offsets the producer was given
    List<ConsumerRecord<String, String>> received = readAll("orders", 2, 3);
    assertThat(received)
        .extracting(
            ConsumerRecord::partition,
            ConsumerRecord::offset,
            ConsumerRecord::timestamp,
            ConsumerRecord::key,
            ConsumerRecord::value)
        .containsExactlyInAnyOrder(
            tuple(0, 0L, 1_700_000_000_000L, "k1", "v1"),
            tuple(1, 0L, 1_700_000_000_001L, "k2", "v2"),
            tuple(0, 1L, 1_700_000_000_002L, null, "v3"));
    assertThat(acked)
        .extracting(RecordMetadata::partition, RecordMetadata::offset)
        .containsExactly(tuple(0, 0L), tuple(1, 0L), tuple(0, 1L));
    for (ConsumerRecord<String, String> record : received) {
      ProducerRecord<String, String> original =
          sent.stream().filter(r -> r.value().equals(record.value())).findFirst().orElseThrow();
      assertThat(record.headers().toArray()).containsExactly(original.headers().toArray());
    }
  }

  @Test
  void brokerConfigOverridesTakeEffect() throws Exception {
    // Given the cluster was asked for auto.create.topics.enable=false
    String broker = admin.describeCluster().nodes().get().iterator().next().idString();

    // When the broker's configuration is described
    ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
    Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);

    // Then the override is in force
    assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
  }

  private static ProducerRecord<String, String> record(
      int partition, long timestamp, String key, String value, String header, String headerValue) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(header, headerValue.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>("orders", partition, timestamp, key, value, headers);
  }

  private static List<ConsumerRecord<String, String>> readAll(
      String topic, int partitions, int expected) {
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(cluster, null)) {
      List<TopicPartition> assigned = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        assigned.add(new TopicPartition(topic, p));
      }
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                assertThat(received).hasSize(expected);
              });
    }
    return received;
  }
}
