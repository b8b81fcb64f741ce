package io.kmirror.replicator.mirror;

import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowIncidents;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one worker does with an owned partition that cannot go on: one whose records the target
 * refused, and one whose remote partition does not exist yet.
 *
 * <p>A failed partition is never skipped: it is paused, and once its in-flight records have
 * completed (only then is the reason final: a refused record fails its batch-mates with a generic
 * error) the failure is classified ({@link SendErrorKind}) and counted in {@code
 * kmirror_errors_total{stage="produce"}}. Retriable: rewound to its last acknowledged offset and
 * re-sent after a backoff that doubles per consecutive failure up to the stopped-retry interval,
 * with one WARN per reason. Refused (too large, invalid record or timestamp, not authorized for the
 * topic): held at that offset, one ERROR per reason, listed in status as stopped, retried now and
 * then. A fatal error only the producer suffered (sequence or producer id lost, producer closed):
 * the worker has replaced its producer ({@link WorkerProducer}) and the partition is retried like a
 * retriable one, with one ERROR per reason. Any other fatal error (credentials, authorization): the
 * worker ends ({@link FatalProducerException}) and the flow rebuilds its clients and resumes from
 * stored progress. Records the worker's own producer replacement aborted are rewound at once,
 * neither counted nor said. So nothing past a record that did not reach the target is ever stored
 * as progress. A partition the target does not have yet is paused at its first unsent record and
 * resumed once topic sync reports the partition ready.
 *
 * <p>Owned by the worker thread. Logs as {@link MirrorPartitions}, whose lines these are.
 */
final class PartitionFailures {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorPartitions.class);
  private static final long UNDECIDED = Long.MIN_VALUE;

  private final FlowId flow;
  private final Consumer<byte[], byte[]> consumer;
  private final Epochs epochs;
  private final FlowMetrics metrics;
  private final OffsetMappingSink mappings;
  private final MirrorSettings settings;
  private final Set<TopicPartition> waitingForTarget = new HashSet<>();
  private final Map<TopicPartition, Long> failedRetryAt = new HashMap<>();
  // What was last said about a failed partition (kind and error class), so each reason is said
  // once; and its consecutive retriable failures, for the backoff.
  private final Map<TopicPartition, String> reported = new HashMap<>();
  private final Map<TopicPartition, Integer> attempts = new HashMap<>();
  private final Set<TopicPartition> remirror = new HashSet<>();
  // A send that blocked until max.block.ms, counted when it happened: not again when decided.
  private final Map<TopicPartition, Exception> countedEarly = new HashMap<>();
  private SendFence fence = SendFence.NONE;

  PartitionFailures(
      FlowId flow,
      Consumer<byte[], byte[]> consumer,
      Epochs epochs,
      FlowMetrics metrics,
      OffsetMappingSink mappings,
      MirrorSettings settings) {
    this.flow = flow;
    this.consumer = consumer;
    this.epochs = epochs;
    this.metrics = metrics;
    this.mappings = mappings;
    this.settings = settings;
  }

  /** The worker's producer, which may replace itself after a fatal error. */
  void fencedBy(SendFence fence) {
    this.fence = fence;
  }

  /** Whether the partition failed and waits to be rewound or retried; its polled records wait. */
  boolean failed(TopicPartition tp) {
    return failedRetryAt.containsKey(tp);
  }

  /** Pauses a partition whose remote partition is missing, at the first record not sent. */
  void waitForTarget(TopicPartition tp, long offset) {
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

  /**
   * Worker thread, right after the copier stopped at a failed send: a send that blocked the worker
   * for {@code max.block.ms} (no metadata or no buffer space: the target is down or slow) is
   * counted and said now, as a retriable send error, instead of once the partition's records in
   * flight have completed, which during a target outage is up to {@code delivery.timeout.ms} later.
   */
  void failedInSend(TopicPartition tp, PartitionProgress progress) {
    PartitionProgress.Failure failure = progress.failure();
    if (failure == null
        || !(failure.cause() instanceof TimeoutException)
        || countedEarly.putIfAbsent(tp, failure.cause()) != null) {
      return;
    }
    metrics.errors().record(ErrorMeters.Stage.PRODUCE, failure.cause());
    String key = SendErrorKind.RETRIABLE + " " + failure.cause().getClass().getName();
    if (!key.equals(reported.put(tp, key))) {
      LOG.warn(
          "flow={} topic={} partition={} offset={} event=send-failed reason=\"{}\""
              + " action=\"the send blocked the worker for max.block.ms; retrying with backoff up"
              + " to {}s once the records in flight complete; said once per reason\"",
          flow,
          tp.topic(),
          tp.partition(),
          failure.offset(),
          failure.cause(),
          settings.stoppedRetryInterval().toSeconds());
    }
  }

  /** Pauses newly failed partitions, rewinds or retries due ones, resumes ones now ready. */
  void check(long nowMillis, ReadyTopics.Snapshot ready) {
    epochs.forEach(
        (tp, progress) -> {
          if (progress.failed() && !failedRetryAt.containsKey(tp)) {
            consumer.pause(List.of(tp));
            failedRetryAt.put(tp, UNDECIDED);
          } else if (!progress.failed() && progress.acknowledged() > 0) {
            resumed(tp);
          }
        });
    List<TopicPartition> due = new ArrayList<>();
    for (Map.Entry<TopicPartition, Long> failed : failedRetryAt.entrySet()) {
      TopicPartition tp = failed.getKey();
      PartitionProgress progress = epochs.get(tp);
      // Decided once every record in flight has completed: only then is the reason final.
      if (!progress.idle()) {
        continue;
      }
      if (failed.getValue() == UNDECIDED) {
        failed.setValue(nowMillis + decide(tp, progress).toMillis());
      } else if (failed.getValue() <= nowMillis) {
        due.add(tp);
      }
    }
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

  /**
   * Counts the failure, says what it is once per reason, and returns how long to wait before
   * sending again; a fatal error a new producer does not cure ends the worker instead.
   */
  private Duration decide(TopicPartition tp, PartitionProgress progress) {
    PartitionProgress.Failure reason = progress.reason();
    SendErrorKind kind = reason.kind();
    Exception early = countedEarly.remove(tp);
    if (kind == SendErrorKind.ABORTED) {
      // Aborted by the worker's own producer rebuild: nothing to count or say, send again now.
      return Duration.ZERO;
    }
    if (early != reason.cause()) {
      metrics.errors().record(ErrorMeters.Stage.PRODUCE, reason.cause());
    }
    String key = kind + " " + reason.cause().getClass().getName();
    boolean fresh = !key.equals(reported.put(tp, key));
    switch (kind) {
      case FATAL -> {
        if (!fence.rebuildsItsProducer() || !SendErrorKind.curedByNewProducer(reason.cause())) {
          throw new FatalProducerException(flow, tp, reason);
        }
        return producerReplaced(tp, progress, reason, fresh);
      }
      case TARGET_RESET -> {
        targetReset(tp, progress, reason);
        return Duration.ZERO;
      }
      case REFUSED -> {
        if (fresh) {
          stopped(tp, progress, reason);
        }
        return settings.stoppedRetryInterval();
      }
      default -> {
        int attempt = attempts.merge(tp, 1, Integer::sum);
        Duration delay = backoff(attempt);
        if (fresh) {
          LOG.warn(
              "flow={} topic={} partition={} offset={} event=send-failed reason=\"{}\""
                  + " retry-in={}ms action=\"retrying with backoff up to {}s; said once per"
                  + " reason\"",
              flow,
              tp.topic(),
              tp.partition(),
              progress.failure().offset(),
              reason.cause(),
              delay.toMillis(),
              settings.stoppedRetryInterval().toSeconds());
        }
        return delay;
      }
    }
  }

  /**
   * A fatal error that only the producer suffered (sequence or producer id lost, producer closed):
   * the worker has already replaced its producer ({@link WorkerProducer}); the partition is sent
   * again from its last acknowledged record after the usual backoff, instead of the whole flow
   * being torn down and started again.
   */
  private Duration producerReplaced(
      TopicPartition tp,
      PartitionProgress progress,
      PartitionProgress.Failure reason,
      boolean fresh) {
    Duration delay = backoff(attempts.merge(tp, 1, Integer::sum));
    if (fresh) {
      LOG.error(
          "flow={} topic={} partition={} offset={} event=producer-fatal reason=\"{}\""
              + " retry-in={}ms action=\"the worker's producer was replaced; sending again from"
              + " the last acknowledged record; said once per reason\"",
          flow,
          tp.topic(),
          tp.partition(),
          progress.failure().offset(),
          reason.cause(),
          delay.toMillis());
    }
    return delay;
  }

  /** Counts and says it, and marks the partition to be mirrored again from its log start. */
  private void targetReset(
      TopicPartition tp, PartitionProgress progress, PartitionProgress.Failure reason) {
    remirror.add(tp);
    metrics.targetReset();
    LOG.error(
        "flow={} topic={} partition={} event=target-copy-lost reason=\"{}\" action=\"mirroring"
            + " the partition again from the first offset the source holds\"",
        flow,
        tp.topic(),
        tp.partition(),
        reason.cause().getMessage());
  }

  /** The retry delay doubled per consecutive failure, capped at the stopped-retry interval. */
  private Duration backoff(int attempt) {
    long base = settings.retryDelay().toMillis();
    long cap = Math.max(base, settings.stoppedRetryInterval().toMillis());
    long delay = base << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(cap, delay));
  }

  private void stopped(
      TopicPartition tp, PartitionProgress progress, PartitionProgress.Failure reason) {
    metrics.partitionStopped();
    String why =
        reason.recordTooLarge()
            ? "record larger than target " + progress.targetTopic() + " accepts"
            : "target " + progress.targetTopic() + " refuses the record: " + simpleName(reason);
    metrics
        .incidents()
        .stopped(
            new FlowIncidents.Stop(
                tp.topic(), tp.partition(), reason.offset(), why, System.currentTimeMillis()));
    String action =
        reason.recordTooLarge()
            ? "raise max.message.bytes of the target topic (and the producer's"
                + " max.request.size), it is retried every {}s; nothing after this offset is"
                + " committed"
            : "fix the cause on the target, it is retried every {}s; nothing after this offset is"
                + " committed";
    LOG.error(
        "flow={} topic={} partition={} offset={} event=partition-stopped reason=\"{}: {}\""
            + " action=\""
            + action
            + "\"",
        flow,
        tp.topic(),
        tp.partition(),
        reason.offset(),
        why,
        reason.cause().getMessage(),
        settings.stoppedRetryInterval().toSeconds());
  }

  private static String simpleName(PartitionProgress.Failure reason) {
    return reason.cause().getClass().getSimpleName();
  }

  /** The partition's records are acknowledged again: what was said about it is over. */
  private void resumed(TopicPartition tp) {
    attempts.remove(tp);
    String was = reported.remove(tp);
    if (was == null) {
      return;
    }
    metrics.incidents().cleared(tp.topic(), tp.partition());
    LOG.info(
        "flow={} topic={} partition={} event=partition-resumed", flow, tp.topic(), tp.partition());
  }

  /** Starts a new epoch at the last acknowledged offset and reads again from there. */
  private void rewind(TopicPartition tp) {
    PartitionProgress old = epochs.get(tp);
    if (remirror.remove(tp)) {
      // The target lost what progress says it holds: from the source's log start, with nothing
      // known below it and no memory of the old remote log's offsets.
      epochs.replaceAfterTargetReset(
          tp, new PartitionProgress(tp, old.topicId(), old.targetTopic(), -1, mappings));
      failedRetryAt.remove(tp);
      consumer.seekToBeginning(List.of(tp));
      if (!waitingForTarget.contains(tp)) {
        consumer.resume(List.of(tp));
      }
      return;
    }
    HighWater mark = old.highWater();
    long from = old.committable();
    // The last record below the rewind point, so the new epoch's first run covers the offsets in
    // between too (usually from - 1, or what the old epoch was given if it had no acknowledgement).
    long last = mark.next() == from ? old.lastSourceBelow(mark) : -1;
    epochs.replace(
        tp, new PartitionProgress(tp, old.topicId(), old.targetTopic(), from, last, mappings));
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

  /** The partition was given up: whatever it waited for is moot. */
  void forget(TopicPartition tp) {
    waitingForTarget.remove(tp);
    failedRetryAt.remove(tp);
    attempts.remove(tp);
    remirror.remove(tp);
    countedEarly.remove(tp);
    if (reported.remove(tp) != null) {
      metrics.incidents().cleared(tp.topic(), tp.partition());
    }
  }
}
