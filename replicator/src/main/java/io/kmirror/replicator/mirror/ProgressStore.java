package io.kmirror.replicator.mirror;

import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A flow's mirroring progress, kept on the target in the compacted topic {@code
 * kmirror-offsets.<source>.internal}, next to the data it describes.
 *
 * <p>Invariant: a stored value {@code n} for a source partition means every record of that
 * partition below {@code n} is on the target (acknowledged with {@code acks=all}). Every writer
 * only ever writes a {@link PartitionProgress#committable()} value, so this holds whichever writer
 * wrote last, including a process that lost the partition and wrote late: a stale value can only
 * cause re-sends (duplicates), never a gap.
 *
 * <p>Owned by one worker thread, like the reader consumer inside it. Writes go through the worker's
 * producer, so a caller that needs them durable flushes that producer.
 */
final class ProgressStore implements AutoCloseable {

  private final FlowId flow;
  private final String topic;
  private final Consumer<byte[], byte[]> reader;
  private final Producer<byte[], byte[]> writer;
  private final Map<TopicPartition, Long> stored = new HashMap<>();
  private List<TopicPartition> partitions;

  ProgressStore(
      FlowId flow, String topic, Consumer<byte[], byte[]> reader, Producer<byte[], byte[]> writer) {
    this.flow = flow;
    this.topic = topic;
    this.reader = reader;
    this.writer = writer;
  }

  /** Reads the progress topic up to its current end, so {@link #stored} sees every write so far. */
  void catchUp(Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (partitions == null) {
      List<PartitionInfo> infos = reader.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new TimeoutException("progress topic " + topic + " has no partitions yet");
      }
      partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = reader.endOffsets(partitions, timeout);
    while (!reachedEnd(end)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("could not read " + topic + " to its end within " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
        apply(record);
      }
    }
  }

  private boolean reachedEnd(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (reader.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    ProgressKey.parse(flow, record.key())
        .ifPresent(
            tp -> {
              long offset = ProgressKey.parseValue(record.value());
              if (offset < 0) {
                stored.remove(tp);
              } else {
                stored.put(tp, offset);
              }
            });
  }

  OptionalLong stored(TopicPartition partition) {
    Long offset = stored.get(partition);
    return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  /** Sends one progress record; durable once the producer is flushed. */
  void write(TopicPartition partition, long nextOffset) {
    writer.send(
        new ProducerRecord<>(
            topic, ProgressKey.key(flow, partition), ProgressKey.value(nextOffset)));
    stored.put(partition, nextOffset);
  }

  @Override
  public void close() {
    reader.close(Duration.ofSeconds(5));
  }
}
