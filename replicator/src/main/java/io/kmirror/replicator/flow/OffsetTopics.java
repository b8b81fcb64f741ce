package io.kmirror.replicator.flow;

import io.kmirror.topology.Flow;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * A flow's topic names and policy for code that holds only a {@link Flow}: the one-shot commands
 * (failover, failback, drill) and tests. Each call resolves them through {@link FlowContext}, the
 * one place they are built; the running replicator keeps one {@link FlowContext} per flow instead.
 */
public final class OffsetTopics {

  private OffsetTopics() {}

  /** {@code kmirror-offset-index.<source>.internal} on the target. */
  public static String index(Flow flow) {
    return FlowContext.of(flow).indexTopic();
  }

  /** MM2's {@code <source>.checkpoints.internal} on the target, named by the flow's policy. */
  public static String checkpoints(Flow flow) {
    return FlowContext.of(flow).checkpointsTopic();
  }

  public static ReplicationPolicy policy(Flow flow) {
    return FlowContext.of(flow).policy();
  }
}
