package io.kmirror.broker;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one SCRAM user of a cluster whose client listener is SASL_PLAINTEXT.
 *
 * <p>The brokers authenticate to each other as this user too, so the credentials are written into
 * the cluster's bootstrap metadata at format time and exist before the first broker starts. The
 * characters allowed keep both Kafka's {@code --add-scram} syntax and the JAAS line unambiguous.
 */
record ScramUser(String name, String password) {

  static final String MECHANISM = "SCRAM-SHA-256";
  static final List<String> MECHANISMS = List.of("SCRAM-SHA-256", "SCRAM-SHA-512");

  /** The same user may also log in with SASL/PLAIN, checked against the broker's JAAS list. */
  static final String PLAIN_MECHANISM = "PLAIN";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern PASSWORD = Pattern.compile("[^\\s,\"\\\\\\[\\]=]+");

  ScramUser {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "SCRAM user name '" + name + "' must be letters, digits, '.', '_' or '-'");
    }
    if (password == null || !PASSWORD.matcher(password).matches()) {
      throw new IllegalArgumentException(
          "SCRAM password for user '"
              + name
              + "' must be non-empty, without whitespace, quotes, backslashes, commas, '=', '[' or ']'");
    }
  }

  /** Arguments for Kafka's storage formatter, one per mechanism. */
  List<String> formatterArguments() {
    return MECHANISMS.stream()
        .map(m -> m + "=[name=" + name + ",password=" + password + "]")
        .toList();
  }

  String jaasConfig() {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + name
        + "\" password=\""
        + password
        + "\";";
  }

  /** The broker side of SASL/PLAIN: this one user and its password. */
  String plainBrokerJaasConfig() {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + name
        + "\" password=\""
        + password
        + "\" user_"
        + name
        + "=\""
        + password
        + "\";";
  }

  @Override
  public String toString() {
    return "ScramUser[name=" + name + ", password=***]";
  }
}
