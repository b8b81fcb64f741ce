package io.kmirror.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made when a TLS cluster starts, never checked in: a throw-away CA, a broker
 * certificate for {@code 127.0.0.1}/{@code localhost} and a client certificate ({@code
 * CN=kmirror-client}), both signed by the CA, in PKCS12 stores under the cluster's own directory
 * (deleted with it). Made with the JDK's own {@code keytool}, so no library and no private key in
 * the repository; the store password is random per cluster.
 */
record TlsMaterial(Path brokerKeystore, Path clientKeystore, Path truststore, String password) {

  static final String CLIENT_CN = "kmirror-client";
  private static final String VALIDITY_DAYS = "2";

  /** Generates the CA and both certificates into {@code dir}. */
  static TlsMaterial generate(Path dir) {
    String password = UUID.randomUUID().toString().replace("-", "");
    try {
      Files.createDirectories(dir);
      Path ca = dir.resolve("ca.p12");
      Path caPem = dir.resolve("ca.pem");
      Path truststore = dir.resolve("truststore.p12");
      keytool(
          password,
          "-genkeypair",
          "-alias",
          "ca",
          "-dname",
          "CN=kmirror-test-ca",
          "-ext",
          "bc:c",
          "-keystore",
          ca.toString());
      keytool(
          password,
          "-exportcert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          ca.toString(),
          "-file",
          caPem.toString());
      trustCa(password, caPem, truststore);
      Path broker = signed(dir, "broker", "CN=localhost", ca, caPem, password);
      Path client = signed(dir, "client", "CN=" + CLIENT_CN, ca, caPem, password);
      return new TlsMaterial(broker, client, truststore, password);
    } catch (IOException e) {
      throw new EmbeddedClusterException("cannot write TLS material under " + dir, e);
    }
  }

  /** Adds the CA's certificate to {@code store} as trusted, under the alias {@code ca}. */
  private static void trustCa(String password, Path caPem, Path store) {
    keytool(
        password,
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        caPem.toString(),
        "-keystore",
        store.toString());
  }

  private static Path signed(
      Path dir, String alias, String dname, Path ca, Path caPem, String password) {
    Path store = dir.resolve(alias + ".p12");
    Path csr = dir.resolve(alias + ".csr");
    Path pem = dir.resolve(alias + ".pem");
    keytool(
        password, "-genkeypair", "-alias", alias, "-dname", dname, "-keystore", store.toString());
    keytool(
        password,
        "-certreq",
        "-alias",
        alias,
        "-keystore",
        store.toString(),
        "-file",
        csr.toString());
    keytool(
        password,
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-infile",
        csr.toString(),
        "-outfile",
        pem.toString(),
        "-rfc",
        "-ext",
        "SAN=IP:127.0.0.1,DNS:localhost");
    trustCa(password, caPem, store);
    keytool(
        password,
        "-importcert",
        "-alias",
        alias,
        "-file",
        pem.toString(),
        "-keystore",
        store.toString());
    return store;
  }

  private static void keytool(String password, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    boolean creates = List.of(args).contains("-genkeypair");
    if (creates) {
      command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1"));
    }
    if (creates || List.of(args).contains("-gencert")) {
      command.addAll(List.of("-validity", VALIDITY_DAYS));
    }
    // PKCS12 keeps one password for the store and its keys.
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new EmbeddedClusterException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new EmbeddedClusterException("cannot run keytool: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedClusterException("interrupted while running keytool", e);
    }
  }

  /**
   * The broker side: its identity, the CA it trusts, and whether it demands a client certificate.
   */
  Map<String, String> brokerConfig(boolean requireClientCertificate) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("ssl.keystore.type", "PKCS12");
    c.put("ssl.keystore.location", brokerKeystore.toString());
    c.put("ssl.keystore.password", password);
    c.put("ssl.key.password", password);
    c.put("ssl.truststore.type", "PKCS12");
    c.put("ssl.truststore.location", truststore.toString());
    c.put("ssl.truststore.password", password);
    c.put("ssl.client.auth", requireClientCertificate ? "required" : "none");
    return c;
  }

  /** The client side: the CA to trust and, for mTLS, the client's own certificate. */
  Map<String, Object> clientConfig(boolean presentCertificate) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("ssl.truststore.type", "PKCS12");
    c.put("ssl.truststore.location", truststore.toString());
    c.put("ssl.truststore.password", password);
    if (presentCertificate) {
      c.put("ssl.keystore.type", "PKCS12");
      c.put("ssl.keystore.location", clientKeystore.toString());
      c.put("ssl.keystore.password", password);
      c.put("ssl.key.password", password);
    }
    return c;
  }

  @Override
  public String toString() {
    return "TlsMaterial[" + brokerKeystore.getParent() + ", password=***]";
  }
}
