package io.kmirror.topology;

import java.util.Arrays;
import java.util.Optional;

/**
 * The two naming policies of connect-mirror-client. The replicator instantiates the class; the
 * topology only needs to know whether remote names carry the source alias, which decides whether an
 * active-active pair can loop.
 */
public enum PolicyKind {
  DEFAULT("org.apache.kafka.connect.mirror.DefaultReplicationPolicy"),
  IDENTITY("org.apache.kafka.connect.mirror.IdentityReplicationPolicy");

  private final String className;

  PolicyKind(String className) {
    this.className = className;
  }

  public String className() {
    return className;
  }

  public String shortName() {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /** The policy a {@code replication.policy.class} value names: fully qualified or short name. */
  public static Optional<PolicyKind> fromClassName(String name) {
    String trimmed = name.trim();
    return Arrays.stream(values())
        .filter(k -> k.className.equals(trimmed) || k.shortName().equals(trimmed))
        .findFirst();
  }
}
