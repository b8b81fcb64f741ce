package io.kmirror.replicator.offsets;

import io.kmirror.replicator.offsets.index.OffsetIndex;
import io.kmirror.replicator.offsets.index.PartitionIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * Plans the way back for a flow {@code A->B}: a group's committed offsets on B's copies of A's
 * topics ({@code A.orders} under DefaultReplicationPolicy), translated to A's originals with the
 * flow's index read in reverse ({@link PartitionIndex#sourceOf}). The reverse flow {@code B->A}
 * never carries these positions: cycle prevention keeps it from sending {@code A.orders} back.
 *
 * <p>A copy is recognised by the flow's replication policy alone ({@code topicSource} is A, {@code
 * upstreamTopic} names the original), not by the flow's topic filter: the index is what knows
 * whether a partition was mirrored, and it says so per row. IdentityReplicationPolicy names no
 * source, so it yields no rows.
 */
public final class ReversePlans {

  private ReversePlans() {}

  /** Whether {@code topic} on the flow's target is a copy of a topic of {@code source}. */
  public static boolean isCopy(ReplicationPolicy policy, String source, String topic) {
    return source.equals(policy.topicSource(topic))
        && policy.upstreamTopic(topic) != null
        && !policy.isInternalTopic(topic);
  }

  /**
   * One plan per partition of a copy that {@code group} committed on; other partitions are left
   * out. Pure: reads only {@code index}.
   *
   * @param originIds the source's current IDs of the originals, to refuse an index of an earlier
   *     topic of the same name ({@link TopicIds#UNKNOWN}: trust the index)
   */
  public static List<ReversePlan> of(
      ReplicationPolicy policy,
      String source,
      OffsetIndex index,
      String group,
      Map<TopicPartition, OffsetAndMetadata> committedOnTarget,
      TopicIds originIds) {
    List<ReversePlan> plans = new ArrayList<>();
    committedOnTarget.forEach(
        (copy, offset) -> {
          if (offset != null && isCopy(policy, source, copy.topic())) {
            TopicPartition origin =
                new TopicPartition(policy.upstreamTopic(copy.topic()), copy.partition());
            plans.add(
                new ReversePlan(
                    group,
                    copy,
                    origin,
                    offset.offset(),
                    offset.metadata() == null ? "" : offset.metadata(),
                    index.sourceOf(origin, offset.offset(), originIds.of(origin.topic()))));
          }
        });
    plans.sort(
        Comparator.comparing((ReversePlan p) -> p.origin().topic())
            .thenComparingInt(p -> p.origin().partition()));
    return plans;
  }
}
