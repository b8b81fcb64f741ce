package io.kmirror.replicator.mirror;

import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.topology.FlowId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once mirroring for one worker ({@code kmirror.exactly.once.enabled}): the worker's target
 * producer is transactional, and the copies of the records it polled, the offset-index runs and
 * marks that describe them, and the progress records that cover them are written in one
 * transaction, committed about every second ({@link MirrorSettings#progressInterval()}), before a
 * partition is handed over and when the worker stops.
 *
 * <p><b>Why a {@code read_committed} reader on the target sees each source record once.</b> A
 * transaction commits progress {@code n} for a partition together with every copy below {@code n}
 * that the worker wrote since the previous commit, or none of them. Whoever mirrors the partition
 * next (this worker after an abort, another worker after a hand-over, a restarted process after a
 * crash) reads the committed progress and resumes exactly at {@code n}: copies of an aborted or
 * never-committed transaction are invisible to {@code read_committed}, and the committed ones end
 * right below {@code n}. The invariant of {@link ProgressStore} becomes an equality: the stored
 * {@code n} is both "everything below is on the target" and "nothing at or above is visible".
 *
 * <p><b>Errors.</b> Any failed send dooms the open transaction: the worker aborts it, forgets what
 * it wrote ({@link ProgressStore#aborted()}, the queued index runs), and rewinds every owned
 * partition to its committed progress, after {@link MirrorSettings#retryDelay()}. So a record the
 * target refuses for good (too large, say) stalls every partition of the worker, not only its own:
 * the price of one transaction per worker. A fenced producer ({@link ProducerFencedException},
 * {@link InvalidProducerEpochException}) means another worker gained one of this worker's
 * partitions and fenced this one as a possible zombie ({@link ZombieFence}): the worker then writes
 * nothing more for any partition, opens a new producer (a new epoch of its own transactional ID)
 * and rejoins the consumer group, so it mirrors again only what the group gives it.
 *
 * <p>Owned by the worker thread.
 */
final class TransactionalMirror implements SendFence {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorPartitions.class);

  /** What a commit round ended in. */
  enum Outcome {
    COMMITTED,
    /** Aborted: every owned partition must go back to its committed progress. */
    ABORTED,
    /** Fenced: the worker must give up every partition and rejoin the group. */
    FENCED
  }

  private final FlowId flow;
  private final String transactionalId;
  private final WorkerProducer producer;
  private final ProgressStore store;
  private final OffsetMappingSink mappings;
  private final FlowMetrics metrics;
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final Set<TopicPartition> unclaimed = new HashSet<>();
  private volatile Exception doomedBy;
  private Map<TopicPartition, OffsetAndMetadata> lastCommit = Map.of();
  private long commits;
  private long aborts;

  TransactionalMirror(
      FlowId flow,
      String transactionalId,
      WorkerProducer producer,
      ProgressStore store,
      OffsetMappingSink mappings,
      FlowMetrics metrics) {
    this.flow = flow;
    this.metrics = metrics;
    this.transactionalId = transactionalId;
    this.producer = producer;
    this.store = store;
    this.mappings = mappings;
  }

  String transactionalId() {
    return transactionalId;
  }

  /**
   * Worker thread, once: opens the first transaction (the producer registered its ID with the
   * coordinator when it was built, which also fenced an earlier life of the same ID).
   */
  void open() {
    producer.beginTransaction();
    LOG.info("flow={} event=transactions-opened transactional-id={}", flow, transactionalId);
  }

  @Override
  public Exception failed(Exception error) {
    if (doomedBy == null) {
      doomedBy = error;
    }
    return error;
  }

  @Override
  public boolean rebuildsItsProducer() {
    return true;
  }

  /** Whether a send failed since the transaction began: it can only be aborted. */
  boolean doomed() {
    return doomedBy != null;
  }

  /** The partition resumes from committed progress {@code next}: claimed at the next commit. */
  void resumedAt(TopicPartition tp, long next) {
    committed.put(tp, next);
    unclaimed.add(tp);
  }

  /**
   * A partition gained without stored progress: its first commit names this worker as its writer
   * even if nothing moved.
   */
  void claim(TopicPartition tp) {
    committed.remove(tp);
    unclaimed.add(tp);
  }

  void forget(TopicPartition tp) {
    committed.remove(tp);
    unclaimed.remove(tp);
    mappings.discard(tp);
  }

  /** The source positions the last commit stored, for the source group (lag tools only). */
  Map<TopicPartition, OffsetAndMetadata> lastCommit() {
    return lastCommit;
  }

  /**
   * Commits what the worker wrote since the last commit, with the index entries and the progress of
   * every partition that moved, was just gained, or is being released ({@code releasing}: its
   * progress says so, and its next owner need not fence this worker).
   */
  Outcome commit(Epochs epochs, Collection<TopicPartition> releasing) {
    try {
      producer.flush();
      Exception failure = doomedBy;
      if (failure != null) {
        return abort(failure);
      }
      Map<TopicPartition, HighWater> marks = new HashMap<>();
      for (TopicPartition tp : epochs.partitions()) {
        PartitionProgress epoch = epochs.get(tp);
        HighWater mark = epoch.highWater();
        Long last = committed.get(tp);
        boolean moved = last == null || last != mark.next();
        if (mark.next() >= 0 && (moved || unclaimed.contains(tp) || releasing.contains(tp))) {
          marks.put(tp, mark);
        }
      }
      ProgressGate gate = mappings.beginProgress(marks);
      if (gate.state() == ProgressGate.State.FAILED) {
        // Progress must never commit without the index entries it relies on.
        return abort(new KafkaException("flow=" + flow + " could not write the offset index"));
      }
      Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
      marks.forEach(
          (tp, mark) -> {
            store.writeInTransaction(
                tp,
                mark.next(),
                epochs.get(tp).lastSourceBelow(mark),
                transactionalId,
                releasing.contains(tp));
            positions.put(tp, new OffsetAndMetadata(mark.next()));
          });
      producer.commitTransaction();
      // Committed: every index write of this round is acknowledged; this only settles its queues.
      gate.await();
      store.committed();
      marks.forEach((tp, mark) -> committed.put(tp, mark.next()));
      unclaimed.removeAll(marks.keySet());
      lastCommit = Map.copyOf(positions);
      commits++;
      producer.beginTransaction();
      return Outcome.COMMITTED;
    } catch (KafkaException e) {
      return abort(e);
    }
  }

  /** Aborts the open transaction and opens the next one; FENCED when this worker was fenced. */
  Outcome abort(Exception reason) {
    doomedBy = null;
    store.aborted();
    aborts++;
    metrics.errors().record(ErrorMeters.Stage.PRODUCE, reason);
    if (fencedBy(reason)) {
      LOG.warn(
          "flow={} event=producer-fenced transactional-id={} reason=\"{}\" action=\"another worker"
              + " gained a partition of this one: nothing more is written; the worker rejoins the"
              + " group with a new producer\"",
          flow,
          transactionalId,
          reason.toString());
      producer.renew();
      producer.beginTransaction();
      return Outcome.FENCED;
    }
    if (reason instanceof AuthorizationException || reason instanceof AuthenticationException) {
      throw new KafkaException(
          "flow=" + flow + " transactional-id=" + transactionalId + ": " + reason, reason);
    }
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      if (fencedBy(e)) {
        return abort(e);
      }
      // A fatal state (or a coordinator that did not answer): a new producer's initTransactions
      // aborts whatever the old one left open.
      producer.renew();
    }
    producer.beginTransaction();
    LOG.warn(
        "flow={} event=transaction-aborted transactional-id={} aborts={} reason=\"{}\""
            + " action=\"every partition of the worker goes back to its committed progress\"",
        flow,
        transactionalId,
        aborts,
        reason.toString());
    return Outcome.ABORTED;
  }

  private static boolean fencedBy(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof ProducerFencedException
          || e instanceof InvalidProducerEpochException
          || e instanceof TransactionalIdNotFoundException) {
        return true;
      }
    }
    return false;
  }

  /** Commits so far (tests, logs). */
  long commits() {
    return commits;
  }
}
