package io.kmirror.replicator.cli;

import io.kmirror.topology.Flow;
import io.kmirror.topology.NameFilter;
import io.kmirror.topology.PolicyKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.mirror.DefaultReplicationPolicy;
import org.apache.kafka.connect.mirror.IdentityReplicationPolicy;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * An example of how a flow names topics on its target, {@code orders -> A.orders}, computed by
 * connect-mirror-client's own policy so it is exactly what MM2 would write.
 */
final class RemoteNames {

  private static final String FALLBACK_TOPIC = "orders";

  private RemoteNames() {}

  static String example(Flow flow) {
    String topic = sampleTopic(flow.topics().filter());
    return topic + " -> " + policy(flow).formatRemoteTopic(flow.source(), topic);
  }

  /** A topic name the flow would mirror: a literal start of an include pattern, or "orders". */
  static String sampleTopic(NameFilter filter) {
    List<String> candidates = new ArrayList<>();
    for (String include : filter.include()) {
      candidates.add(literalStart(include));
    }
    candidates.add(FALLBACK_TOPIC);
    return candidates.stream()
        .filter(c -> !c.isEmpty() && filter.matches(c))
        .findFirst()
        .orElse("<topic>");
  }

  private static String literalStart(String regex) {
    int end = 0;
    while (end < regex.length() && isLiteral(regex.charAt(end))) {
      end++;
    }
    return regex.substring(0, end);
  }

  private static boolean isLiteral(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }

  private static ReplicationPolicy policy(Flow flow) {
    DefaultReplicationPolicy policy =
        flow.policy().kind() == PolicyKind.IDENTITY
            ? new IdentityReplicationPolicy()
            : new DefaultReplicationPolicy();
    policy.configure(Map.of(DefaultReplicationPolicy.SEPARATOR_CONFIG, flow.policy().separator()));
    return policy;
  }
}
