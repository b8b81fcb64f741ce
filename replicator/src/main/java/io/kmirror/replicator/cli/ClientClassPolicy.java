package io.kmirror.replicator.cli;

import io.kmirror.topology.ParsedTopology;

/**
 * The run-time half of the topology's class policy (docs/configuration.md, "Local files and
 * classes"): the parser refuses a {@code sasl.jaas.config} naming a login module beyond Kafka's own
 * and Kerberos's, but cannot see a JAAS value that a config provider resolves when the client is
 * built. Kafka's JVM property {@code org.apache.kafka.allowed.login.modules} makes the Kafka client
 * itself refuse any other module in the resolved value; this sets it before any client is built,
 * unless the operator set it (their choice wins) or the topology allows custom classes (Kafka's own
 * default, which refuses JNDI and LDAP, then applies).
 */
final class ClientClassPolicy {

  static final String LOGIN_MODULES = "org.apache.kafka.allowed.login.modules";

  private ClientClassPolicy() {}

  /** Applies {@code parsed}'s policy to this process's Kafka clients; returns {@code parsed}. */
  static ParsedTopology apply(ParsedTopology parsed) {
    parsed
        .allowedLoginModules()
        .filter(modules -> System.getProperty(LOGIN_MODULES) == null)
        .ifPresent(modules -> System.setProperty(LOGIN_MODULES, modules));
    return parsed;
  }
}
