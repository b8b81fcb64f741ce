package io.kmirror.topology;

import java.util.Objects;

/** {@code replication.policy.class} and {@code replication.policy.separator}. */
public record ReplicationPolicySpec(PolicyKind kind, String separator) {

  public static final String DEFAULT_SEPARATOR = ".";

  public ReplicationPolicySpec {
    Objects.requireNonNull(kind, "kind");
    Rules.separator(Objects.requireNonNull(separator, "separator"));
  }

  /** Whether remote topic names keep the source's name unchanged (so an A<->B pair can loop). */
  public boolean identity() {
    return kind == PolicyKind.IDENTITY;
  }
}
