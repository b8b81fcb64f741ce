package io.kmirror.topology;

import java.util.List;

/**
 * A file that loaded: its topology, the warnings to show the user, and the keys kmirror ignores.
 *
 * @param warnings unknown keys (with a suggestion when one is close), keys at the wrong level,
 *     flows that would write the same topic names into one cluster, no enabled flow, ...
 * @param ignoredKeys MM2 and Kafka Connect keys accepted and not used, in file order
 * @param customClasses {@code kmirror.allow.custom.classes}: Kafka client keys may name classes and
 *     login modules beyond Kafka's own (the policy is {@code LocalAccess}'s)
 */
public record ParsedTopology(
    Topology topology,
    List<Problem> warnings,
    List<IgnoredKey> ignoredKeys,
    boolean customClasses) {

  public ParsedTopology {
    warnings = List.copyOf(warnings);
    ignoredKeys = List.copyOf(ignoredKeys);
  }

  /** A topology whose client keys name only Kafka's own classes. */
  public ParsedTopology(Topology topology, List<Problem> warnings, List<IgnoredKey> ignoredKeys) {
    this(topology, warnings, ignoredKeys, false);
  }

  /**
   * The login modules Kafka clients of this process may use, for Kafka's {@code
   * org.apache.kafka.allowed.login.modules}; empty when custom classes are allowed (Kafka's own
   * default, which refuses JNDI and LDAP, then applies).
   */
  public java.util.Optional<String> allowedLoginModules() {
    return customClasses
        ? java.util.Optional.empty()
        : java.util.Optional.of(
            String.join(",", new java.util.TreeSet<>(LocalAccess.LOGIN_MODULES)));
  }
}
