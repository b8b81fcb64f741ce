package io.kmirror.replicator.preflight;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The principal a broker with Kafka's default principal builder sees for a client built from one
 * config, where the config alone says it: {@code User:<username>} for SASL PLAIN and SCRAM (the
 * JAAS config's {@code username}), {@code User:ANONYMOUS} for PLAINTEXT. Otherwise the broker
 * decides (a certificate's subject through its {@code ssl.principal.mapping.rules}, an OAuth
 * token's subject, a Kerberos name through its rules), and {@link #unnamed} says so. A JAAS config
 * from a config provider is not resolved here: its user name is not known.
 *
 * @param name {@code User:alice}; empty when the config does not say
 * @param unnamed why there is no name, for the line that says what was not checked
 */
record ClientPrincipal(Optional<String> name, String unnamed) {

  private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

  static ClientPrincipal of(Map<String, Object> config) {
    String protocol =
        String.valueOf(config.getOrDefault("security.protocol", "PLAINTEXT"))
            .toUpperCase(Locale.ROOT);
    if (protocol.equals("PLAINTEXT")) {
      return new ClientPrincipal(Optional.of("User:ANONYMOUS"), "");
    }
    if (!protocol.startsWith("SASL")) {
      return unnamed(
          "the principal of an SSL client is its certificate's subject as the broker maps it");
    }
    String mechanism =
        String.valueOf(config.getOrDefault("sasl.mechanism", "GSSAPI")).toUpperCase(Locale.ROOT);
    if (!mechanism.equals("PLAIN") && !mechanism.startsWith("SCRAM-")) {
      return unnamed("the principal of a SASL/" + mechanism + " client is named by the broker");
    }
    String jaas = String.valueOf(config.getOrDefault("sasl.jaas.config", ""));
    if (jaas.contains("${")) {
      return unnamed("the JAAS config comes from a config provider, so its user name is not known");
    }
    Matcher user = USERNAME.matcher(jaas);
    return user.find()
        ? new ClientPrincipal(Optional.of("User:" + user.group(1)), "")
        : unnamed("the JAAS config names no username");
  }

  private static ClientPrincipal unnamed(String why) {
    return new ClientPrincipal(Optional.empty(), why);
  }
}
