package io.kmirror.replicator.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster answered but refused the flow's credentials. The message names the cluster, the
 * mechanism and the principal kmirror presented ({@code authentication failed for cluster A
 * (SASL/SCRAM-SHA-512, principal alice): ...}), never a password: the principal is the JAAS
 * config's {@code username}, and the JAAS config itself is never quoted.
 */
public final class ClusterAuthenticationException extends RuntimeException {

  private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

  private final String cluster;

  private ClusterAuthenticationException(String cluster, String message, Throwable cause) {
    super(message, cause);
    this.cluster = cluster;
  }

  /** The failure of a client built from {@code config} (its Kafka client config) on cluster. */
  public static ClusterAuthenticationException of(
      String cluster, Map<String, Object> config, Throwable cause) {
    return new ClusterAuthenticationException(
        cluster,
        "authentication failed for cluster "
            + cluster
            + " ("
            + mechanism(config)
            + ", "
            + principal(config)
            + "): "
            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
        cause);
  }

  /** {@code SASL/SCRAM-SHA-512}, {@code SASL/PLAIN}, {@code SSL}, ... */
  static String mechanism(Map<String, Object> config) {
    String protocol =
        String.valueOf(config.getOrDefault("security.protocol", "PLAINTEXT"))
            .toUpperCase(Locale.ROOT);
    if (protocol.startsWith("SASL")) {
      return "SASL/" + config.getOrDefault("sasl.mechanism", "GSSAPI");
    }
    return protocol;
  }

  /** The JAAS {@code username}, or where the principal would come from when there is none. */
  static String principal(Map<String, Object> config) {
    Object jaas = config.get("sasl.jaas.config");
    Optional<String> user = Optional.empty();
    if (jaas != null) {
      Matcher m = USERNAME.matcher(String.valueOf(jaas));
      if (m.find()) {
        user = Optional.of(m.group(1));
      }
    }
    if (user.isPresent()) {
      return "principal " + user.get();
    }
    return String.valueOf(config.get("security.protocol")).toUpperCase(Locale.ROOT).contains("SSL")
            && jaas == null
        ? "principal from the client certificate"
        : "principal not named in the config";
  }

  public String cluster() {
    return cluster;
  }
}
