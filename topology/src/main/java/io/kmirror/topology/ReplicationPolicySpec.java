package io.kmirror.topology;

/** {@code replication.policy.class} and {@code replication.policy.separator}. */
public record ReplicationPolicySpec(PolicyKind kind, String separator) {

  public static final String DEFAULT_SEPARATOR = ".";

  public ReplicationPolicySpec {
    if (separator.isEmpty()) {
      throw new IllegalArgumentException("separator must not be empty");
    }
  }
}
