package io.kmirror.replicator.offsets;

import io.kmirror.replicator.offsets.index.Translation;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumer group's position on one partition, translated: what failover commits on the target
 * and what a drill checks.
 *
 * @param group the consumer group
 * @param source the source partition the group committed on
 * @param target the remote partition on the target (named by the flow's replication policy)
 * @param committed the group's committed offset on the source
 * @param metadata the committed offset's metadata, carried over unchanged
 * @param translation the translated target offset, or why there is none exactly
 */
public record PartitionPlan(
    String group,
    TopicPartition source,
    TopicPartition target,
    long committed,
    String metadata,
    Translation translation) {

  /** The target offset to commit: exact, or right after what is mirrored when behind. */
  public OptionalLong targetOffset() {
    return translation.target();
  }

  /** Source records the group consumed that are not on the target (0 when exact). */
  public long notReplicated() {
    return translation.notReplicated();
  }
}
