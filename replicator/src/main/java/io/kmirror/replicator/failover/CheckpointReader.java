package io.kmirror.replicator.failover;

import io.kmirror.replicator.flow.CompactedTopicReader;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.flow.OffsetTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.Checkpoint;

/**
 * Reads the newest MM2 checkpoint of every group and remote partition from {@code
 * <source>.checkpoints.internal} on the target: what failover falls back to when the source is
 * gone. Deserialized by connect-mirror-client's own {@link Checkpoint#deserializeRecord}, so
 * checkpoints written by MM2 read the same as kmirror's. {@code MirrorClient.remoteConsumerOffsets}
 * reads the same topic but drops the upstream offset and the time, which the plan must show.
 */
final class CheckpointReader {

  /**
   * One group's newest checkpoint on one remote partition.
   *
   * @param upstream the group's committed offset on the source when the checkpoint was written
   * @param downstream the translated offset the checkpoint carries
   * @param metadata the commit's metadata
   * @param written the checkpoint record's timestamp
   */
  record Seen(long upstream, long downstream, String metadata, Instant written) {}

  private CheckpointReader() {}

  /** Group to remote partition to newest checkpoint; empty when the topic does not exist. */
  static Map<String, Map<TopicPartition, Seen>> read(FlowEndpoints endpoints, Duration timeout)
      throws TimeoutException {
    String topic = OffsetTopics.checkpoints(endpoints.flow());
    Map<String, Object> config = endpoints.targetProgressConsumer(0);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kmirror-failover-checkpoints");
    Map<String, Map<TopicPartition, Seen>> newest = new HashMap<>();
    try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      new CompactedTopicReader(topic, consumer, CompactedTopicReader.Lookup.LISTING)
          .readToEnd(timeout, record -> keep(newest, record));
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "could not read " + topic + " within " + timeout.toSeconds() + " s");
    }
    return newest;
  }

  private static void keep(
      Map<String, Map<TopicPartition, Seen>> newest, ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    Checkpoint checkpoint = Checkpoint.deserializeRecord(record);
    newest
        .computeIfAbsent(checkpoint.consumerGroupId(), g -> new HashMap<>())
        .put(
            checkpoint.topicPartition(),
            new Seen(
                checkpoint.upstreamOffset(),
                checkpoint.downstreamOffset(),
                checkpoint.metadata() == null ? "" : checkpoint.metadata(),
                Instant.ofEpochMilli(record.timestamp())));
  }
}
