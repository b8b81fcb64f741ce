package io.kmirror.replicator.flow;

import io.kmirror.topology.PolicyKind;
import io.kmirror.topology.ReplicationPolicySpec;
import java.util.Map;
import org.apache.kafka.connect.mirror.DefaultReplicationPolicy;
import org.apache.kafka.connect.mirror.IdentityReplicationPolicy;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/** Builds connect-mirror-client's policy for a flow, so remote names are exactly MM2's. */
public final class ReplicationPolicies {

  private ReplicationPolicies() {}

  public static ReplicationPolicy of(ReplicationPolicySpec spec) {
    DefaultReplicationPolicy policy =
        spec.kind() == PolicyKind.IDENTITY
            ? new IdentityReplicationPolicy()
            : new DefaultReplicationPolicy();
    if (!DefaultReplicationPolicy.SEPARATOR_DEFAULT.equals(spec.separator())) {
      policy.configure(Map.of(DefaultReplicationPolicy.SEPARATOR_CONFIG, spec.separator()));
    }
    return policy;
  }
}
