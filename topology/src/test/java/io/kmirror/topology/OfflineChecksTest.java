package io.kmirror.topology;

import static io.kmirror.topology.TopologyFiles.problems;
import static io.kmirror.topology.TopologyFiles.twoClusters;
import static io.kmirror.topology.TopologyFiles.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code validate} can tell without a cluster: values that could never work (out-of-range
 * numbers, malformed addresses, config-provider references that cannot resolve) are one-line
 * errors, so that {@code run} is never started on them.
 */
class OfflineChecksTest {

  private static final String PROVIDERS =
      "config.providers = env, file, dir, vault\n"
          + "config.providers.env.class ="
          + " org.apache.kafka.common.config.provider.EnvVarConfigProvider\n"
          + "config.providers.file.class ="
          + " org.apache.kafka.common.config.provider.FileConfigProvider\n"
          + "config.providers.dir.class ="
          + " org.apache.kafka.common.config.provider.DirectoryConfigProvider\n"
          + "config.providers.vault.class = com.example.VaultConfigProvider\n"
          // a vault provider is a plug-in: loaded only with custom classes allowed
          + "kmirror.allow.custom.classes = true";

  @Test
  void anIntervalBeyondOneDayNamesTheKeyAndTheRangeInsteadOfOverflowing() {
    assertThat(problems(twoClusters("A->B.refresh.topics.interval.seconds = 9223372036854775807")))
        .containsExactly(
            "topology.properties: key 'A->B.refresh.topics.interval.seconds' value"
                + " '9223372036854775807' is not a valid interval; expected a whole number of"
                + " seconds from 1 to 86400 (one day)");
  }

  @Test
  void anIntervalTooLongForALongIsTheSameError() {
    assertThat(
            problems(twoClusters("kmirror.metrics.stalled.after.seconds = 99999999999999999999")))
        .containsExactly(
            "topology.properties: key 'kmirror.metrics.stalled.after.seconds' value"
                + " '99999999999999999999' is not a valid interval; expected a whole number of"
                + " seconds from 1 to 86400 (one day)");
  }

  @Test
  void aShutdownTimeoutBeyondAnHourIsAnError() {
    assertThat(problems(twoClusters("kmirror.shutdown.timeout.seconds = 3601")))
        .containsExactly(
            "topology.properties: key 'kmirror.shutdown.timeout.seconds' value '3601' is not a"
                + " valid timeout; expected a whole number of seconds from 1 to 3600 (one hour)");
  }

  @Test
  void oneDayAndOneHourAreTheLongestAccepted() {
    Topology topology =
        TopologyFiles.topology(
            twoClusters(
                "refresh.topics.interval.seconds = 86400",
                "kmirror.shutdown.timeout.seconds = 3600"));

    assertThat(topology.flows().get(0).topics().refreshInterval()).hasDays(1);
    assertThat(topology.settings().shutdownTimeout()).hasHours(1);
  }

  @Test
  void tasksMaxAbove64IsAnError() {
    assertThat(problems(twoClusters("A->B.tasks.max = 10000")))
        .containsExactly(
            "topology.properties: key 'A->B.tasks.max' value '10000' is not a valid task count;"
                + " expected a whole number from 1 to 64");
  }

  @Test
  void aPortOutOfRangeInBootstrapServersIsAnError() {
    assertThat(problems(bootstrapB("localhost:99999")))
        .containsExactly(
            "topology.properties: key 'B.bootstrap.servers' value 'localhost:99999' has an entry"
                + " 'localhost:99999' whose port 99999 is out of range; expected"
                + " host:port[,host:port...] with each port from 1 to 65535, or 'embedded'");
  }

  @Test
  void portZeroAndAnOverlongPortAreOutOfRange() {
    assertThat(problems(bootstrapB("b1:9092,b2:0")))
        .containsExactly(
            "topology.properties: key 'B.bootstrap.servers' value 'b1:9092,b2:0' has an entry"
                + " 'b2:0' whose port 0 is out of range; expected host:port[,host:port...] with"
                + " each port from 1 to 65535, or 'embedded'");
    assertThat(problems(bootstrapB("b:0000009092")))
        .containsExactly(
            "topology.properties: key 'B.bootstrap.servers' value 'b:0000009092' has an entry"
                + " 'b:0000009092' whose port 0000009092 is out of range; expected"
                + " host:port[,host:port...] with each port from 1 to 65535, or 'embedded'");
  }

  @Test
  void anEntryWithoutAPortOrWithAnInvalidHostIsAnError() {
    assertThat(problems(bootstrapB("localhost")))
        .containsExactly(
            "topology.properties: key 'B.bootstrap.servers' value 'localhost' has an entry"
                + " 'localhost' that is not host:port; expected host:port[,host:port...] with each"
                + " port from 1 to 65535, or 'embedded'");
    assertThat(problems(bootstrapB("b1:9092, bad host:9092")))
        .containsExactly(
            "topology.properties: key 'B.bootstrap.servers' value 'b1:9092, bad host:9092' has an"
                + " entry 'bad host:9092' that is not host:port; expected host:port[,host:port...]"
                + " with each port from 1 to 65535, or 'embedded'");
  }

  @Test
  void addressesKafkaAcceptsAreAccepted() {
    Topology topology =
        TopologyFiles.topology(
            bootstrapB("b1.example.com:9092, 10.0.0.1:9093,[::1]:9094,b_4:1,", "env"));

    assertThat(topology.cluster("B").orElseThrow().bootstrap())
        .hasToString("b1.example.com:9092, 10.0.0.1:9093,[::1]:9094,b_4:1,");
  }

  @Test
  void anUnbalancedPlaceholderInBootstrapServersIsAnError() {
    assertThat(problems(bootstrapB("${env:A_BOOTSTRAP", "env")))
        .containsExactly(
            "topology.properties: key 'B.bootstrap.servers' value '${env:A_BOOTSTRAP' has a '${'"
                + " without a closing '}'; expected a config-provider reference"
                + " ${provider:[path:]key}");
  }

  @Test
  void anUnbalancedPlaceholderInAJaasConfigIsAnErrorThatHidesTheValue() {
    List<String> problems =
        problems(
            twoClusters(
                "A.sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule"
                    + " required username=\"u\" password=\"${env:A_JAAS\";"));

    assertThat(problems)
        .containsExactly(
            "topology.properties: key 'A.sasl.jaas.config' value '[hidden]' has a '${' without a"
                + " closing '}'; expected a config-provider reference ${provider:[path:]key}");
  }

  @Test
  void anUnsetEnvironmentVariableNamesTheKeyAndThePlaceholder() {
    assertThat(problems(withProviders("A.sasl.jaas.config = ${env:KMIRROR_UNSET_VARIABLE}")))
        .containsExactly(
            "topology.properties: key 'A.sasl.jaas.config' refers to"
                + " '${env:KMIRROR_UNSET_VARIABLE}', but environment variable"
                + " KMIRROR_UNSET_VARIABLE is not set; expected it set in kmirror's environment");
  }

  @Test
  void aMissingSecretsFileIsAnError() {
    assertThat(problems(withProviders("B.ssl.truststore.password = ${file:/nonexistent:key}")))
        .containsExactly(
            "topology.properties: key 'B.ssl.truststore.password' refers to"
                + " '${file:/nonexistent:key}', but /nonexistent cannot be read (no such file);"
                + " expected a readable properties file");
  }

  @Test
  void aKeyMissingFromTheSecretsFileIsAnErrorThatShowsNoSecret() {
    List<String> problems =
        problems(
            withProviders(
                "B.ssl.keystore.password = ${file:/etc/kmirror/secrets.properties:keystor}"));

    assertThat(problems)
        .containsExactly(
            "topology.properties: key 'B.ssl.keystore.password' refers to"
                + " '${file:/etc/kmirror/secrets.properties:keystor}', but"
                + " /etc/kmirror/secrets.properties has no key 'keystor'; expected the key in that"
                + " file");
    assertThat(String.join("\n", problems)).doesNotContain("s3cr3t");
  }

  @Test
  void aMissingFileOfADirectoryProviderIsAnError() {
    assertThat(problems(withProviders("A.sasl.jaas.config = ${dir:/run/secrets:jas}")))
        .containsExactly(
            "topology.properties: key 'A.sasl.jaas.config' refers to '${dir:/run/secrets:jas}',"
                + " but /run/secrets/jas cannot be read (no such file); expected a readable file");
  }

  @Test
  void aReferenceToAnUndeclaredProviderIsAnError() {
    assertThat(problems(twoClusters("A.sasl.jaas.config = ${env:A_JAAS}")))
        .containsExactly(
            "topology.properties: key 'A.sasl.jaas.config' refers to '${env:A_JAAS}', but config"
                + " provider 'env' is not declared; expected 'config.providers' to list it and"
                + " 'config.providers.env.class' to name its class");
  }

  @Test
  void referencesThatResolveAndProvidersThatAreNotLocalPass() {
    assertThat(
            warnings(
                withProviders(
                    "A.sasl.jaas.config = ${env:A_JAAS}",
                    "B.ssl.truststore.password = ${file:/etc/kmirror/secrets.properties:truststore}",
                    "B.sasl.jaas.config = ${dir:/run/secrets:jaas}",
                    "B.ssl.keystore.password = ${vault:secret/kafka:keystore}")))
        .isEmpty();
  }

  @Test
  void aProviderDeclaredForOneClusterServesThatClustersKeys() {
    assertThat(
            warnings(
                twoClusters(
                    "A.config.providers = env",
                    "A.config.providers.env.class ="
                        + " org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                    "A.sasl.jaas.config = ${env:A_JAAS}")))
        .isEmpty();
  }

  @Test
  void clusterAliasesThatDifferOnlyInCaseAreAnError() {
    assertThat(
            problems(
                "clusters = a, A",
                "a.bootstrap.servers = a:9092",
                "A.bootstrap.servers = b:9092",
                "a->A.enabled = true"))
        .containsExactly(
            "topology.properties: key 'clusters' value 'a, A' names 'a' and 'A', which differ only"
                + " in case; expected aliases that differ in more than case (remote topic names and"
                + " metrics would be hard to tell apart)");
  }

  @Test
  void controlCharactersAreEscapedInEveryProblemLine() {
    List<String> problems = problems(twoClusters("A->B.topics = [\u001b[31m", "x\u0007y = 1"));

    assertThat(problems)
        .containsExactly(
            "topology.properties: key 'A->B.topics' value '[\\u001b[31m' is not a valid regular"
                + " expression (Unclosed character class near index 5); expected a Java regex",
            "topology.properties: warning: key 'x\\u0007y' is not a known kmirror, MM2 or Kafka"
                + " client key; passed to Kafka clients as is");
  }

  @Test
  void unknownKeysAreListedUpToTwentyThenCounted() {
    List<String> lines = new ArrayList<>(List.of(twoClusters()));
    // 40k keys: as many as fit under the parser's 1 MiB file limit.
    for (int i = 0; i < 40_000; i++) {
      lines.add("junk" + i + ".zz = " + i);
    }

    List<String> warnings = warnings(lines.toArray(String[]::new));

    assertThat(warnings).hasSize(21);
    assertThat(warnings.get(0))
        .isEqualTo(
            "topology.properties: warning: key 'junk0.zz' is not a known kmirror, MM2 or Kafka"
                + " client key; passed to Kafka clients as is");
    assertThat(warnings.get(20))
        .isEqualTo(
            "topology.properties: warning: ... and 39980 more unknown keys (only the first 20"
                + " are listed); expected kmirror, MM2 or Kafka client keys");
  }

  @Test
  void aFileThatIsNotUtf8AndANonAsciiTopicNameAreWarnings(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.properties");
    Files.write(
        file,
        String.join("\n", twoClusters("A->B.topics = caf\u00e9.*"))
            .getBytes(StandardCharsets.ISO_8859_1));

    ParsedTopology parsed =
        new TopologyParser(TopologyFiles.SHIPPED_DEFAULTS, TopologyFiles.SOURCES).parse(file);

    assertThat(parsed.warnings().stream().map(Problem::line))
        .containsExactly(
            file
                + ": warning: is not valid UTF-8; read as ISO-8859-1, so non-ASCII characters may"
                + " not be what was meant; expected a UTF-8 file",
            file
                + ": warning: key 'A->B.topics' value 'caf\u00e9.*' has an entry 'caf\u00e9.*' with a"
                + " character no Kafka topic name can hold, so it matches no topic; expected ASCII"
                + " letters, digits, '.', '_' and '-' (and regex syntax)");
  }

  private static String[] bootstrapB(String servers) {
    return new String[] {
      "clusters = A, B",
      "A.bootstrap.servers = a:9092",
      "B.bootstrap.servers = " + servers,
      "A->B.enabled = true"
    };
  }

  private static String[] bootstrapB(String servers, String providers) {
    List<String> lines = new ArrayList<>(List.of(bootstrapB(servers)));
    lines.add("config.providers = " + providers);
    lines.add(
        "config.providers.env.class = org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    return lines.toArray(String[]::new);
  }

  private static String[] withProviders(String... more) {
    List<String> lines = new ArrayList<>(List.of(twoClusters(PROVIDERS)));
    lines.addAll(List.of(more));
    return lines.toArray(String[]::new);
  }
}
