package io.kmirror.replicator.failover;

import io.kmirror.replicator.failover.CheckpointReader.Seen;
import io.kmirror.replicator.flow.OffsetTopics;
import io.kmirror.replicator.offsets.OffsetTranslator;
import io.kmirror.replicator.offsets.PartitionPlan;
import io.kmirror.topology.Flow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * A failover plan's rows when the source does not answer, from the groups' newest checkpoints on
 * the target.
 *
 * <p>The upstream offset of each checkpoint is translated again with the index rather than trusting
 * the checkpoint's downstream offset: the index is as exact and newer (it covers records mirrored
 * after the checkpoint). The checkpoint's own answer is used only where the index has none
 * (checkpoints written by MM2, or a partition the index never saw), and such rows are marked not
 * exact. With the source down its topic IDs are unknown, so the index is trusted as it is.
 */
final class CheckpointRows {

  private final ReplicationPolicy policy;

  CheckpointRows(Flow flow) {
    this.policy = OffsetTopics.policy(flow);
  }

  /**
   * @param translator refreshed just before, so it answers from the newest index
   * @param checkpoints per group, remote partition to newest checkpoint
   */
  List<PlanRow> rows(
      OffsetTranslator translator, Map<String, Map<TopicPartition, Seen>> checkpoints) {
    List<PlanRow> rows = new ArrayList<>();
    checkpoints.forEach(
        (group, seen) -> {
          Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
          Map<TopicPartition, Seen> bySource = new HashMap<>();
          seen.forEach(
              (remote, checkpoint) -> {
                TopicPartition source =
                    new TopicPartition(upstream(remote.topic()), remote.partition());
                committed.put(
                    source, new OffsetAndMetadata(checkpoint.upstream(), checkpoint.metadata()));
                bySource.put(source, checkpoint);
              });
          for (PartitionPlan plan : translator.plan(group, committed)) {
            rows.add(withCheckpoint(PlanRow.of(plan), bySource.get(plan.source())));
          }
        });
    return rows;
  }

  private String upstream(String remote) {
    String original = policy.upstreamTopic(remote);
    return original == null ? remote : original;
  }

  /** A row translated from a checkpoint; the checkpoint's own answer where the index has none. */
  private static PlanRow withCheckpoint(PlanRow row, Seen checkpoint) {
    if (row.committable()) {
      return row;
    }
    return new PlanRow(
        row.group(),
        row.source(),
        row.target(),
        row.committed(),
        row.metadata(),
        OptionalLong.of(checkpoint.downstream()),
        false,
        "checkpoint's own translation, not verified by kmirror's index (" + row.note() + ")");
  }
}
