package io.kmirror.replicator.flow;

import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * One flow as every part of the running replicator sees it: its settings, its replication policy
 * (resolved once, here), the names of the topics the flow keeps for itself and how they are
 * created. Built once per flow ({@link FlowEndpoints} holds it) and passed down, so no part
 * re-derives a name or a policy on its own and two parts can never disagree about one.
 *
 * <p>The topics of flow {@code A->B}:
 *
 * <ul>
 *   <li>{@code kmirror-offsets.A.internal} on B: mirroring progress, the next source offset to read
 *       per partition;
 *   <li>{@code kmirror-offset-index.A.internal} on B: the offset index, one key per run start and
 *       per partition's mark;
 *   <li>{@code kmirror-leader.A.internal} on B: empty; the process whose consumer owns its one
 *       partition does the flow's group work;
 *   <li>{@code kmirror-configs.A.internal} on B: per source topic, the config keys topic sync set
 *       on its remote topic, so a key the source drops is removed from the remote topic even after
 *       a restart;
 *   <li>MM2's checkpoints ({@code A.checkpoints.internal} on B) and heartbeats ({@code heartbeats}
 *       on A), named by the flow's replication policy exactly as MM2 names them.
 * </ul>
 *
 * <p>kmirror's own topics and the checkpoints are compacted with one partition, on the target, with
 * the flow's replication factor ({@code -1}: the target broker's default), the same rule as for the
 * remote topics; the heartbeats topic lives on the source and takes the source broker's default
 * (see {@link #heartbeatsOnSource()}).
 *
 * <p>Immutable and safe to share between threads: connect-mirror-client's policies only read their
 * configuration once configured.
 */
public final class FlowContext {

  /** Progress topic on the target, per source. */
  public static final String PROGRESS_TOPIC_FORMAT = "kmirror-offsets.%s.internal";

  /** Offset index topic on the target, per source. */
  public static final String INDEX_TOPIC_FORMAT = "kmirror-offset-index.%s.internal";

  /** Leader election topic on the target, per source. */
  public static final String LEADER_TOPIC_FORMAT = "kmirror-leader.%s.internal";

  /** Copied-config bookkeeping topic on the target, per source. */
  public static final String CONFIGS_TOPIC_FORMAT = "kmirror-configs.%s.internal";

  private final Flow flow;
  private final ReplicationPolicy policy;
  private final boolean exactlyOnce;

  private FlowContext(Flow flow, ReplicationPolicy policy, boolean exactlyOnce) {
    this.flow = flow;
    this.policy = policy;
    this.exactlyOnce = exactlyOnce;
  }

  public static FlowContext of(Flow flow) {
    return new FlowContext(flow, ReplicationPolicies.of(flow.policy()), false);
  }

  /** The same flow, mirrored exactly once ({@code kmirror.exactly.once.enabled}) or not. */
  public FlowContext withExactlyOnce(boolean on) {
    return on == exactlyOnce ? this : new FlowContext(flow, policy, on);
  }

  /**
   * Whether the flow's workers write in transactions ({@code kmirror.exactly.once.enabled}):
   * copies, offset-index entries and progress commit together, and readers on the target use {@code
   * read_committed}.
   */
  public boolean exactlyOnce() {
    return exactlyOnce;
  }

  /**
   * {@code kmirror-A-B.tx.}: what every transactional ID of this flow's workers starts with, so a
   * worker can list and fence the flow's other writers on the target and no one else's.
   */
  public String transactionalIdPrefix() {
    return groupId() + ".tx.";
  }

  public Flow flow() {
    return flow;
  }

  public FlowId id() {
    return flow.id();
  }

  /** The flow's replication policy, resolved once for the flow. */
  public ReplicationPolicy policy() {
    return policy;
  }

  /** {@code kmirror-A-B}: the consumer group the mirroring consumers of this flow share. */
  public String groupId() {
    return "kmirror-" + flow.source() + "-" + flow.target();
  }

  /** The name of {@code sourceTopic}'s copy on the target. */
  public String remoteTopic(String sourceTopic) {
    return policy.formatRemoteTopic(flow.source(), sourceTopic);
  }

  /** {@code kmirror-offsets.A.internal} on the target. */
  public String progressTopic() {
    return perSource(PROGRESS_TOPIC_FORMAT);
  }

  /** {@code kmirror-offset-index.A.internal} on the target. */
  public String indexTopic() {
    return perSource(INDEX_TOPIC_FORMAT);
  }

  /** {@code kmirror-leader.A.internal} on the target. */
  public String leaderTopic() {
    return perSource(LEADER_TOPIC_FORMAT);
  }

  /** {@code kmirror-configs.A.internal} on the target. */
  public String configsTopic() {
    return perSource(CONFIGS_TOPIC_FORMAT);
  }

  /** MM2's checkpoints topic for this source on the target, named by the policy. */
  public String checkpointsTopic() {
    return policy.checkpointsTopic(flow.source());
  }

  /** The source's MM2 heartbeats topic, named by the policy. */
  public String heartbeatsTopic() {
    return policy.heartbeatsTopic();
  }

  private String perSource(String format) {
    return String.format(Locale.ROOT, format, flow.source());
  }

  /** The replication factor of every topic kmirror creates on the target; empty: broker default. */
  public Optional<Short> replicationFactor() {
    int factor = flow.topics().replicationFactor();
    return factor < 0 ? Optional.empty() : Optional.of((short) factor);
  }

  /** One of the flow's own topics on the target: compacted, one partition. */
  public NewTopic compactedOnTarget(String name) {
    return compacted(name, replicationFactor());
  }

  /**
   * The source's heartbeats topic: one partition, compacted, with the source broker's default
   * replication factor. The flow's {@code replication.factor} describes topics on the target, which
   * may have more brokers than the source: active-passive.properties has a 1-broker primary and
   * {@code primary->dr.replication.factor = 3}, and creating heartbeats on primary with factor 3
   * failed every start attempt, so the flow never mirrored.
   */
  public NewTopic heartbeatsOnSource() {
    return compacted(heartbeatsTopic(), Optional.empty());
  }

  private static NewTopic compacted(String name, Optional<Short> replicationFactor) {
    return new NewTopic(name, Optional.of(1), replicationFactor)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  /** Equal for the same flow: the policy follows from it. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FlowContext that && flow.equals(that.flow);
  }

  @Override
  public int hashCode() {
    return flow.hashCode();
  }

  @Override
  public String toString() {
    return "FlowContext[" + flow.id() + "]";
  }
}
