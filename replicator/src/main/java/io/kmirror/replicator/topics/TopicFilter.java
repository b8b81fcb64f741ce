package io.kmirror.replicator.topics;

import io.kmirror.topology.Flow;
import java.util.regex.Pattern;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * Decides which source topics a flow mirrors: those the flow's include/exclude filter accepts,
 * except internal topics and cycles, which are never mirrored whatever the filter says.
 *
 * <p>Internal: Kafka's own ({@code __consumer_offsets}, {@code __transaction_state}, anything
 * starting with {@code __} or {@code .}), MM2's and kmirror's ({@code *.internal}, {@code
 * *-internal}, {@code *.replica}, checkpoints and offset-syncs topics as the policy names them).
 *
 * <p>Cycle: a topic whose policy-decoded source, or the source of any topic it was mirrored from,
 * is the flow's target: mirroring it would send data back where it came from. This is what makes
 * active-active with DefaultReplicationPolicy loop-free; IdentityReplicationPolicy cannot decode a
 * source, so identity active-active relies on the provenance header instead.
 */
public final class TopicFilter {

  private static final Pattern INTERNAL = Pattern.compile("__.*|.*[.-]internal|.*\\.replica");

  private final Flow flow;
  private final ReplicationPolicy policy;

  public TopicFilter(Flow flow, ReplicationPolicy policy) {
    this.flow = flow;
    this.policy = policy;
  }

  /**
   * Heartbeat topics ({@code heartbeats}, {@code X.heartbeats}) are mirrored even when the filter
   * leaves them out, as MM2 does by default ({@code heartbeats.replication.enabled}): they are how
   * tools downstream learn which clusters feed them.
   */
  public boolean mirrors(String topic) {
    return !isInternal(topic)
        && (flow.topics().filter().matches(topic) || policy.isHeartbeatsTopic(topic))
        && !isCycle(topic);
  }

  public boolean isInternal(String topic) {
    return INTERNAL.matcher(topic).matches() || policy.isInternalTopic(topic);
  }

  /** MM2's rule, walking up the chain of upstream topics. */
  public boolean isCycle(String topic) {
    String current = topic;
    while (true) {
      String source = policy.topicSource(current);
      if (source == null) {
        return false;
      }
      if (source.equals(flow.target())) {
        return true;
      }
      String upstream = policy.upstreamTopic(current);
      if (upstream == null || upstream.equals(current)) {
        return false;
      }
      current = upstream;
    }
  }
}
