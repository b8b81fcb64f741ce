package io.kmirror.replicator.offsets;

import io.kmirror.replicator.mirror.ReplicationPolicies;
import io.kmirror.topology.Flow;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * Names and shapes of the topics that carry consumer-group positions: kmirror's offset index
 * ({@code kmirror-offset-index.<source>.internal} on the target) and leader topic ({@code
 * kmirror-leader.<source>.internal}, empty: see {@link FlowLeader}), and MM2's checkpoints ({@code
 * <source>.checkpoints.internal} on the target) and heartbeats ({@code heartbeats} on the source),
 * named by the flow's replication policy exactly as MM2 names them.
 */
public final class OffsetTopics {

  /** Compacted, one partition, on the target: one key per run start and per partition's mark. */
  public static final String INDEX_TOPIC_FORMAT = "kmirror-offset-index.%s.internal";

  private OffsetTopics() {}

  /**
   * Empty, one partition, on the target: its owner does the flow's group work ({@link FlowLeader}).
   */
  public static final String LEADER_TOPIC_FORMAT = "kmirror-leader.%s.internal";

  public static String leader(Flow flow) {
    return String.format(Locale.ROOT, LEADER_TOPIC_FORMAT, flow.source());
  }

  public static String index(Flow flow) {
    return String.format(Locale.ROOT, INDEX_TOPIC_FORMAT, flow.source());
  }

  public static String checkpoints(Flow flow) {
    return policy(flow).checkpointsTopic(flow.source());
  }

  public static String heartbeats(Flow flow) {
    return policy(flow).heartbeatsTopic();
  }

  public static ReplicationPolicy policy(Flow flow) {
    return ReplicationPolicies.of(flow.policy());
  }

  /** A one-partition compacted topic, replication factor from the flow (-1: broker default). */
  public static NewTopic compacted(Flow flow, String name) {
    int factor = flow.topics().replicationFactor();
    return new NewTopic(
            name, Optional.of(1), factor < 0 ? Optional.empty() : Optional.of((short) factor))
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  /**
   * The source's heartbeats topic: one partition, compacted, with the source broker's default
   * replication factor. The flow's {@code replication.factor} describes topics on the target, which
   * may have more brokers than the source: active-passive.properties has a 1-broker primary and
   * {@code primary->dr.replication.factor = 3}, and creating heartbeats on primary with factor 3
   * failed every start attempt, so the flow never mirrored.
   */
  public static NewTopic heartbeatsOnSource(Flow flow) {
    return new NewTopic(heartbeats(flow), Optional.of(1), Optional.empty())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  static List<NewTopic> onTarget(Flow flow) {
    return List.of(
        compacted(flow, index(flow)),
        compacted(flow, checkpoints(flow)),
        compacted(flow, leader(flow)));
  }
}
