package io.kmirror.replicator.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * What a failover plan was computed from, stated in its output because it decides how much a group
 * may re-read: the source's own committed offsets (read live, at {@code cut}), or, when the source
 * did not answer within {@code sourceTimeout}, the last checkpoints on the target.
 *
 * @param cut when the committed offsets were read (the moment the plan stands for)
 * @param sourceReachable whether the source answered
 * @param sourceProblem why the source was not used, empty when it was
 * @param sourceTimeout how long the source was given to answer
 * @param checkpointsAsOf with checkpoints: the newest checkpoint's time among those used
 * @param behindAtCut per source partition, records on the source that the target did not have at
 *     the cut (only known while the source answers)
 */
public record PlanBasis(
    Instant cut,
    boolean sourceReachable,
    String sourceProblem,
    Duration sourceTimeout,
    Optional<Instant> checkpointsAsOf,
    Map<TopicPartition, Long> behindAtCut) {

  public PlanBasis {
    behindAtCut = Map.copyOf(behindAtCut);
  }
}
