package io.kmirror.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The config names Kafka's consumer, producer and admin client accept, listed in {@code
 * kafka-client-keys.properties} (the topology may not depend on kafka-clients; a replicator test
 * checks the list against the real client config definitions). Used only to tell a Kafka client key
 * from a typo: every client key is passed on verbatim whether listed or not.
 */
public final class KafkaClientKeys {

  /** Config-provider keys ({@code config.providers.env.class}, ...) reach every client. */
  public static final String CONFIG_PROVIDERS_PREFIX = "config.providers.";

  private static final String RESOURCE = "kafka-client-keys.properties";
  private static final Map<String, Set<ClientRole>> ROLES = load();

  private KafkaClientKeys() {}

  /** Every listed key and the clients that accept it. */
  public static Map<String, Set<ClientRole>> all() {
    return ROLES;
  }

  /** Whether any Kafka client accepts {@code key}, config-provider keys included. */
  public static boolean isClientKey(String key) {
    return ROLES.containsKey(key) || key.startsWith(CONFIG_PROVIDERS_PREFIX);
  }

  /**
   * Whether {@code key} says how to reach and authenticate to one cluster ({@code
   * security.protocol}, {@code sasl.*}, {@code ssl.*}): such keys belong to that cluster alone.
   */
  public static boolean isConnectionKey(String key) {
    return key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.");
  }

  /**
   * The classes a class-valued client key may name without {@code kmirror.allow.custom.classes};
   * empty when {@code key} names no class. See docs/configuration.md, "Local files and classes".
   */
  public static Optional<Set<String>> acceptedClasses(String key) {
    return LocalAccess.allowedClasses(key);
  }

  /** The login modules {@code sasl.jaas.config} may name without custom classes allowed. */
  public static Set<String> acceptedLoginModules() {
    return LocalAccess.LOGIN_MODULES;
  }

  /** Whether the {@code role} client accepts {@code key}. */
  public static boolean accepts(ClientRole role, String key) {
    return ROLES.getOrDefault(key, Set.of()).contains(role)
        || key.startsWith(CONFIG_PROVIDERS_PREFIX);
  }

  private static Map<String, Set<ClientRole>> load() {
    Properties listed = new Properties();
    try (InputStream in = KafkaClientKeys.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      listed.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Set<ClientRole>> roles = new TreeMap<>();
    listed.forEach(
        (key, value) -> {
          Set<ClientRole> set = EnumSet.noneOf(ClientRole.class);
          Arrays.stream(value.toString().split(","))
              .map(r -> ClientRole.valueOf(r.trim().toUpperCase(Locale.ROOT)))
              .forEach(set::add);
          roles.put(key.toString(), Collections.unmodifiableSet(set));
        });
    return Collections.unmodifiableMap(roles);
  }
}
