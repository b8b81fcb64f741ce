package io.kmirror.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a topology may make a Kafka client load or read on kmirror's machine: the policy {@code
 * validate} and {@code run} apply to every Kafka client key of a file (both parse the file, and a
 * refused key is an error, exit 2).
 *
 * <ul>
 *   <li><b>Classes.</b> A client key whose value names classes ({@code interceptor.classes}, {@code
 *       metric.reporters}, {@code sasl.login.callback.handler.class}, {@code
 *       ssl.engine.factory.class}, {@code config.providers.NAME.class}, any key ending in {@code
 *       .class} or {@code .classes}, ...) may name only Kafka's own implementations listed in
 *       {@link #CLASS_KEYS}, written literally: loading a class runs its code, and a topology is
 *       configuration, not code. {@code kmirror.allow.custom.classes = true} lifts the rule for an
 *       operator who ships a plug-in on purpose.
 *   <li><b>Login modules.</b> {@code sasl.jaas.config} may name only {@link #LOGIN_MODULES} (PLAIN,
 *       SCRAM, OAUTHBEARER, and Kerberos's {@code Krb5LoginModule}, whose key tab is a file the
 *       operator names like a key store); another module, such as JNDI or LDAP, could fetch or run
 *       anything. A JAAS value from a config provider is not seen here: {@code run} also sets
 *       Kafka's own {@code org.apache.kafka.allowed.login.modules} to this list, so the Kafka
 *       client refuses the resolved value too.
 *   <li><b>Files.</b> Key and trust stores ({@code ssl.*.location}) and a Kerberos key tab are
 *       files the operator names explicitly, read by the Kafka client when it is built: allowed.
 *       Files and URLs of OAUTHBEARER ({@code sasl.oauthbearer.*.url}, assertion files) are read
 *       only if the JVM's {@code org.apache.kafka.sasl.oauthbearer.allowed.urls} or {@code
 *       .allowed.files} list them, which Kafka 4 enforces and a topology cannot set.
 *       Config-provider files are read only through a declared {@code FileConfigProvider} or {@code
 *       DirectoryConfigProvider}, within its {@code param.allowed.paths} when set ({@link
 *       ProviderReferences}).
 * </ul>
 *
 * <p>A refusal names the key and the class, never the rest of the value: a JAAS value holds a
 * password.
 */
final class LocalAccess {

  static final String OAUTH_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
  static final String OAUTH_FILES = "org.apache.kafka.sasl.oauthbearer.allowed.files";

  /** The setting that lifts the class and login-module rules. */
  static final String ALLOW_CUSTOM = "kmirror.allow.custom.classes";

  private static final String PROVIDER = "org.apache.kafka.common.config.provider.";
  private static final String SECURITY = "org.apache.kafka.common.security.";
  private static final String OAUTH = SECURITY + "oauthbearer.";
  private static final String CONSUMER = "org.apache.kafka.clients.consumer.";
  private static final String SERIALIZATION = "org.apache.kafka.common.serialization.";

  /** Login modules {@code sasl.jaas.config} may name without {@link #ALLOW_CUSTOM}. */
  static final Set<String> LOGIN_MODULES =
      Set.of(
          SECURITY + "plain.PlainLoginModule",
          SECURITY + "scram.ScramLoginModule",
          OAUTH + "OAuthBearerLoginModule",
          "com.sun.security.auth.module.Krb5LoginModule");

  /**
   * Every class-valued Kafka client key and the classes it may name without {@link #ALLOW_CUSTOM}
   * (Kafka's own implementations that read nothing the key itself does not name); an empty set: no
   * class at all. A replicator test checks that every class-valued key of Kafka's consumer,
   * producer and admin client is here.
   */
  static final Map<String, Set<String>> CLASS_KEYS = classKeys();

  private static final Set<String> PROVIDERS =
      Set.of(
          PROVIDER + "EnvVarConfigProvider",
          PROVIDER + "FileConfigProvider",
          PROVIDER + "DirectoryConfigProvider");

  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");

  private LocalAccess() {}

  private static Map<String, Set<String>> classKeys() {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    keys.put(
        "sasl.login.callback.handler.class", Set.of(OAUTH + "OAuthBearerLoginCallbackHandler"));
    keys.put("sasl.client.callback.handler.class", Set.of());
    keys.put("sasl.login.class", Set.of());
    keys.put(
        "sasl.oauthbearer.jwt.retriever.class",
        Set.of(
            OAUTH + "DefaultJwtRetriever",
            OAUTH + "ClientCredentialsJwtRetriever",
            OAUTH + "JwtBearerJwtRetriever",
            OAUTH + "FileJwtRetriever"));
    keys.put(
        "sasl.oauthbearer.jwt.validator.class",
        Set.of(OAUTH + "DefaultJwtValidator", OAUTH + "ClientJwtValidator"));
    keys.put("ssl.engine.factory.class", Set.of(SECURITY + "ssl.DefaultSslEngineFactory"));
    keys.put("metric.reporters", Set.of("org.apache.kafka.common.metrics.JmxReporter"));
    keys.put("interceptor.classes", Set.of());
    keys.put(
        "partition.assignment.strategy",
        Set.of(
            CONSUMER + "RangeAssignor",
            CONSUMER + "RoundRobinAssignor",
            CONSUMER + "StickyAssignor",
            CONSUMER + "CooperativeStickyAssignor"));
    keys.put(
        "partitioner.class", Set.of("org.apache.kafka.clients.producer.RoundRobinPartitioner"));
    keys.put("key.serializer", Set.of(SERIALIZATION + "ByteArraySerializer"));
    keys.put("value.serializer", Set.of(SERIALIZATION + "ByteArraySerializer"));
    keys.put("key.deserializer", Set.of(SERIALIZATION + "ByteArrayDeserializer"));
    keys.put("value.deserializer", Set.of(SERIALIZATION + "ByteArrayDeserializer"));
    keys.put("security.providers", Set.of());
    return Map.copyOf(keys);
  }

  /**
   * Why {@code value} may not be given to the Kafka client key {@code clientKey}, in one line
   * naming what is accepted; empty when it may.
   */
  static Optional<String> refusal(String clientKey, String value, boolean customAllowed) {
    Optional<String> property = oauthProperty(clientKey);
    if (property.isPresent()) {
      return oauthResource(value, property.get());
    }
    if (customAllowed) {
      return Optional.empty();
    }
    if (clientKey.equals("sasl.jaas.config")) {
      return loginModules(value);
    }
    Optional<Set<String>> allowed = allowedClasses(clientKey);
    if (allowed.isEmpty() || value.isBlank()) {
      return Optional.empty();
    }
    String expected = expected(allowed.get());
    if (value.contains("${")) {
      return Optional.of("takes a class name from a config provider, which " + refused(expected));
    }
    for (String name : ValueReader.list(value)) {
      if (!allowed.get().contains(name)) {
        return Optional.of("names class '" + printable(name) + "', which " + refused(expected));
      }
    }
    return Optional.empty();
  }

  /**
   * Kafka's JVM property listing the URLs or files an OAUTHBEARER key may name ({@code
   * org.apache.kafka.sasl.oauthbearer.allowed.urls} or {@code ...allowed.files}, empty by default
   * in Kafka 4, so none); empty for other keys.
   */
  static Optional<String> oauthProperty(String clientKey) {
    if (clientKey.equals("sasl.oauthbearer.token.endpoint.url")
        || clientKey.equals("sasl.oauthbearer.jwks.endpoint.url")) {
      return Optional.of(OAUTH_URLS);
    }
    if (clientKey.startsWith("sasl.oauthbearer.assertion.") && clientKey.endsWith(".file")) {
      return Optional.of(OAUTH_FILES);
    }
    return Optional.empty();
  }

  /**
   * A URL or file the Kafka client would refuse, as its own check does (the value exactly as
   * written, among the property's comma-separated entries), named without the value.
   */
  private static Optional<String> oauthResource(String value, String property) {
    if (value.isBlank() || value.contains("${")) {
      return Optional.empty();
    }
    String allowed = System.getProperty(property, "");
    for (String entry : allowed.split(",")) {
      if (entry.strip().equals(value.strip())) {
        return Optional.empty();
      }
    }
    String what = property.equals(OAUTH_URLS) ? "URL" : "file";
    return Optional.of(
        "names a "
            + what
            + " that Kafka clients refuse unless the JVM property "
            + property
            + " lists it; expected it listed there (set in JAVA_OPTS, a topology cannot)");
  }

  /** The classes a class-valued key may name; empty when the key names no class. */
  static Optional<Set<String>> allowedClasses(String clientKey) {
    if (clientKey.startsWith(KafkaClientKeys.CONFIG_PROVIDERS_PREFIX)
        && clientKey.endsWith(".class")) {
      return Optional.of(PROVIDERS);
    }
    Set<String> listed = CLASS_KEYS.get(clientKey);
    if (listed != null) {
      return Optional.of(listed);
    }
    if (clientKey.endsWith(".class") || clientKey.endsWith(".classes")) {
      return Optional.of(Set.of());
    }
    return Optional.empty();
  }

  private static Optional<String> loginModules(String value) {
    if (value.contains("${")) {
      return Optional.empty();
    }
    for (String module : moduleNames(value)) {
      // a first word that is no class name is no JAAS config the client would accept, and may
      // be a secret written in the wrong key: the client refuses it, without an echo here
      if (CLASS_NAME.matcher(module).matches() && !LOGIN_MODULES.contains(module)) {
        return Optional.of(
            "names login module '"
                + module
                + "', which "
                + refused("expected one of " + String.join(", ", new TreeSet<>(LOGIN_MODULES))));
      }
    }
    return Optional.empty();
  }

  /**
   * The first word of each {@code ;}-separated JAAS entry, outside quotes (a quoted password may
   * hold {@code ;}).
   */
  static List<String> moduleNames(String jaas) {
    List<String> modules = new ArrayList<>();
    boolean quoted = false;
    boolean entryStart = true;
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= jaas.length(); i++) {
      char c = i < jaas.length() ? jaas.charAt(i) : ';';
      if (entryStart) {
        if (Character.isWhitespace(c) && word.isEmpty()) {
          continue;
        }
        if (Character.isWhitespace(c) || c == ';') {
          if (!word.isEmpty()) {
            modules.add(word.toString());
            word.setLength(0);
          }
          entryStart = c == ';';
          continue;
        }
        word.append(c);
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        entryStart = true;
      }
    }
    return modules;
  }

  private static String refused(String expected) {
    return "kmirror does not load from a topology; "
        + expected
        + ", or '"
        + ALLOW_CUSTOM
        + " = true' to load classes of your own";
  }

  private static String expected(Set<String> allowed) {
    return allowed.isEmpty()
        ? "expected no such key"
        : "expected " + String.join(" or ", new TreeSet<>(allowed));
  }

  /**
   * A class name as written, or a placeholder for text that is none (a list value may hold
   * anything).
   */
  private static String printable(String name) {
    return CLASS_NAME.matcher(name).matches() ? name : "(not a class name)";
  }
}
