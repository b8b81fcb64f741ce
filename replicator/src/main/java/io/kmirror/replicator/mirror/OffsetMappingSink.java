package io.kmirror.replicator.mirror;

import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * Receives (source offset, target offset) pairs of acknowledged records, once per partition each
 * time the distance between the two changes; the basis of exact offset translation.
 *
 * <p>{@link #mapped(TopicPartition, String, long, long, long)} is called on the producer's I/O
 * thread, in offset order per partition: an implementation must be thread-safe and must not block.
 * {@link #beginProgress(Map)} is called on the worker thread before progress is stored, and must
 * not block: whatever must be durable before that progress, it starts writing there, and the
 * returned {@link ProgressGate} says when it is.
 */
@FunctionalInterface
public interface OffsetMappingSink {

  OffsetMappingSink NONE = (source, sourceOffset, targetOffset) -> {};

  void mapped(TopicPartition source, long sourceOffset, long targetOffset);

  /**
   * As {@link #mapped(TopicPartition, long, long)}, with the source topic's ID and {@code from}:
   * the acknowledged position just before this record (the previous acknowledged record's offset +
   * 1; for the first record of a stretch, the offset it started from, widened down to one past the
   * last source record mirrored below that offset when the stored progress says which that was). No
   * record in {@code [from, sourceOffset)} was mirrored in this stretch, and none below the
   * stretch's start in it by anyone.
   *
   * @param topicId the ID of the source topic the stretch reads, {@code ""} when unknown; a topic
   *     re-created under the same name is another topic, whose offsets start again at 0
   */
  default void mapped(
      TopicPartition source, String topicId, long from, long sourceOffset, long targetOffset) {
    mapped(source, sourceOffset, targetOffset);
  }

  /**
   * Worker thread, before the progress in {@code progress} is written: starts making durable what
   * that progress relies on, and returns the gate the progress must wait for. A failed gate means
   * the progress must not be written yet (it is tried again at the next interval).
   */
  default ProgressGate beginProgress(Map<TopicPartition, HighWater> progress) {
    return ProgressGate.OPEN;
  }

  /**
   * Worker thread: the worker gave {@code source} up (revoked, lost or stopped). What is kept for
   * it and no longer needed can go, so the state stays bounded by the partitions owned now.
   */
  default void forget(TopicPartition source) {}

  /**
   * Exactly-once, worker thread: the open transaction was aborted, so the runs reported for {@code
   * source} since the last commit describe copies no reader will ever see; they are dropped.
   */
  default void discard(TopicPartition source) {}

  /**
   * Exactly-once: a sink that writes through the worker's transactional {@code producer}, so its
   * runs and marks commit or abort with the copies they describe, and whose marks say that a commit
   * marker follows each mark's last copy. The at-least-once sink is shared by the flow's workers;
   * this one belongs to one worker.
   */
  default OffsetMappingSink transactional(Producer<byte[], byte[]> producer) {
    return this;
  }
}
