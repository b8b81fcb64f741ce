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
 * secret never lives in this record. {@link #toString()} and {@link #masked()} hide secret values.
 */
public record ClientConfig(Map<String, String> entries) {

  public static final String HIDDEN = "[hidden]";

  private static final ClientConfig EMPTY = new ClientConfig(Map.of());

  /**
   * Keys whose values are secrets in Kafka's own config definitions (every {@code PASSWORD} type:
   * passwords, JAAS configs, PEM keys and certificates, OAuth client secrets), or look like one in
   * a client plug-in's keys ({@code basic.auth.user.info}, {@code api.key}, tokens).
   */
  private static final Pattern SECRET_KEY =
      Pattern.compile(
          ".*(password|passphrase|secret|jaas\\.config|credential|token|user\\.info|api\\.?key"
              + "|private|certificate|\\.key$|keystore\\.key).*");

  public ClientConfig {
    entries = Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  public static ClientConfig empty() {
    return EMPTY;
  }

  public static ClientConfig of(Map<String, String> entries) {
    return entries.isEmpty() ? EMPTY : new ClientConfig(entries);
  }

  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
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
    entries.forEach((k, v) -> masked.put(k, isSecretKey(k) ? HIDDEN : v));
    return Collections.unmodifiableMap(masked);
  }

  @Override
  public String toString() {
    return masked().toString();
  }
}
