package io.kmirror.replicator.metrics;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One lag measurement of the partitions a process owns in one flow.
 *
 * @param partitions source partitions this process mirrors
 * @param stalled those behind that made no progress for the stall threshold
 * @param caughtUpMillis the time before which every record of those partitions is on the target
 *     (the oldest of their last caught-up times), 0 when unknown
 * @param topics lag by source topic
 * @param byPartition records behind, per owned partition
 */
public record LagSnapshot(
    int partitions,
    int stalled,
    long caughtUpMillis,
    Map<String, TopicLag> topics,
    Map<TopicPartition, Long> byPartition) {

  public LagSnapshot {
    topics = Map.copyOf(topics);
    byPartition = Map.copyOf(byPartition);
  }

  /**
   * @param records source end offset minus next offset to copy, summed over the partitions
   * @param millis the upper bound of the oldest missing record's age, over the partitions
   */
  public record TopicLag(long records, long millis) {}
}
