package io.kmirror.replicator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A topology file over two PLAINTEXT clusters (so the clients ignore the credentials) that puts a
 * distinct secret in every secret-bearing key kmirror may see: SASL JAAS configs (also misspelt),
 * SSL passwords, PEM keys and certificates, OAuth client secrets, basic auth, a plug-in API key,
 * MM2's per-end admin keys, and a value a {@code FileConfigProvider} resolves from a file. A test
 * then asserts none of {@link #secrets()} appears in what kmirror shows.
 */
public final class PlantedSecrets {

  private final Path file;
  private final Map<String, String> planted;
  private final String resolved;

  private PlantedSecrets(Path file, Map<String, String> planted, String resolved) {
    this.file = file;
    this.planted = planted;
    this.resolved = resolved;
  }

  /** Writes the topology (and the provider's secrets file) under {@code dir}. */
  public static PlantedSecrets write(Path dir, String sourceBootstrap, String targetBootstrap) {
    Map<String, String> planted = new LinkedHashMap<>();
    String[] keys = {
      "A.sasl.jaas.config",
      "A.sasl.jass.config",
      "A.ssl.keystore.password",
      "A.ssl.key.password",
      "A.ssl.keystore.key",
      "A.ssl.keystore.certificate.chain",
      "A.sasl.oauthbearer.client.credentials.client.secret",
      "A.consumer.basic.auth.user.info",
      "A->B.consumer.sasl.jaas.config",
      "A->B.producer.ssl.truststore.password",
      "A->B.source.admin.sasl.jaas.config",
      "A->B.target.admin.ssl.truststore.certificates",
      "B.ssl.truststore.password",
      "B.producer.schema.registry.api.key",
      "B.admin.sasl.login.token",
    };
    for (int i = 0; i < keys.length; i++) {
      String secret = "planted-" + i + "-s3cr3t-" + Integer.toHexString(keys[i].hashCode());
      planted.put(keys[i], secret);
    }
    String resolved = "resolved-from-file-s3cr3t-4411";
    try {
      Path secrets = dir.resolve("secrets.properties");
      Files.writeString(secrets, "jaas=" + resolved + "\n");
      List<String> lines = new ArrayList<>();
      lines.add("clusters = A, B");
      lines.add("A.bootstrap.servers = " + sourceBootstrap);
      lines.add("B.bootstrap.servers = " + targetBootstrap);
      lines.add("A->B.enabled = true");
      lines.add("A->B.topics = orders");
      lines.add("config.providers = file");
      lines.add(
          "config.providers.file.class ="
              + " org.apache.kafka.common.config.provider.FileConfigProvider");
      lines.add("B.sasl.jaas.config = ${file:" + secrets + ":jaas}");
      planted.forEach((key, secret) -> lines.add(key + " = " + jaasOrPlain(key, secret)));
      Path file = dir.resolve("topology.properties");
      Files.writeString(file, String.join("\n", lines) + "\n");
      return new PlantedSecrets(file, Map.copyOf(planted), resolved);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String jaasOrPlain(String key, String secret) {
    return key.endsWith("jaas.config")
        ? "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
            + " password=\""
            + secret
            + "\";"
        : secret;
  }

  public Path file() {
    return file;
  }

  /** Every planted secret and the provider-resolved one. */
  public List<String> secrets() {
    List<String> all = new ArrayList<>(planted.values());
    all.add(resolved);
    return all;
  }
}
