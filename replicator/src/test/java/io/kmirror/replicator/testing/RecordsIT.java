package io.kmirror.replicator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test reader every IT asserts through must see a remote topic grow while it reads: an
 * aggregating flow adds partitions to a topic another flow created, and a reader that kept the
 * first count would report the added partition's records as lost.
 */
@ExtendWith(KafkaClusterExtension.class)
class RecordsIT {

  @Test
  void aReaderSeesAPartitionAddedWhileItReads(KafkaCluster cluster) throws Exception {
    // Given a reader that has read both partitions of a two-partition topic
    String topic = "grows-while-read";
    try (Admin admin = Admin.create(cluster.clientProperties());
        KafkaProducer<String, String> producer = Records.producer(cluster);
        KafkaConsumer<String, String> reader = Records.consumer(cluster)) {
      Records.createTopic(admin, topic, 2, Map.of());
      for (int p = 0; p < 2; p++) {
        producer.send(new ProducerRecord<>(topic, p, "k" + p, "v" + p)).get(30, TimeUnit.SECONDS);
      }
      List<TopicPartition> both =
          List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      reader.assign(both);
      reader.seekToBeginning(both);
      List<ConsumerRecord<String, String>> read = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .until(
              () -> {
                reader.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.size() == 2;
              });
      assertThat(reader.partitionsFor(topic, Duration.ofSeconds(5))).hasSize(2);

      // When a third partition is added
      admin
          .createPartitions(Map.of(topic, NewPartitions.increaseTo(3)))
          .all()
          .get(30, TimeUnit.SECONDS);

      // Then the reader lists it within seconds, not after the client's default five minutes
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInSameThread()
          .untilAsserted(
              () -> {
                reader.poll(Duration.ofMillis(100));
                assertThat(reader.partitionsFor(topic, Duration.ofSeconds(5))).hasSize(3);
              });
    }
  }
}
