package io.kmirror.replicator.offsets;

import io.kmirror.replicator.mirror.HighWater;
import io.kmirror.replicator.mirror.OffsetMappingSink;
import io.kmirror.replicator.mirror.ProgressGate;
import io.kmirror.replicator.offsets.index.IndexRecords;
import io.kmirror.replicator.offsets.index.PartitionIndex;
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
 * thread reports it, and before the worker stores progress, writes the queued runs and one mark per
 * partition; the returned {@link ProgressGate} opens once the target has acknowledged them all.
 * Progress is stored only after that, so a run is never missing from the index while progress
 * beyond it is stored (the ordering {@link PartitionIndex} relies on). If the target does not
 * acknowledge in time, the worker skips this round's progress; the runs stay queued and go with the
 * next round.
 *
 * <p>Queues are per source partition and drained only for the partitions whose progress is about to
 * be stored, so one partition's runs always reach the topic in the order they were reported.
 *
 * <p>Every key names the ID of the source topic the worker's stretch reads (learnt when the
 * partition was assigned), so a topic re-created under the same name starts a new index ({@link
 * io.kmirror.replicator.offsets.index.PartitionEntries}) and no tombstone of the old topic can
 * touch it ({@link IndexRecords}).
 */
public final class OffsetJournal implements OffsetMappingSink {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetJournal.class);

  private final FlowId flow;
  private final String topic;
  private final Producer<byte[], byte[]> producer;
  private final Duration timeout;
  private final boolean transactional;
  private final Map<TopicPartition, Queue<IndexRecords.Run>> pending = new ConcurrentHashMap<>();

  /**
   * @param producer an idempotent {@code acks=all} producer to the target, shared and closed by the
   *     owner
   */
  public OffsetJournal(
      FlowId flow, String topic, Producer<byte[], byte[]> producer, Duration timeout) {
    this(flow, topic, producer, timeout, false);
  }

  private OffsetJournal(
      FlowId flow,
      String topic,
      Producer<byte[], byte[]> producer,
      Duration timeout,
      boolean transactional) {
    this.flow = flow;
    this.topic = topic;
    this.producer = producer;
    this.timeout = timeout;
    this.transactional = transactional;
  }

  /**
   * Exactly-once: the worker's own journal, written in the worker's transactions. Its marks carry
   * {@code nextTarget = lastTarget + 2}: the commit that makes the mark visible also puts a commit
   * marker right after the mark's last copy (the mark is captured after the producer was flushed,
   * so that copy is the transaction's last one in its partition), and the next copy lands after it.
   */
  @Override
  public OffsetMappingSink transactional(Producer<byte[], byte[]> workerProducer) {
    return new OffsetJournal(flow, topic, workerProducer, timeout, true);
  }

  @Override
  public void discard(TopicPartition source) {
    pending.remove(source);
  }

  @Override
  public void mapped(TopicPartition source, long sourceOffset, long targetOffset) {
    mapped(source, "", sourceOffset, sourceOffset, targetOffset);
  }

  @Override
  public void mapped(
      TopicPartition source, String topicId, long from, long sourceOffset, long targetOffset) {
    IndexRecords.Run run = new IndexRecords.Run(source, topicId, from, sourceOffset, targetOffset);
    // Appended inside compute: atomic with forget() removing the queue, so no run is orphaned.
    pending.compute(
        source,
        (tp, queue) -> {
          Queue<IndexRecords.Run> q = queue == null ? new ConcurrentLinkedQueue<>() : queue;
          q.add(run);
          return q;
        });
  }

  /**
   * Drops the partition's queue once it is empty (every run written and acknowledged, as a
   * revocation's final progress write makes it), so the queues stay bounded by the partitions the
   * worker owns. A queue still holding runs is kept: they belong to progress not stored yet, and go
   * with the next write if the partition comes back (or are superseded by the re-sent records' own
   * runs if another worker takes it).
   */
  @Override
  public void forget(TopicPartition source) {
    pending.computeIfPresent(source, (tp, queue) -> queue.isEmpty() ? null : queue);
  }

  /** The partitions whose queue is kept (tests). */
  int queuedPartitions() {
    return pending.size();
  }

  @Override
  public ProgressGate beginProgress(Map<TopicPartition, HighWater> progress) {
    Map<Queue<IndexRecords.Run>, Integer> written = new HashMap<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try {
      for (Map.Entry<TopicPartition, HighWater> e : progress.entrySet()) {
        Queue<IndexRecords.Run> queue = pending.get(e.getKey());
        if (queue != null) {
          // Only the worker removes, only the I/O thread appends: iterate now, remove once acked.
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
                IndexRecords.markValue(
                    mark.next(),
                    mark.lastSource(),
                    mark.lastTarget(),
                    transactional && mark.hasLast() ? mark.lastTarget() + 2 : -1)));
      }
    } catch (KafkaException e) {
      failed(e);
      return ProgressGate.FAILED;
    }
    return new IndexWrite(acks, written, System.nanoTime() + timeout.toNanos());
  }

  private void failed(Throwable e) {
    LOG.warn(
        "flow={} event=offset-index-write-failed topic={} reason=\"{}\""
            + " action=\"progress is stored at the next interval\"",
        flow,
        topic,
        e);
  }

  /**
   * One round of runs and marks on their way to the index topic. Once all are acknowledged, the
   * runs it wrote leave their queues; until then (or if it fails or is abandoned) they stay, and go
   * again with the next round: the same keys and values, so the topic is unchanged by the repeat.
   */
  private final class IndexWrite implements ProgressGate {

    private final List<Future<RecordMetadata>> acks;
    private final Map<Queue<IndexRecords.Run>, Integer> written;
    private final long deadlineNanos;
    private State state = State.PENDING;

    IndexWrite(
        List<Future<RecordMetadata>> acks,
        Map<Queue<IndexRecords.Run>, Integer> written,
        long deadlineNanos) {
      this.acks = acks;
      this.written = written;
      this.deadlineNanos = deadlineNanos;
    }

    @Override
    public State state() {
      if (state != State.PENDING) {
        return state;
      }
      for (Future<RecordMetadata> ack : acks) {
        if (!ack.isDone()) {
          if (System.nanoTime() - deadlineNanos > 0) {
            return resolve(new TimeoutException("not acknowledged within " + timeout));
          }
          return State.PENDING;
        }
      }
      return settleDone();
    }

    @Override
    public State await() {
      if (state != State.PENDING) {
        return state;
      }
      try {
        for (Future<RecordMetadata> ack : acks) {
          ack.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        state = State.FAILED;
        return state;
      } catch (ExecutionException | TimeoutException e) {
        return resolve(e.getCause() == null ? e : e.getCause());
      }
      return settleDone();
    }

    /** Every ack is done: acknowledged, unless one of them failed. */
    private State settleDone() {
      for (Future<RecordMetadata> ack : acks) {
        try {
          ack.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          state = State.FAILED;
          return state;
        } catch (ExecutionException e) {
          return resolve(e.getCause());
        }
      }
      written.forEach(
          (queue, count) -> {
            for (int i = 0; i < count; i++) {
              queue.poll();
            }
          });
      state = State.ACKNOWLEDGED;
      return state;
    }

    private State resolve(Throwable failure) {
      failed(failure);
      state = State.FAILED;
      return state;
    }
  }

  private Future<RecordMetadata> send(byte[] key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, 0, key, value));
  }
}
