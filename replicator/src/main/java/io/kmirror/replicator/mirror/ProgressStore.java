package io.kmirror.replicator.mirror;

import io.kmirror.replicator.flow.CompactedTopicReader;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>A value also carries the last source offset below {@code n} that is on the target, when known:
 * a worker resuming from {@code n} starts its first offset-index run right after it (see {@link
 * PartitionProgress}); it changes neither {@code n}'s meaning nor where reading resumes.
 *
 * <p>A stored position is resumed only in the topic it was taken in: each value carries the source
 * topic's ID, and a value taken in a deleted topic of the same name is ignored (the new topic is
 * mirrored from its log start), since its offset would skip the new topic's first records.
 *
 * <p>Owned by one worker thread, like the reader consumer inside it. Writes go through the worker's
 * producer, so a caller that needs them durable flushes that producer.
 */
final class ProgressStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressStore.class);

  private final FlowId flow;
  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final CompactedTopicReader reader;
  private final Producer<byte[], byte[]> writer;
  private final SourceTopicIds topicIds;
  private final Map<TopicPartition, ProgressKey.Stored> stored = new HashMap<>();
  private final Map<String, String> currentTopicIds = new HashMap<>();
  private final Map<TopicPartition, ProgressKey.Owner> owners = new HashMap<>();
  private final Map<TopicPartition, ProgressKey.Stored> uncommitted = new HashMap<>();
  private final Map<TopicPartition, ProgressKey.Owner> uncommittedOwners = new HashMap<>();

  ProgressStore(
      FlowId flow,
      String topic,
      Consumer<byte[], byte[]> reader,
      Producer<byte[], byte[]> writer,
      SourceTopicIds topicIds) {
    this.flow = flow;
    this.topic = topic;
    this.consumer = reader;
    this.reader = new CompactedTopicReader(topic, reader, CompactedTopicReader.Lookup.BY_NAME);
    this.writer = writer;
    this.topicIds = topicIds;
  }

  /** Reads the progress topic up to its current end, so {@link #stored} sees every write so far. */
  void catchUp(Duration timeout) throws TimeoutException {
    if (!reader.readToEnd(timeout, this::apply)) {
      throw new TimeoutException("progress topic " + topic + " has no partitions yet");
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    ProgressKey.parse(flow, record.key())
        .ifPresent(
            tp -> {
              ProgressKey.parseValue(record.value())
                  .ifPresentOrElse(value -> stored.put(tp, value), () -> stored.remove(tp));
              owners.put(tp, ProgressKey.parseOwner(record.value()));
            });
  }

  /**
   * Exactly-once: who committed the partition's stored position and whether it let the partition
   * go; {@link ProgressKey.Owner#NONE} when unknown.
   */
  ProgressKey.Owner owner(TopicPartition partition) {
    return owners.getOrDefault(partition, ProgressKey.Owner.NONE);
  }

  /**
   * Exactly-once: sends one progress record into the worker's open transaction, naming the writer;
   * it counts as stored only once {@link #committed()} says the transaction committed.
   */
  void writeInTransaction(
      TopicPartition partition,
      long nextOffset,
      long lastSource,
      String writerId,
      boolean released) {
    String topicId = topicId(partition);
    writer.send(
        new ProducerRecord<>(
            topic,
            ProgressKey.key(flow, partition),
            ProgressKey.value(nextOffset, topicId, lastSource, writerId, released)));
    uncommitted.put(
        partition,
        new ProgressKey.Stored(
            nextOffset, topicId, lastSource >= 0 && lastSource < nextOffset ? lastSource : -1));
    uncommittedOwners.put(partition, new ProgressKey.Owner(writerId, released));
  }

  /** Exactly-once: the transaction with the records of {@link #writeInTransaction} committed. */
  void committed() {
    stored.putAll(uncommitted);
    owners.putAll(uncommittedOwners);
    uncommitted.clear();
    uncommittedOwners.clear();
  }

  /** Exactly-once: the transaction was aborted; what it wrote never happened. */
  void aborted() {
    uncommitted.clear();
    uncommittedOwners.clear();
  }

  /** Learns the current IDs of the source topics of newly assigned partitions. */
  void learnTopicIds(Collection<TopicPartition> partitions) {
    learnTopicIdsLater(partitions).run();
  }

  /**
   * Starts the lookup of {@link #learnTopicIds} and returns the step that takes in its answer, so
   * that the lookup runs while the worker does something else (reads this store to its end).
   */
  Runnable learnTopicIdsLater(Collection<TopicPartition> partitions) {
    Supplier<Map<String, String>> pending =
        topicIds.lookUp(partitions.stream().map(TopicPartition::topic).distinct().toList());
    return () -> currentTopicIds.putAll(pending.get());
  }

  /**
   * The current ID of {@code partition}'s source topic as learnt at its assignment, {@code ""} when
   * unknown; the offset index tags the partition's runs and marks with it.
   */
  String topicId(TopicPartition partition) {
    return currentTopicIds.getOrDefault(partition.topic(), "");
  }

  /** The stored position of {@code partition}, unless it was taken in a deleted namesake. */
  Optional<ProgressKey.Stored> resumable(TopicPartition partition) {
    ProgressKey.Stored value = stored.get(partition);
    String currentId = topicId(partition);
    if (value != null && value.belongsToAnotherTopicThan(currentId)) {
      LOG.warn(
          "flow={} topic={} partition={} event=source-topic-recreated stored-offset={}"
              + " stored-topic-id={} topic-id={} action=\"mirroring the new topic from its log"
              + " start\"",
          flow,
          partition.topic(),
          partition.partition(),
          value.nextOffset(),
          value.topicId(),
          currentId);
      return Optional.empty();
    }
    return Optional.ofNullable(value);
  }

  /**
   * The end offsets of partitions on the target (remote partitions), read with the progress
   * reader's connection; empty when the target does not answer in time.
   */
  Map<TopicPartition, Long> targetEndOffsets(Collection<TopicPartition> remote, Duration timeout) {
    try {
      return consumer.endOffsets(remote, timeout);
    } catch (KafkaException e) {
      LOG.warn(
          "flow={} event=target-end-offsets-failed partitions={} reason=\"{}\"",
          flow,
          remote,
          e.toString());
      return Map.of();
    }
  }

  /**
   * Sends one progress record, tagged with the source topic's ID and the last source offset below
   * {@code nextOffset} that is on the target ({@code lastSource}, -1 unknown); durable once
   * flushed.
   */
  void write(TopicPartition partition, long nextOffset, long lastSource) {
    String topicId = topicId(partition);
    writer.send(
        new ProducerRecord<>(
            topic,
            ProgressKey.key(flow, partition),
            ProgressKey.value(nextOffset, topicId, lastSource)));
    stored.put(
        partition,
        new ProgressKey.Stored(
            nextOffset, topicId, lastSource >= 0 && lastSource < nextOffset ? lastSource : -1));
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
