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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one worker does with an owned partition that cannot go on: one whose records the target
 * refused, and one whose remote partition does not exist yet.
 *
 * <p>A failed partition is never skipped: it is paused, and once its in-flight records have
 * completed it is either rewound to its last acknowledged offset and re-sent (retriable errors), or
 * held at that offset and retried now and then (a record larger than the target accepts), so
 * nothing past a record that did not reach the target is ever stored as progress. A partition the
 * target does not have yet is paused at its first unsent record and resumed once topic sync reports
 * the partition ready.
 *
 * <p>Owned by the worker thread. Logs as {@link MirrorPartitions}, whose lines these are.
 */
final class PartitionFailures {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorPartitions.class);

  private final FlowId flow;
  private final Consumer<byte[], byte[]> consumer;
  private final Epochs epochs;
  private final FlowMetrics metrics;
  private final OffsetMappingSink mappings;
  private final MirrorSettings settings;
  private final Set<TopicPartition> waitingForTarget = new HashSet<>();
  private final Map<TopicPartition, Long> failedRetryAt = new HashMap<>();
  private final Set<TopicPartition> reportedStopped = new HashSet<>();

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

  /** Pauses newly failed partitions, rewinds or retries due ones, resumes ones now ready. */
  void check(long nowMillis, ReadyTopics.Snapshot ready) {
    epochs.forEach(
        (tp, progress) -> {
          if (progress.failed() && !failedRetryAt.containsKey(tp)) {
            consumer.pause(List.of(tp));
            failedRetryAt.put(tp, nowMillis + retryDelayFor(progress).toMillis());
            metrics.errors().record(ErrorMeters.Stage.PRODUCE, progress.failure().cause());
            report(tp, progress);
          } else if (!progress.failed()
              && progress.acknowledged() > 0
              && reportedStopped.remove(tp)) {
            metrics.incidents().cleared(tp.topic(), tp.partition());
            LOG.info(
                "flow={} topic={} partition={} event=partition-resumed",
                flow,
                tp.topic(),
                tp.partition());
          }
        });
    List<TopicPartition> due = new ArrayList<>();
    failedRetryAt.forEach(
        (tp, at) -> {
          if (at <= nowMillis && epochs.get(tp).idle()) {
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
        metrics
            .incidents()
            .stopped(
                new FlowIncidents.Stop(
                    tp.topic(),
                    tp.partition(),
                    failure.offset(),
                    "record larger than target " + progress.targetTopic() + " accepts",
                    System.currentTimeMillis()));
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
    PartitionProgress old = epochs.get(tp);
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
    if (reportedStopped.remove(tp)) {
      metrics.incidents().cleared(tp.topic(), tp.partition());
    }
  }
}
