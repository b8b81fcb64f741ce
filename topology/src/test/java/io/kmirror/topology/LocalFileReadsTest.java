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
 * with Kafka's own {@code FileConfigProvider} or {@code DirectoryConfigProvider}: a reference to an
 * undeclared provider, to another provider class, or a client key naming a file is never read by
 * the parser (the Kafka client reads the files its own keys name, such as a trust store, when it is
 * built).
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
  void aProviderOfAnotherClassIsLeftToTheClientAndNothingIsRead() {
    errors(
        base(
            "config.providers = vault",
            "config.providers.vault.class = com.example.VaultConfigProvider",
            "A.sasl.jaas.config = ${vault:/etc/shadow:root}"));

    assertThat(reads).isEmpty();
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
