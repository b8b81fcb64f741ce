package io.kmirror.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Nothing in a topology makes kmirror read a local file except through a provider the file declares
 * with Kafka's own {@code FileConfigProvider} or {@code DirectoryConfigProvider} (within its {@code
 * allowed.paths} when set): a reference to an undeclared provider, to another provider class, or a
 * client key naming a file is never read by the parser (the Kafka client reads the files its own
 * keys name, such as a trust store, when it is built). And no client key makes a Kafka client load
 * a class or login module beyond Kafka's own listed ones unless {@code kmirror.allow.custom.classes
 * = true} ({@link LocalAccess}).
 */
class LocalFileReadsTest {

  private final List<Path> reads = new ArrayList<>();

  /** The test sources, recording every file the parser asks for. */
  private final ProviderSources recording =
      new ProviderSources() {
        @Override
        public Optional<String> env(String name) {
          return TopologyFiles.SOURCES.env(name);
        }

        @Override
        public String read(Path file) throws IOException {
          reads.add(file);
          return TopologyFiles.SOURCES.read(file);
        }
      };

  private List<String> errors(String... lines) {
    TopologyException e =
        catchThrowableOfType(
            TopologyException.class,
            () ->
                new TopologyParser(TopologyFiles.SHIPPED_DEFAULTS, recording)
                    .parse(Path.of("t.properties"), String.join("\n", lines)));
    return e == null ? List.of() : e.errors().stream().map(Problem::toString).toList();
  }

  private static String[] base(String... more) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "clusters = A, B",
                "A.bootstrap.servers = a:9092",
                "B.bootstrap.servers = b:9092",
                "A->B.enabled = true"));
    lines.addAll(List.of(more));
    return lines.toArray(String[]::new);
  }

  @Test
  void aFileReferenceWithoutADeclaredProviderIsAnErrorAndNothingIsRead() {
    List<String> errors = errors(base("A.sasl.jaas.config = ${file:/etc/passwd:root}"));

    assertThat(errors)
        .singleElement()
        .asString()
        .contains("config provider 'file' is not declared");
    assertThat(reads).isEmpty();
  }

  @Test
  void aProviderOfAnotherClassIsRefusedAndNothingIsRead() {
    List<String> errors =
        errors(
            base(
                "config.providers = vault",
                "config.providers.vault.class = com.example.VaultConfigProvider",
                "A.sasl.jaas.config = ${vault:/etc/shadow:root}"));

    assertThat(errors)
        .containsExactly(
            "t.properties: key 'config.providers.vault.class' names class"
                + " 'com.example.VaultConfigProvider', which kmirror does not load from a topology;"
                + " expected org.apache.kafka.common.config.provider.DirectoryConfigProvider or"
                + " org.apache.kafka.common.config.provider.EnvVarConfigProvider or"
                + " org.apache.kafka.common.config.provider.FileConfigProvider, or"
                + " 'kmirror.allow.custom.classes = true' to load classes of your own");
    assertThat(reads).isEmpty();
  }

  @Test
  void aProviderOfAnotherClassIsLeftToTheClientWhenCustomClassesAreAllowed() {
    List<String> errors =
        errors(
            base(
                "kmirror.allow.custom.classes = true",
                "config.providers = vault",
                "config.providers.vault.class = com.example.VaultConfigProvider",
                "A.sasl.jaas.config = ${vault:/etc/shadow:root}"));

    assertThat(errors).isEmpty();
    assertThat(reads).isEmpty();
  }

  @Test
  void aFileOutsideTheProvidersAllowedPathsIsAnErrorAndIsNotRead() {
    List<String> errors =
        errors(
            base(
                "config.providers = file",
                "config.providers.file.class ="
                    + " org.apache.kafka.common.config.provider.FileConfigProvider",
                "config.providers.file.param.allowed.paths = /etc/kmirror",
                "A.sasl.jaas.config = ${file:/etc/kmirror/../shadow:jaas}",
                "B.sasl.jaas.config = ${file:/etc/kmirror/secrets.properties:jaas}"));

    assertThat(errors)
        .containsExactly(
            "t.properties: key 'A.sasl.jaas.config' refers to"
                + " '${file:/etc/kmirror/../shadow:jaas}', but /etc/kmirror/../shadow is outside the"
                + " provider's allowed paths (/etc/kmirror); expected a path under"
                + " config.providers.file.param.allowed.paths");
    assertThat(reads).containsExactly(Path.of("/etc/kmirror/secrets.properties"));
  }

  @Test
  void classValuedKeysNamingOtherClassesAreRefusedOneLineEach() {
    List<String> errors =
        errors(
            base(
                "A.consumer.interceptor.classes = com.example.Spy",
                "B.metric.reporters = org.apache.kafka.common.metrics.JmxReporter, com.example.Rep",
                "A->B.source.admin.sasl.client.callback.handler.class = com.example.Handler",
                "config.providers = env",
                "config.providers.env.class ="
                    + " org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "B.producer.ssl.engine.factory.class = ${env:A_JAAS}"));

    String allow = ", or 'kmirror.allow.custom.classes = true' to load classes of your own";
    assertThat(errors)
        .containsExactly(
            "t.properties: key 'A.consumer.interceptor.classes' names class 'com.example.Spy',"
                + " which kmirror does not load from a topology; expected no such key"
                + allow,
            "t.properties: key 'B.metric.reporters' names class 'com.example.Rep', which kmirror"
                + " does not load from a topology; expected"
                + " org.apache.kafka.common.metrics.JmxReporter"
                + allow,
            "t.properties: key 'A->B.source.admin.sasl.client.callback.handler.class' names class"
                + " 'com.example.Handler', which kmirror does not load from a topology; expected no"
                + " such key"
                + allow,
            "t.properties: key 'B.producer.ssl.engine.factory.class' takes a class name from a"
                + " config provider, which kmirror does not load from a topology; expected"
                + " org.apache.kafka.common.security.ssl.DefaultSslEngineFactory"
                + allow);
  }

  @Test
  void aLoginModuleOtherThanKafkasAndKerberosIsRefusedWithoutShowingTheValue() {
    List<String> errors =
        errors(
            base(
                "A.sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule"
                    + " required username=\"u\" password=\"p;w\";"
                    + " com.sun.security.auth.module.JndiLoginModule required"
                    + " user.provider.url=\"ldap://attacker/\" secret=\"s3cret\";",
                // no JAAS config at all: the Kafka client refuses it, without an echo here
                "B.sasl.jaas.config = hunter2 required;"));

    String expected =
        "which kmirror does not load from a topology; expected one of"
            + " com.sun.security.auth.module.Krb5LoginModule,"
            + " org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule,"
            + " org.apache.kafka.common.security.plain.PlainLoginModule,"
            + " org.apache.kafka.common.security.scram.ScramLoginModule, or"
            + " 'kmirror.allow.custom.classes = true' to load classes of your own";
    assertThat(errors)
        .containsExactly(
            "t.properties: key 'A.sasl.jaas.config' names login module"
                + " 'com.sun.security.auth.module.JndiLoginModule', "
                + expected);
    assertThat(String.join("\n", errors)).doesNotContain("s3cret").doesNotContain("hunter2");
  }

  @Test
  void kafkasOwnClassesAndLoginModulesAreAccepted() {
    List<String> errors =
        errors(
            base(
                "metric.reporters = org.apache.kafka.common.metrics.JmxReporter",
                "A.consumer.partition.assignment.strategy ="
                    + " org.apache.kafka.clients.consumer.RangeAssignor",
                "A.sasl.login.callback.handler.class ="
                    + " org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler",
                "A.sasl.jaas.config ="
                    + " org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"
                    + " required;",
                "B.sasl.jaas.config = com.sun.security.auth.module.Krb5LoginModule required"
                    + " useKeyTab=true keyTab=\"/etc/krb5.keytab\";"));

    assertThat(errors).isEmpty();
    assertThat(reads).isEmpty();
  }

  @Test
  void anOauthUrlOrFileTheJvmDoesNotListIsRefusedAsKafkaWouldWithoutShowingIt() {
    String before = System.setProperty(LocalAccess.OAUTH_URLS, "https://idp/token");
    try {
      List<String> errors =
          errors(
              base(
                  "A.sasl.oauthbearer.token.endpoint.url = https://idp/token",
                  "B.sasl.oauthbearer.token.endpoint.url = file:/etc/shadow",
                  "B.sasl.oauthbearer.assertion.file = /etc/kmirror/assertion.jwt"));

      assertThat(errors)
          .containsExactly(
              "t.properties: key 'B.sasl.oauthbearer.token.endpoint.url' names a URL that Kafka"
                  + " clients refuse unless the JVM property"
                  + " org.apache.kafka.sasl.oauthbearer.allowed.urls lists it; expected it listed"
                  + " there (set in JAVA_OPTS, a topology cannot)",
              "t.properties: key 'B.sasl.oauthbearer.assertion.file' names a file that Kafka"
                  + " clients refuse unless the JVM property"
                  + " org.apache.kafka.sasl.oauthbearer.allowed.files lists it; expected it listed"
                  + " there (set in JAVA_OPTS, a topology cannot)");
      assertThat(reads).isEmpty();
    } finally {
      if (before == null) {
        System.clearProperty(LocalAccess.OAUTH_URLS);
      } else {
        System.setProperty(LocalAccess.OAUTH_URLS, before);
      }
    }
  }

  @Test
  void customClassesAreAcceptedOnlyWhenTheOperatorAllowsThem() {
    List<String> errors =
        errors(
            base(
                "kmirror.allow.custom.classes = true",
                "A.consumer.interceptor.classes = com.example.Tracing",
                "A.sasl.jaas.config = com.example.CorporateLoginModule required;"));

    assertThat(errors).isEmpty();
  }

  @Test
  void clientKeysNamingFilesAreNotReadByKmirror() {
    List<String> errors =
        errors(
            base(
                "A.ssl.truststore.location = /etc/passwd",
                "A.ssl.keystore.location = /etc/shadow",
                "A.sasl.jaas.config = com.sun.security.auth.module.Krb5LoginModule required"
                    + " keyTab=\"/etc/krb5.keytab\";"));

    assertThat(errors).isEmpty();
    assertThat(reads).isEmpty();
  }

  @Test
  void onlyTheFilesOfDeclaredFileAndDirectoryProvidersAreRead() {
    List<String> errors =
        errors(
            base(
                "config.providers = file, dir",
                "config.providers.file.class ="
                    + " org.apache.kafka.common.config.provider.FileConfigProvider",
                "config.providers.dir.class ="
                    + " org.apache.kafka.common.config.provider.DirectoryConfigProvider",
                "A.sasl.jaas.config = ${file:/etc/kmirror/secrets.properties:jaas}",
                "B.sasl.jaas.config = ${dir:/run/secrets:jaas}"));

    assertThat(errors).isEmpty();
    assertThat(reads)
        .containsExactlyInAnyOrder(
            Path.of("/etc/kmirror/secrets.properties"), Path.of("/run/secrets/jaas"));
  }
}
