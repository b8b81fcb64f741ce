package io.kmirror.replicator.offsets;

import io.kmirror.replicator.mirror.HighWater;
import io.kmirror.replicator.mirror.OffsetMappingSink;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mirroring worker's writer of the offset index topic: queues each run as the producer's I/O
 * thread reports it, and right before the worker stores progress, writes the queued runs and one
 * mark per partition and waits for the target to acknowledge them. Progress is stored only after
 * that, so a run is never missing from the index while progress beyond it is stored (the ordering
 * {@link PartitionIndex} relies on). If the target does not acknowledge in time, the worker skips
 * this round's progress; the runs stay queued and go with the next round.
 *
 * <p>Queues are per source partition and drained only for the partitions whose progress is about to
 * be stored, so one partition's runs always reach the topic in the order they were reported.
 *
 * <p>Every key names the ID of the source topic the worker's stretch reads (learnt when the
 * partition was assigned), so a topic re-created under the same name starts a new index ({@link
 * PartitionEntries}) and no tombstone of the old topic can touch it ({@link IndexRecords}).
 */
public final class OffsetJournal implements OffsetMappingSink {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetJournal.class);

  private final FlowId flow;
  private final String topic;
  private final Producer<byte[], byte[]> producer;
  private final Duration timeout;
  private final Map<TopicPartition, Queue<IndexRecords.Run>> pending = new ConcurrentHashMap<>();

  /**
   * @param producer an idempotent {@code acks=all} producer to the target, shared and closed by the
   *     owner
   */
  public OffsetJournal(
      FlowId flow, String topic, Producer<byte[], byte[]> producer, Duration timeout) {
    this.flow = flow;
    this.topic = topic;
    this.producer = producer;
    this.timeout = timeout;
  }

  @Override
  public void mapped(TopicPartition source, long sourceOffset, long targetOffset) {
    mapped(source, "", sourceOffset, sourceOffset, targetOffset);
  }

  @Override
  public void mapped(
      TopicPartition source, String topicId, long from, long sourceOffset, long targetOffset) {
    pending
        .computeIfAbsent(source, tp -> new ConcurrentLinkedQueue<>())
        .add(new IndexRecords.Run(source, topicId, from, sourceOffset, targetOffset));
  }

  @Override
  public boolean beforeProgress(Map<TopicPartition, HighWater> progress) {
    Map<Queue<IndexRecords.Run>, Integer> written = new HashMap<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try {
      for (Map.Entry<TopicPartition, HighWater> e : progress.entrySet()) {
        Queue<IndexRecords.Run> queue = pending.get(e.getKey());
        if (queue != null) {
          // Only this thread removes, only the I/O thread appends: iterate now, remove once acked.
          int count = 0;
          for (IndexRecords.Run run : queue) {
            acks.add(
                send(
                    IndexRecords.runKey(flow, run.partition(), run.topicId(), run.sourceStart()),
                    IndexRecords.runValue(run.from(), run.targetStart())));
            count++;
          }
          written.put(queue, count);
        }
        HighWater mark = e.getValue();
        acks.add(
            send(
                IndexRecords.markKey(flow, e.getKey(), mark.topicId()),
                IndexRecords.markValue(mark.next(), mark.lastSource(), mark.lastTarget())));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      LOG.warn(
          "flow={} event=offset-index-write-failed topic={} reason=\"{}\""
              + " action=\"progress is stored at the next interval\"",
          flow,
          topic,
          e.getCause() == null ? e : e.getCause());
      return false;
    }
    written.forEach(
        (queue, count) -> {
          for (int i = 0; i < count; i++) {
            queue.poll();
          }
        });
    return true;
  }

  private Future<RecordMetadata> send(byte[] key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, 0, key, value));
  }
}
