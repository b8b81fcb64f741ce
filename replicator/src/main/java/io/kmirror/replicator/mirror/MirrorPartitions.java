package io.kmirror.replicator.mirror;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The source partitions one worker owns, and everything that happens to them: assignment (seek to
 * the stored progress), hand-over of polled batches, pausing on failure, rewinding or stopping,
 * writing progress, and revocation (flush, then persist, before the partition is given up).
 *
 * <p>Owned by the worker thread; the consumer calls the rebalance callbacks from inside {@code
 * poll()} on that same thread.
 *
 * <p>A failed partition is never skipped: it is paused, and once its in-flight records have
 * completed it is either rewound to its last acknowledged offset and re-sent (retriable errors), or
 * held at that offset and retried now and then (a record larger than the target accepts), so
 * nothing past a record that did not reach the target is ever stored as progress.
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
  private final Map<TopicPartition, PartitionProgress> active = new HashMap<>();
  private final Map<TopicPartition, Long> persisted = new HashMap<>();
  private final Set<TopicPartition> waitingForTarget = new HashSet<>();
  private final Map<TopicPartition, Long> failedRetryAt = new HashMap<>();
  private final Set<TopicPartition> reportedStopped = new HashSet<>();
  private final Set<TopicPartition> skipPolled = new HashSet<>();
  private ReadyTopics.Snapshot ready = new ReadyTopics.Snapshot(0, Map.of());
  private PendingProgress pendingProgress;
  private volatile Map<TopicPartition, PartitionPosition> positions = Map.of();
  private volatile boolean halted;

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
    try {
      store.catchUp(settings.catchUpTimeout());
    } catch (TimeoutException e) {
      throw new KafkaException("flow=" + flow + " cannot read its progress: " + e.getMessage(), e);
    }
    store.learnTopicIds(partitions);
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Optional<ProgressKey.Stored> stored = store.resumable(tp);
      String target = context.remoteTopic(tp.topic());
      long next = stored.map(ProgressKey.Stored::nextOffset).orElse(-1L);
      long last = stored.map(ProgressKey.Stored::lastSource).orElse(-1L);
      active.put(tp, new PartitionProgress(tp, store.topicId(tp), target, next, last, mappings));
      if (stored.isPresent()) {
        consumer.seek(tp, next);
        persisted.put(tp, next);
      } else {
        fromStart.add(tp);
      }
    }
    if (!fromStart.isEmpty()) {
      consumer.seekToBeginning(fromStart);
      // Start the epoch at the log start, not at the first readable record: offsets in between
      // (aborted or compacted away) then translate exactly to the first mirrored record.
      for (TopicPartition tp : fromStart) {
        long logStart = consumer.position(tp, settings.catchUpTimeout());
        PartitionProgress unknown = active.get(tp);
        active.put(
            tp,
            new PartitionProgress(
                tp, unknown.topicId(), unknown.targetTopic(), logStart, mappings));
      }
    }
    LOG.info(
        "flow={} event=partitions-assigned partitions={} resumed-from-progress={}",
        flow,
        partitions,
        partitions.size() - fromStart.size());
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (halted || partitions.isEmpty()) {
      return;
    }
    producer.flush();
    persistNow(partitions);
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
      PartitionProgress gone = active.remove(tp);
      if (gone != null) {
        reportAcknowledged(gone);
      }
      persisted.remove(tp);
      waitingForTarget.remove(tp);
      failedRetryAt.remove(tp);
      reportedStopped.remove(tp);
    }
  }

  /** Hands every polled batch to the producer; pauses what cannot go yet. */
  void handOver(ConsumerRecords<byte[], byte[]> records) {
    skipPolled.clear();
    long now = records.isEmpty() ? 0 : System.currentTimeMillis();
    for (TopicPartition tp : records.partitions()) {
      PartitionProgress progress = active.get(tp);
      List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
      if (progress == null || batch.isEmpty() || failedRetryAt.containsKey(tp)) {
        skipPolled.add(tp);
        continue;
      }
      long oldest = batch.get(0).timestamp();
      if (oldest >= 0) {
        metrics.recordAge(now, oldest);
        progress.handedOver(oldest);
      }
      if (tp.partition() >= ready.targetPartitions(tp.topic())) {
        waitForTarget(tp, batch.get(0).offset());
        skipPolled.add(tp);
        continue;
      }
      long first = batch.get(0).offset();
      if (progress.readsBelowItsPosition(first)) {
        progress = restartAfterReset(tp, progress, first);
      }
      progress.beginBatch(first);
      if (!copier.copy(progress, batch)) {
        skipPolled.add(tp);
      }
    }
    for (Map.Entry<TopicPartition, OffsetAndMetadata> next : records.nextOffsets().entrySet()) {
      PartitionProgress progress = active.get(next.getKey());
      if (progress != null && !skipPolled.contains(next.getKey()) && !progress.failed()) {
        progress.polledUpTo(next.getValue().offset());
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
    reportAcknowledged(old);
    PartitionProgress fresh =
        new PartitionProgress(tp, store.topicId(tp), old.targetTopic(), -1, mappings);
    active.put(tp, fresh);
    persisted.remove(tp);
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

  private void waitForTarget(TopicPartition tp, long offset) {
    consumer.pause(List.of(tp));
    consumer.seek(tp, offset);
    if (waitingForTarget.add(tp)) {
      LOG.info(
          "flow={} topic={} partition={} event=waiting-for-target-partition offset={}",
          flow,
          tp.topic(),
          tp.partition(),
          offset);
    }
  }

  /** Pauses newly failed partitions, rewinds or retries due ones, resumes ones now ready. */
  void check(long nowMillis) {
    for (Map.Entry<TopicPartition, PartitionProgress> e : active.entrySet()) {
      TopicPartition tp = e.getKey();
      PartitionProgress progress = e.getValue();
      if (progress.failed() && !failedRetryAt.containsKey(tp)) {
        consumer.pause(List.of(tp));
        failedRetryAt.put(tp, nowMillis + retryDelayFor(progress).toMillis());
        metrics.errors().record(ErrorMeters.Stage.PRODUCE, progress.failure().cause());
        report(tp, progress);
      } else if (!progress.failed() && progress.acknowledged() > 0 && reportedStopped.remove(tp)) {
        LOG.info(
            "flow={} topic={} partition={} event=partition-resumed",
            flow,
            tp.topic(),
            tp.partition());
      }
    }
    List<TopicPartition> due = new ArrayList<>();
    failedRetryAt.forEach(
        (tp, at) -> {
          if (at <= nowMillis && active.get(tp).idle()) {
            due.add(tp);
          }
        });
    due.forEach(this::rewind);
    List<TopicPartition> resumable = new ArrayList<>();
    for (TopicPartition tp : waitingForTarget) {
      if (tp.partition() < ready.targetPartitions(tp.topic())) {
        resumable.add(tp);
      }
    }
    if (!resumable.isEmpty()) {
      resumable.forEach(waitingForTarget::remove);
      consumer.resume(resumable);
    }
  }

  private Duration retryDelayFor(PartitionProgress progress) {
    return progress.failure().recordTooLarge()
        ? settings.stoppedRetryInterval()
        : settings.retryDelay();
  }

  private void report(TopicPartition tp, PartitionProgress progress) {
    PartitionProgress.Failure failure = progress.failure();
    if (failure.recordTooLarge()) {
      if (reportedStopped.add(tp)) {
        metrics.partitionStopped();
        LOG.error(
            "flow={} topic={} partition={} offset={} event=partition-stopped"
                + " reason=\"record larger than target {} accepts: {}\" action=\"raise"
                + " max.message.bytes of the target topic (and the producer's max.request.size),"
                + " it is retried every {}s; nothing after this offset is committed\"",
            flow,
            tp.topic(),
            tp.partition(),
            failure.offset(),
            progress.targetTopic(),
            failure.cause().getMessage(),
            settings.stoppedRetryInterval().toSeconds());
      }
    } else {
      LOG.warn(
          "flow={} topic={} partition={} offset={} event=send-failed reason=\"{}\" retry-in={}ms",
          flow,
          tp.topic(),
          tp.partition(),
          failure.offset(),
          failure.cause(),
          settings.retryDelay().toMillis());
    }
  }

  /** Starts a new epoch at the last acknowledged offset and reads again from there. */
  private void rewind(TopicPartition tp) {
    PartitionProgress old = active.get(tp);
    reportAcknowledged(old);
    HighWater mark = old.highWater();
    long from = old.committable();
    // The last record below the rewind point, so the new epoch's first run covers the offsets in
    // between too (usually from - 1, or what the old epoch was given if it had no acknowledgement).
    long last = mark.next() == from ? old.lastSourceBelow(mark) : -1;
    PartitionProgress fresh =
        new PartitionProgress(tp, old.topicId(), old.targetTopic(), from, last, mappings);
    active.put(tp, fresh);
    failedRetryAt.remove(tp);
    if (from >= 0) {
      consumer.seek(tp, from);
    } else {
      consumer.seekToBeginning(List.of(tp));
    }
    if (!waitingForTarget.contains(tp)) {
      consumer.resume(List.of(tp));
    }
    LOG.debug(
        "flow={} topic={} partition={} event=rewind offset={}",
        flow,
        tp.topic(),
        tp.partition(),
        from);
  }

  /**
   * Progress captured for partitions whose committable offset moved: each partition's mark, the
   * last mirrored offset below it, and the epoch it came from (a partition rewound, reset or
   * revoked since then is left out when the progress is written).
   */
  private record Captured(
      Map<TopicPartition, HighWater> marks,
      Map<TopicPartition, Long> lastBelow,
      Map<TopicPartition, PartitionProgress> epochs) {}

  /** A periodic progress write, waiting for its offset-index records to be acknowledged. */
  private record PendingProgress(ProgressGate gate, Captured captured) {}

  /**
   * Periodic: starts writing the progress of every owned partition whose committable offset moved.
   * The worker goes on polling and sending while the offset index acknowledges what the progress
   * relies on ({@link #settleProgress()} stores it then); a round still waiting skips this one.
   */
  void persistAll() {
    if (pendingProgress != null) {
      return;
    }
    Captured captured = capture(active.keySet());
    if (captured != null) {
      pendingProgress = new PendingProgress(mappings.beginProgress(captured.marks()), captured);
      settleProgress();
    }
  }

  /** Every step, without blocking: stores the pending progress once the index acknowledged it. */
  void settleProgress() {
    PendingProgress pending = pendingProgress;
    if (pending == null) {
      return;
    }
    ProgressGate.State state = pending.gate().state();
    if (state != ProgressGate.State.PENDING) {
      pendingProgress = null;
      if (state == ProgressGate.State.ACKNOWLEDGED) {
        store(pending.captured(), false);
      }
    }
  }

  /**
   * Before partitions are handed over or the worker stops: writes their progress now, waiting for
   * the index. A periodic round still pending is dropped; its runs are still queued and go with
   * this write.
   */
  private void persistNow(Collection<TopicPartition> partitions) {
    pendingProgress = null;
    Captured captured = capture(partitions);
    if (captured != null
        && mappings.beginProgress(captured.marks()).await() == ProgressGate.State.ACKNOWLEDGED) {
      store(captured, true);
    }
  }

  /** The progress of the partitions whose committable offset moved, or null when none did. */
  private Captured capture(Collection<TopicPartition> partitions) {
    Map<TopicPartition, HighWater> moved = new HashMap<>();
    Map<TopicPartition, Long> lastBelow = new HashMap<>();
    Map<TopicPartition, PartitionProgress> epochs = new HashMap<>();
    for (TopicPartition tp : partitions) {
      PartitionProgress progress = active.get(tp);
      if (progress == null) {
        continue;
      }
      HighWater mark = progress.highWater();
      Long last = persisted.get(tp);
      if (mark.next() >= 0 && (last == null || last != mark.next())) {
        moved.put(tp, mark);
        lastBelow.put(tp, progress.lastSourceBelow(mark));
        epochs.put(tp, progress);
      }
    }
    return moved.isEmpty() ? null : new Captured(moved, lastBelow, epochs);
  }

  /**
   * Stores captured progress whose offset-index records were acknowledged (exact translation needs
   * them durable first), for the partitions still in the epoch it was captured in.
   */
  private void store(Captured captured, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    captured
        .marks()
        .forEach(
            (tp, mark) -> {
              if (active.get(tp) == captured.epochs().get(tp)) {
                // The mark just written for this same HighWater says the same lastSource.
                store.write(tp, mark.next(), captured.lastBelow().get(tp));
                persisted.put(tp, mark.next());
                commits.put(tp, new OffsetAndMetadata(mark.next()));
              }
            });
    commitToSourceGroup(commits, sync);
  }

  /**
   * Mirrors progress into the source group too, only so that standard lag tools work; kmirror never
   * reads it back (the target's copy is the truth), so a failed commit is just logged.
   */
  private void commitToSourceGroup(Map<TopicPartition, OffsetAndMetadata> commits, boolean sync) {
    if (commits.isEmpty()) {
      return;
    }
    if (!sync) {
      consumer.commitAsync(
          commits,
          (offsets, error) -> {
            if (error != null) {
              LOG.debug("flow={} event=source-group-commit-failed reason=\"{}\"", flow, error);
            }
          });
      return;
    }
    try {
      consumer.commitSync(commits, settings.closeTimeout());
    } catch (KafkaException e) {
      LOG.debug("flow={} event=source-group-commit-failed reason=\"{}\"", flow, e.toString());
    }
  }

  /** Drains before a clean stop: everything sent is acknowledged or abandoned, then persisted. */
  void drain() {
    producer.flush();
    persistNow(new ArrayList<>(active.keySet()));
    producer.flush();
    forget(new ArrayList<>(active.keySet()));
  }

  /**
   * Periodic: adds what the target acknowledged to the flow's metrics and publishes every owned
   * partition's next offset to copy for the lag probe ({@link #positions()}).
   */
  void reportMetrics() {
    Map<TopicPartition, PartitionPosition> next = new HashMap<>();
    active.forEach(
        (tp, progress) -> {
          reportAcknowledged(progress);
          long committable = progress.committable();
          if (committable >= 0) {
            next.put(tp, new PartitionPosition(committable, progress.firstTimestamp()));
          }
        });
    positions = Map.copyOf(next);
  }

  /** Any thread: the owned partitions' next offsets to copy, as of the last report. */
  Map<TopicPartition, PartitionPosition> positions() {
    return positions;
  }

  /** Acknowledgements of an epoch not yet in the metrics; called before an epoch is replaced. */
  private void reportAcknowledged(PartitionProgress progress) {
    long records = progress.takeAcknowledgedDelta();
    long bytes = progress.takeAcknowledgedBytesDelta();
    metrics.acknowledged(progress.source().topic(), records, bytes);
  }

  /** Partitions stopped by a record too large for the target, for status reporting. */
  Set<TopicPartition> stoppedPartitions() {
    return Set.copyOf(reportedStopped);
  }
}
