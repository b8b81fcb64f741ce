package io.kmirror.replicator.offsets;

import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows a flow's offset index topic into an {@link OffsetIndex}: the first {@link #catchUp} reads
 * it from the beginning, later ones read only what was written since. Blocking; owned by one thread
 * at a time, like the consumer inside it.
 */
public final class IndexReader implements AutoCloseable {

  private final FlowId flow;
  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final OffsetIndex index = new OffsetIndex();
  private List<TopicPartition> partitions;

  /**
   * @param consumer a consumer of the target without a group, closed by {@link #close()}
   */
  public IndexReader(FlowId flow, String topic, Consumer<byte[], byte[]> consumer) {
    this.flow = flow;
    this.topic = topic;
    this.consumer = consumer;
  }

  /** Reads the index topic up to its current end; the index then reflects every write so far. */
  public OffsetIndex catchUp(Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (partitions == null) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new TimeoutException("offset index topic " + topic + " does not exist (yet)");
      }
      partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    while (!reachedEnd(end)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("could not read " + topic + " to its end within " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        IndexRecords.parse(flow, record.key(), record.value()).ifPresent(index::apply);
      }
    }
    return index;
  }

  public OffsetIndex index() {
    return index;
  }

  private boolean reachedEnd(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
