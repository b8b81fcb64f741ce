package io.kmirror.topology;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;

/** Builds topology files from lines and parses them with kmirror's shipped defaults only. */
final class TopologyFiles {

  static final String NAME = "topology.properties";

  /** reference.conf without the environment, so a developer's KMIRROR_* cannot change results. */
  static final Config SHIPPED_DEFAULTS =
      ConfigFactory.parseResources("reference.conf").resolve(ConfigResolveOptions.noSystem());

  /**
   * The environment and files config-provider references in these tests may name: {@code
   * ${env:A_JAAS}}, {@code ${env:A_BOOTSTRAP}}, {@code ${file:/etc/kmirror/secrets.properties:K}}
   * with K one of truststore, keystore, jaas; {@code ${dir:/run/secrets:jaas}}.
   */
  static final ProviderSources SOURCES =
      ProviderSources.of(
          Map.of("A_JAAS", "s3cr3t-jaas", "A_BOOTSTRAP", "a:9092"),
          Map.of(
              "/etc/kmirror/secrets.properties",
              "truststore = s3cr3t-1\nkeystore = s3cr3t-2\njaas = s3cr3t-3\n",
              "/run/secrets/jaas",
              "s3cr3t-4"));

  private TopologyFiles() {}

  static ParsedTopology parse(String... lines) {
    return new TopologyParser(SHIPPED_DEFAULTS, SOURCES)
        .parse(Path.of(NAME), String.join("\n", lines));
  }

  static Topology topology(String... lines) {
    return parse(lines).topology();
  }

  /** The one-line form of every problem (errors, then warnings) of a file that must not load. */
  static List<String> problems(String... lines) {
    TopologyException e =
        Assertions.catchThrowableOfType(TopologyException.class, () -> parse(lines));
    Assertions.assertThat(e).as("the file should have failed to load").isNotNull();
    return e.problems().stream().map(Problem::line).toList();
  }

  static List<String> warnings(String... lines) {
    return parse(lines).warnings().stream().map(Problem::line).toList();
  }

  /** Two external clusters A and B and one enabled flow A->B, plus {@code more}. */
  static String[] twoClusters(String... more) {
    List<String> lines =
        new java.util.ArrayList<>(
            List.of(
                "clusters = A, B",
                "A.bootstrap.servers = a1:9092,a2:9092",
                "B.bootstrap.servers = b1:9092",
                "A->B.enabled = true"));
    lines.addAll(List.of(more));
    return lines.toArray(String[]::new);
  }
}
