package io.kmirror.replicator.mirror;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.topology.FlowId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (Over 300 lines on purpose: the worker's one entry to its partitions; failures, gaps, target
 * copies and progress writing are already their own classes, and so are exactly-once's transactions
 * and fencing; what stays here is exactly-once's part of assignment, revocation and stop, which
 * must run inside the same rebalance callbacks.)
 *
 * <p>The source partitions one worker owns and the worker's one entry to them: assignment (seek to
 * the stored progress), hand-over of polled batches to the producer, and revocation. The other two
 * jobs live beside it on the same epochs ({@link Epochs}): what happens to a partition that cannot
 * go on ({@link PartitionFailures}) and when progress is captured, stored and committed ({@link
 * ProgressWriter}).
 *
 * <p>Revocation and a clean stop flush the producer, then persist, before a partition is given up:
 * its next owner resumes from the stored progress, so that progress must include every record this
 * worker had acknowledged, and nothing beyond.
 *
 * <p>Owned by the worker thread; the consumer calls the rebalance callbacks from inside {@code
 * poll()} on that same thread.
 */
final class MirrorPartitions implements ConsumerRebalanceListener {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorPartitions.class);

  private final FlowId flow;
  private final FlowContext context;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final ProgressStore store;
  private final RecordCopier copier;
  private final FlowMetrics metrics;
  private final OffsetMappingSink mappings;
  private final MirrorSettings settings;
  private final Epochs epochs;
  private final PartitionFailures failures;
  private final ProgressWriter progress;
  private final SourceGaps gaps;
  private final TargetCopies targetCopies;
  private final Set<TopicPartition> skipPolled = new HashSet<>();
  private ReadyTopics.Snapshot ready = new ReadyTopics.Snapshot(0, Map.of());
  private volatile Map<TopicPartition, PartitionPosition> positions = Map.of();
  private volatile boolean halted;
  // Exactly-once only (null otherwise): the worker's transactions and its fencing of zombies.
  private TransactionalMirror tx;
  private ZombieFence zombies;
  private boolean commitSoon;
  private boolean fencedOut;
  private long nextCommitAt;
  private long resumeAt = -1;
  private final Set<TopicPartition> heldForRetry = new HashSet<>();

  MirrorPartitions(
      FlowContext context,
      Consumer<byte[], byte[]> consumer,
      Producer<byte[], byte[]> producer,
      ProgressStore store,
      RecordCopier copier,
      FlowMetrics metrics,
      OffsetMappingSink mappings,
      MirrorSettings settings) {
    this.flow = context.id();
    this.context = context;
    this.consumer = consumer;
    this.producer = producer;
    this.store = store;
    this.copier = copier;
    this.metrics = metrics;
    this.mappings = mappings;
    this.settings = settings;
    this.epochs = new Epochs(metrics);
    this.failures = new PartitionFailures(flow, consumer, epochs, metrics, mappings, settings);
    this.progress = new ProgressWriter(flow, consumer, store, epochs, mappings, settings);
    this.gaps = new SourceGaps(flow, consumer, epochs, metrics, settings.catchUpTimeout());
    this.targetCopies =
        new TargetCopies(context, consumer, store, metrics, settings.catchUpTimeout());
  }

  /** Failed sends go to {@code fence} first (the worker's {@link WorkerProducer}). */
  void fencedBy(SendFence fence) {
    epochs.fencedBy(fence);
    failures.fencedBy(fence);
  }

  /**
   * Exactly-once from now on: progress is written only by {@code tx}'s commits, and partitions
   * gained are fenced against zombies first ({@link TransactionalMirror}, {@link ZombieFence}).
   */
  void transactional(TransactionalMirror tx, ZombieFence zombies) {
    this.tx = tx;
    this.zombies = zombies;
    epochs.fencedBy(tx);
    failures.fencedBy(tx);
    nextCommitAt = System.currentTimeMillis() + settings.progressInterval().toMillis();
  }

  void ready(ReadyTopics.Snapshot snapshot) {
    this.ready = snapshot;
  }

  /** From now on the callbacks do nothing: the process is simulating a crash. */
  void halt() {
    halted = true;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (halted || partitions.isEmpty()) {
      return;
    }
    assign(partitions, true);
  }

  /**
   * Starts an epoch for each partition at its stored progress (or log start). {@code gained}: new
   * to this worker, so with exactly-once every other writer that may still hold it is fenced first
   * and this worker claims it at its next commit, which comes at once.
   */
  private void assign(Collection<TopicPartition> partitions, boolean gained) {
    long start = System.nanoTime();
    // The source looks the topic IDs up while the progress is read: both are on a restart's path.
    Runnable takeTopicIds = store.learnTopicIdsLater(partitions);
    if (tx != null && gained) {
      zombies.fenceOpenTransactions(partitions, this::remotePartition);
    }
    catchUp();
    if (tx != null && gained && zombies.fenceWriters(partitions, store)) {
      // A fenced writer may have committed between the read and its fencing: read again.
      catchUp();
    }
    long progressRead = System.nanoTime();
    takeTopicIds.run();
    long topicIds = System.nanoTime();
    Map<TopicPartition, ProgressKey.Stored> resumable = new HashMap<>();
    for (TopicPartition tp : partitions) {
      store.resumable(tp).ifPresent(stored -> resumable.put(tp, stored));
    }
    // Only remote partitions that exist: asking for one that does not waits out the timeout.
    Map<TopicPartition, ProgressKey.Stored> checkable = new HashMap<>(resumable);
    checkable.keySet().removeIf(tp -> tp.partition() >= ready.targetPartitions(tp.topic()));
    resumable.keySet().removeAll(targetCopies.lost(checkable));
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      ProgressKey.Stored stored = resumable.get(tp);
      String target = context.remoteTopic(tp.topic());
      long next = stored == null ? -1 : stored.nextOffset();
      long last = stored == null ? -1 : stored.lastSource();
      epochs.start(tp, new PartitionProgress(tp, store.topicId(tp), target, next, last, mappings));
      if (stored != null) {
        consumer.seek(tp, next);
        progress.resumedAt(tp, next);
        if (tx != null) {
          tx.resumedAt(tp, next);
        }
      } else {
        fromStart.add(tp);
        if (tx != null) {
          tx.claim(tp);
        }
      }
    }
    commitSoon = tx != null && gained;
    if (!fromStart.isEmpty()) {
      consumer.seekToBeginning(fromStart);
      // Start the epoch at the log start, not at the first readable record: offsets in between
      // (aborted or compacted away) then translate exactly to the first mirrored record.
      for (TopicPartition tp : fromStart) {
        long logStart = consumer.position(tp, settings.catchUpTimeout());
        PartitionProgress unknown = epochs.get(tp);
        epochs.start(
            tp,
            new PartitionProgress(
                tp, unknown.topicId(), unknown.targetTopic(), logStart, mappings));
      }
    }
    LOG.info(
        "flow={} event=partitions-assigned partitions={} resumed-from-progress={}"
            + " progress-read-ms={} topic-ids-wait-ms={} seek-ms={}",
        flow,
        partitions,
        partitions.size() - fromStart.size(),
        (progressRead - start) / 1_000_000,
        (topicIds - progressRead) / 1_000_000,
        (System.nanoTime() - topicIds) / 1_000_000);
  }

  private void catchUp() {
    try {
      store.catchUp(settings.catchUpTimeout());
    } catch (TimeoutException e) {
      throw new KafkaException("flow=" + flow + " cannot read its progress: " + e.getMessage(), e);
    }
  }

  private TopicPartition remotePartition(TopicPartition source) {
    return new TopicPartition(context.remoteTopic(source.topic()), source.partition());
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (halted || partitions.isEmpty()) {
      return;
    }
    if (tx != null) {
      releaseTransactional(partitions);
      return;
    }
    producer.flush();
    progress.persistNow(partitions);
    producer.flush();
    forget(partitions);
    LOG.info("flow={} event=partitions-revoked partitions={}", flow, partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    forget(partitions);
    LOG.warn("flow={} event=partitions-lost partitions={}", flow, partitions);
  }

  private void forget(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      epochs.remove(tp);
      progress.forget(tp);
      failures.forget(tp);
      gaps.forget(tp);
      mappings.forget(tp);
      heldForRetry.remove(tp);
      if (tx != null) {
        tx.forget(tp);
      }
    }
  }

  /**
   * Exactly-once: the partitions' last transaction says they are released, so their next owner need
   * not fence this worker. If it fails, they are given up all the same (uncommitted: the next owner
   * resumes from the progress committed before and fences this worker), and the partitions kept go
   * back to their committed progress.
   */
  private void releaseTransactional(Collection<TopicPartition> partitions) {
    TransactionalMirror.Outcome outcome =
        fencedOut ? TransactionalMirror.Outcome.FENCED : tx.commit(epochs, partitions);
    forget(partitions);
    settled(outcome);
    LOG.info(
        "flow={} event=partitions-revoked partitions={} released={}",
        flow,
        partitions,
        outcome == TransactionalMirror.Outcome.COMMITTED);
  }

  /**
   * Exactly-once, every step: aborts a doomed transaction, commits when the interval is up (or at
   * once after a gain), and lets partitions held after an abort go on after the retry delay.
   */
  void settleTransaction(long now) {
    if (tx == null || fencedOut) {
      return;
    }
    if (tx.doomed() || commitSoon || now >= nextCommitAt) {
      commitSoon = false;
      nextCommitAt = now + settings.progressInterval().toMillis();
      settled(tx.commit(epochs, List.of()));
    }
    if (resumeAt >= 0 && now >= resumeAt) {
      heldForRetry.retainAll(consumer.assignment());
      consumer.resume(heldForRetry);
      heldForRetry.clear();
      resumeAt = -1;
    }
  }

  private void settled(TransactionalMirror.Outcome outcome) {
    if (outcome == TransactionalMirror.Outcome.COMMITTED) {
      commitToSourceGroup(tx.lastCommit());
    } else if (outcome == TransactionalMirror.Outcome.ABORTED) {
      rewindToCommitted();
    } else {
      fencedOut = true;
      forget(new ArrayList<>(epochs.partitions()));
    }
  }

  /**
   * Exactly-once, after an abort: every owned partition starts again at its committed progress,
   * held for the retry delay so a record the target keeps refusing is not re-sent in a tight loop.
   */
  private void rewindToCommitted() {
    List<TopicPartition> owned = new ArrayList<>(epochs.partitions());
    forget(owned);
    if (owned.isEmpty()) {
      return;
    }
    assign(owned, false);
    consumer.pause(owned);
    heldForRetry.addAll(owned);
    resumeAt = System.currentTimeMillis() + settings.retryDelay().toMillis();
  }

  /**
   * Exactly-once: whether the worker was fenced and must rejoin the group ({@link #rejoined()} once
   * it has); it owns nothing meanwhile.
   */
  boolean fencedOut() {
    return fencedOut;
  }

  /** Exactly-once: the worker left and rejoins the group; partitions come back as gained. */
  void rejoined() {
    fencedOut = false;
  }

  /** The source group learns the committed positions too, only so that lag tools work. */
  private void commitToSourceGroup(Map<TopicPartition, OffsetAndMetadata> commits) {
    if (commits.isEmpty()) {
      return;
    }
    consumer.commitAsync(
        commits,
        (offsets, error) -> {
          if (error != null) {
            LOG.debug("flow={} event=source-group-commit-failed reason=\"{}\"", flow, error);
          }
        });
  }

  /** Hands every polled batch to the producer; pauses what cannot go yet. */
  void handOver(ConsumerRecords<byte[], byte[]> records) {
    skipPolled.clear();
    long now = records.isEmpty() ? 0 : System.currentTimeMillis();
    for (TopicPartition tp : records.partitions()) {
      PartitionProgress epoch = epochs.get(tp);
      List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
      if (epoch == null || batch.isEmpty() || failures.failed(tp)) {
        skipPolled.add(tp);
        continue;
      }
      long oldest = batch.get(0).timestamp();
      if (oldest >= 0) {
        metrics.recordAge(now, oldest);
        epoch.handedOver(oldest);
      }
      if (tp.partition() >= ready.targetPartitions(tp.topic())) {
        failures.waitForTarget(tp, batch.get(0).offset());
        skipPolled.add(tp);
        continue;
      }
      long first = batch.get(0).offset();
      if (epoch.readsBelowItsPosition(first)) {
        epoch = restartAfterReset(tp, epoch, first);
      }
      epoch.beginBatch(first);
      if (!copier.copy(epoch, batch)) {
        skipPolled.add(tp);
        failures.failedInSend(tp, epoch);
      }
    }
    for (Map.Entry<TopicPartition, OffsetAndMetadata> next : records.nextOffsets().entrySet()) {
      PartitionProgress epoch = epochs.get(next.getKey());
      if (epoch != null && !skipPolled.contains(next.getKey()) && !epoch.failed()) {
        epoch.polledUpTo(next.getValue().offset());
      }
    }
  }

  /**
   * The consumer returned records below what this epoch had read, and kmirror did not seek there:
   * the consumer's position was reset ({@code auto.offset.reset}) because the topic was deleted and
   * created again while the partition stayed assigned, or because the log was truncated below it.
   * What follows is a new stretch: a new epoch from the first record returned, tagged with the
   * topic's current ID, so neither progress nor the offset index files the new records under the
   * old topic. The old epoch's records still in flight complete on their own epoch.
   */
  private PartitionProgress restartAfterReset(
      TopicPartition tp, PartitionProgress old, long first) {
    store.learnTopicIds(List.of(tp));
    PartitionProgress fresh =
        new PartitionProgress(tp, store.topicId(tp), old.targetTopic(), -1, mappings);
    epochs.replace(tp, fresh);
    progress.restarted(tp);
    LOG.warn(
        "flow={} topic={} partition={} event=source-position-reset read-up-to={} now-at={}"
            + " topic-id={} previous-topic-id={} action=\"mirroring on from the new position\"",
        flow,
        tp.topic(),
        tp.partition(),
        old.polledNext(),
        first,
        fresh.topicId(),
        old.topicId());
    return fresh;
  }

  /** The source no longer holds these positions (the consumer's reset policy is none). */
  void outOfRange(Map<TopicPartition, Long> positions) {
    gaps.outOfRange(positions);
  }

  /** The consumer found these partitions' source logs truncated below what it had read. */
  void truncated(Map<TopicPartition, OffsetAndMetadata> divergent) {
    gaps.truncated(divergent);
  }

  /** Pauses newly failed partitions, rewinds or retries due ones, resumes ones now ready. */
  void check(long nowMillis) {
    failures.check(nowMillis, ready);
  }

  /** Periodic: starts writing the progress of every owned partition whose mark moved. */
  void persistAll() {
    if (tx == null) {
      progress.persistAll();
    }
  }

  /** Every step, without blocking: stores the pending progress once the index acknowledged it. */
  void settleProgress() {
    if (tx == null) {
      progress.settle();
    }
  }

  /** Drains before a clean stop: everything sent is acknowledged or abandoned, then persisted. */
  void drain() {
    if (tx != null) {
      if (!fencedOut) {
        List<TopicPartition> owned = new ArrayList<>(epochs.partitions());
        tx.commit(epochs, owned);
      }
      forget(new ArrayList<>(epochs.partitions()));
      return;
    }
    producer.flush();
    progress.persistNow(new ArrayList<>(epochs.partitions()));
    producer.flush();
    forget(new ArrayList<>(epochs.partitions()));
  }

  /**
   * Periodic: adds what the target acknowledged to the flow's metrics and publishes every owned
   * partition's next offset to copy for the lag probe ({@link #positions()}).
   */
  void reportMetrics() {
    Map<TopicPartition, PartitionPosition> next = new HashMap<>();
    epochs.forEach(
        (tp, epoch) -> {
          epochs.reportAcknowledged(epoch);
          long committable = epoch.committable();
          if (committable >= 0) {
            next.put(tp, new PartitionPosition(committable, epoch.firstTimestamp()));
          }
        });
    positions = Map.copyOf(next);
  }

  /** Any thread: the owned partitions' next offsets to copy, as of the last report. */
  Map<TopicPartition, PartitionPosition> positions() {
    return positions;
  }
}
