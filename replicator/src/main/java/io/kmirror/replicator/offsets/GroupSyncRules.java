package io.kmirror.replicator.offsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which translated offsets may be committed to a consumer group on the target. A group with active
 * members on the target is never touched (its consumers own their positions; the caller checks
 * that); a partition is committed only when the translation has an offset and it is ahead of what
 * the target group already has, so a target group never moves backwards, whoever moved it forward.
 */
public final class GroupSyncRules {

  private GroupSyncRules() {}

  /**
   * @param plans one group's translated partitions
   * @param onTarget what the group has committed on the target now (partitions may be missing)
   * @return the commits to make, by remote partition; empty when nothing moves forward
   */
  public static Map<TopicPartition, OffsetAndMetadata> commits(
      List<PartitionPlan> plans, Map<TopicPartition, OffsetAndMetadata> onTarget) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    for (PartitionPlan plan : plans) {
      if (plan.targetOffset().isEmpty()) {
        continue;
      }
      long translated = plan.targetOffset().getAsLong();
      OffsetAndMetadata current = onTarget.get(plan.target());
      if (current == null || current.offset() < translated) {
        commits.put(plan.target(), new OffsetAndMetadata(translated, plan.metadata()));
      }
    }
    return commits;
  }
}
