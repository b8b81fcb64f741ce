package io.kmirror.replicator.failover;

import org.apache.kafka.common.TopicPartition;

/**
 * What a verification consumer found on one partition after failover.
 *
 * @param group the consumer group
 * @param target the remote partition on the target
 * @param committed the group's committed offset on the source
 * @param resumedAt the group's position on the target when its consumer started
 * @param matchedSource the source offset of the first record the consumer read, found by content;
 *     -1 when it read nothing (the target had nothing after the position), -2 when not found
 * @param reRead records the group had already consumed on the source and read again
 * @param skipped records the group had not consumed on the source and will never read
 * @param note one line for humans
 */
public record PartitionCheck(
    String group,
    TopicPartition target,
    long committed,
    long resumedAt,
    long matchedSource,
    long reRead,
    long skipped,
    String note) {

  /** The consumer resumed exactly where the group left the source. */
  public boolean passed() {
    return matchedSource != -2 && reRead == 0 && skipped == 0;
  }
}
