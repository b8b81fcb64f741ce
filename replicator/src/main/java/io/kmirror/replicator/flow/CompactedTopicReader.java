package io.kmirror.replicator.flow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one compacted topic (progress, offset index, checkpoints) to its end, with a consumer of
 * its own that has no group: the first {@link #readToEnd} assigns every partition and reads from
 * the beginning, later ones go on from where the last stopped, so a caller that keeps the reader
 * follows the topic and one that reads once sees it whole. "The end" is the end offsets asked for
 * when the call starts: every record written before then is seen.
 *
 * <p>Blocking; owned by one thread at a time, like the consumer inside it, which stays the caller's
 * to close.
 */
public final class CompactedTopicReader {

  /** How the topic's partitions are found before the first read. */
  public enum Lookup {
    /**
     * Asks for the topic by name: for a topic the flow created before reading it. A consumer that
     * may auto-create topics can make the broker create a missing one this way.
     */
    BY_NAME,
    /** Lists the cluster's topics: for a topic that may not exist, which must stay missing. */
    LISTING
  }

  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final Lookup lookup;
  private List<TopicPartition> partitions;

  public CompactedTopicReader(String topic, Consumer<byte[], byte[]> consumer, Lookup lookup) {
    this.topic = topic;
    this.consumer = consumer;
    this.lookup = lookup;
  }

  /**
   * Hands every record up to the topic's current end to {@code each}, in offset order per
   * partition.
   *
   * @return false, having read nothing, when the topic has no partitions (yet); asked again on the
   *     next call
   * @throws TimeoutException {@code could not read <topic> to its end within <timeout>}
   */
  public boolean readToEnd(
      Duration timeout, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (partitions == null) {
      List<PartitionInfo> infos =
          lookup == Lookup.BY_NAME
              ? consumer.partitionsFor(topic, timeout)
              : consumer.listTopics(timeout).get(topic);
      if (infos == null || infos.isEmpty()) {
        return false;
      }
      partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    while (!reachedEnd(end)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("could not read " + topic + " to its end within " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        each.accept(record);
      }
    }
    return true;
  }

  private boolean reachedEnd(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
