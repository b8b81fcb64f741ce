package io.kmirror.replicator.failover;

import io.kmirror.replicator.offsets.PartitionPlan;
import io.kmirror.replicator.offsets.index.Translation;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * One line of a failover plan: where one consumer group stands on one partition of the source, and
 * where it will resume on the target.
 *
 * @param group the consumer group
 * @param source the source partition
 * @param target the remote partition on the target (named by the flow's replication policy)
 * @param committed the group's committed offset on the source (from a checkpoint when the source
 *     was unreachable)
 * @param metadata the committed offset's metadata, carried over unchanged
 * @param targetOffset what failover commits on the target; empty when there is no safe answer
 * @param exact whether {@code targetOffset} is the exact translation (0 re-read, 0 skipped)
 * @param note why the row is not exact, empty when it is
 */
public record PlanRow(
    String group,
    TopicPartition source,
    TopicPartition target,
    long committed,
    String metadata,
    OptionalLong targetOffset,
    boolean exact,
    String note) {

  /** The row for one partition the offset translator planned. */
  static PlanRow of(PartitionPlan plan) {
    Translation translation = plan.translation();
    return new PlanRow(
        plan.group(),
        plan.source(),
        plan.target(),
        plan.committed(),
        plan.metadata(),
        plan.targetOffset(),
        translation.exact(),
        translation.exact() ? "" : translation.reason());
  }

  /** True when failover commits this row (exact or not, as long as there is an offset). */
  public boolean committable() {
    return targetOffset.isPresent();
  }
}
