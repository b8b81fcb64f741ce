package io.kmirror.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka client settings kept exactly as the user wrote them: flat keys, string values, no
 * interpretation. Values may hold config-provider references ({@code ${env:NAME}}, {@code
 * ${file:/path:key}}); they are resolved by the Kafka client itself when it is built, so a resolved
 * secret never lives in this record. {@link #toString()} and {@link #masked()} hide secret values
 * and the values of keys no Kafka client knows.
 */
public record ClientConfig(Map<String, String> entries) {

  public static final String HIDDEN = "[hidden]";

  private static final ClientConfig EMPTY = new ClientConfig(Map.of());

  /**
   * Keys whose values are secrets, by the words in their names rather than an exact list, so a
   * plug-in's key or a misspelling still matches: every {@code PASSWORD} type of Kafka's own config
   * definitions (passwords, JAAS configs, PEM keys and certificates, OAuth client secrets), and
   * whatever looks like one ({@code basic.auth.user.info}, {@code api.key}, tokens, credentials).
   */
  private static final Pattern SECRET_WORD =
      Pattern.compile(
          ".*(passw|passphrase|pwd|secret|jaas|jass|credential|token|basic\\.auth|user\\.info"
              + "|private|certificate).*");

  /**
   * A last name segment ending in {@code key} ({@code ssl.keystore.key}, {@code api.key}, {@code
   * apikey}, {@code access-key}). Only the last: {@code key.serializer}, {@code
   * key.converter.schemas.enable} and {@code ssl.keystore.location} name no secret.
   */
  private static final Pattern SECRET_LAST_SEGMENT = Pattern.compile("(^|.*[._-])[a-z]*key$");

  public ClientConfig {
    entries = Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  public static ClientConfig empty() {
    return EMPTY;
  }

  public static ClientConfig of(Map<String, String> entries) {
    return entries.isEmpty() ? EMPTY : new ClientConfig(entries);
  }

  /** Whether {@code key}'s name says its value is a secret; works on prefixed keys too. */
  public static boolean isSecretKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return SECRET_WORD.matcher(lower).matches() || SECRET_LAST_SEGMENT.matcher(lower).matches();
  }

  /**
   * Whether a client key's value is hidden when shown: a secret key's, and any key no Kafka client
   * knows, which may be a misspelt secret ({@code sasl.jass.config}); the parser warns about those.
   */
  public static boolean hidesValue(String clientKey) {
    return isSecretKey(clientKey) || !KafkaClientKeys.isClientKey(clientKey);
  }

  /** This config with {@code overrides} laid on top: a key in both takes the override's value. */
  public ClientConfig with(ClientConfig overrides) {
    if (overrides.entries.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(entries);
    merged.putAll(overrides.entries);
    return new ClientConfig(merged);
  }

  public ClientConfig with(String key, String value) {
    Map<String, String> merged = new LinkedHashMap<>(entries);
    merged.put(key, value);
    return new ClientConfig(merged);
  }

  public ClientConfig without(String key) {
    if (!entries.containsKey(key)) {
      return this;
    }
    Map<String, String> rest = new LinkedHashMap<>(entries);
    rest.remove(key);
    return new ClientConfig(rest);
  }

  /** A fresh mutable copy, for handing to a Kafka client constructor. */
  public Map<String, Object> toClientMap() {
    return new LinkedHashMap<>(entries);
  }

  public Properties toProperties() {
    Properties properties = new Properties();
    properties.putAll(entries);
    return properties;
  }

  /** The same keys, with every secret value replaced by {@value #HIDDEN}: safe to print. */
  public Map<String, String> masked() {
    Map<String, String> masked = new TreeMap<>();
    entries.forEach((k, v) -> masked.put(k, hidesValue(k) ? HIDDEN : v));
    return Collections.unmodifiableMap(masked);
  }

  @Override
  public String toString() {
    return masked().toString();
  }
}
