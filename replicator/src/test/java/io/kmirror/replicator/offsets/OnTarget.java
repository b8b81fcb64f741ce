package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.Records;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;

/**
 * What an A->B offset flow leaves on B, read as an outsider would: its checkpoints through Apache's
 * {@code RemoteClusterUtils}, B's groups through an admin client, and its internal topics record by
 * record.
 */
final class OnTarget {

  private OnTarget() {}

  /**
   * Waits until B's checkpoints of {@code group}, read by Apache's library, and B's idle group
   * equal {@code exact} (remote partition to target offset).
   */
  static void awaitCheckpointed(
      ClusterPair clusters, String group, Map<TopicPartition, Long> exact, Duration wait) {
    Map<String, Long> expected = new TreeMap<>();
    exact.forEach((tp, x) -> expected.put(tp.toString(), x));
    Map<String, Object> bProps = Map.copyOf(clusters.b().clientProperties());
    await()
        .atMost(wait)
        .untilAsserted(
            () -> {
              Map<String, Long> viaMm2 = new TreeMap<>();
              RemoteClusterUtils.translateOffsets(bProps, "A", group, Duration.ofSeconds(10))
                  .forEach((tp, om) -> viaMm2.put(tp.toString(), om.offset()));
              assertThat(viaMm2).as("checkpoints of %s", group).isEqualTo(expected);
              Map<String, Long> onB = new TreeMap<>();
              Records.committed(clusters.adminB(), group)
                  .forEach((tp, x) -> onB.put(tp.toString(), x));
              assertThat(onB).as("%s committed on B", group).isEqualTo(expected);
            });
  }

  /** Every record of {@code tp}, from its start up to its end when called. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(
      KafkaCluster cluster, TopicPartition tp, Duration wait) {
    return SideBySide.readAll(bytesConsumer(cluster), tp, wait);
  }

  /**
   * The keyed topic partition {@code tp} as compaction would leave it: each key's last value, null
   * for a tombstone.
   */
  static Map<String, byte[]> lastValues(KafkaCluster cluster, TopicPartition tp, Duration wait) {
    Map<String, byte[]> last = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(cluster, tp, wait)) {
      last.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
    }
    return last;
  }

  /** A consumer of raw records that belongs to no group: for reading internal topics. */
  static KafkaConsumer<byte[], byte[]> bytesConsumer(KafkaCluster cluster) {
    Map<String, Object> config = new HashMap<>(cluster.clientProperties());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "on-target-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(config);
  }
}
