package io.kmirror.replicator.mirror;

import io.kmirror.replicator.metrics.FlowMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The current epoch ({@link PartitionProgress}) of every source partition one worker owns, shared
 * by {@link MirrorPartitions}, {@link PartitionFailures} and {@link ProgressWriter}.
 *
 * <p>An epoch is replaced when its partition is rewound or the consumer's position is reset, and
 * dropped when the partition is given up; either way the old epoch's acknowledgements not yet in
 * the flow's metrics are added first, so none is lost and none is counted twice.
 *
 * <p>Owned by the worker thread.
 */
final class Epochs {

  private final Map<TopicPartition, PartitionProgress> active = new HashMap<>();
  private final FlowMetrics metrics;
  private SendFence fence = SendFence.NONE;

  Epochs(FlowMetrics metrics) {
    this.metrics = metrics;
  }

  /** Every epoch from now on reports its failed sends to {@code fence} first. */
  void fencedBy(SendFence fence) {
    this.fence = fence;
    active.values().forEach(epoch -> epoch.fencedBy(fence));
  }

  /** The partition's current epoch, or null when the worker does not own it. */
  PartitionProgress get(TopicPartition partition) {
    return active.get(partition);
  }

  /** A live view of the owned partitions. */
  Set<TopicPartition> partitions() {
    return active.keySet();
  }

  void forEach(BiConsumer<TopicPartition, PartitionProgress> action) {
    active.forEach(action);
  }

  /** A first epoch for a newly assigned partition; nothing of an earlier one is reported. */
  void start(TopicPartition partition, PartitionProgress epoch) {
    epoch.fencedBy(fence);
    active.put(partition, epoch);
  }

  /** Replaces the partition's epoch, reporting the old one's acknowledgements first. */
  void replace(TopicPartition partition, PartitionProgress fresh) {
    PartitionProgress old = active.get(partition);
    reportAcknowledged(old);
    fresh.carryHighestTarget(old.highestTarget());
    fresh.fencedBy(fence);
    active.put(partition, fresh);
  }

  /**
   * Replaces the partition's epoch after its remote log was found reset: the target offsets seen
   * before say nothing about the new remote log.
   */
  void replaceAfterTargetReset(TopicPartition partition, PartitionProgress fresh) {
    reportAcknowledged(active.get(partition));
    fresh.fencedBy(fence);
    active.put(partition, fresh);
  }

  /** Gives the partition up, reporting its epoch's acknowledgements first. */
  void remove(TopicPartition partition) {
    PartitionProgress gone = active.remove(partition);
    if (gone != null) {
      reportAcknowledged(gone);
    }
  }

  /** Acknowledgements of an epoch not yet in the metrics. */
  void reportAcknowledged(PartitionProgress progress) {
    long records = progress.takeAcknowledgedDelta();
    long bytes = progress.takeAcknowledgedBytesDelta();
    metrics.acknowledged(progress.source().topic(), records, bytes);
  }
}
