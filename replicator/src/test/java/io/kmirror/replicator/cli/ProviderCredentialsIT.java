package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials through config providers in every command that connects: A's SCRAM password comes
 * from {@code ${env:KMIRROR_IT_SCRAM_PASSWORD}} (set for the test JVM by the failsafe
 * configuration), B's from {@code ${file:...}}. {@code run} mirrors, {@code failover} commits a
 * group's position on B, a live {@code drill} passes, and neither password appears in any output or
 * in the drill's reports.
 */
class ProviderCredentialsIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String ENV = "KMIRROR_IT_SCRAM_PASSWORD";

  @TempDir Path dir;

  @Test
  void runFailoverAndDrillResolveEnvAndFileCredentials() throws Exception {
    String envPassword = System.getenv(ENV);
    assertThat(envPassword).as(ENV + " is set by the failsafe configuration").isNotBlank();
    String filePassword = "from-file-pw-7781";
    try (EmbeddedKafkaCluster a =
            EmbeddedKafkaCluster.builder().name("A").scram("mirror", envPassword).build();
        EmbeddedKafkaCluster b =
            EmbeddedKafkaCluster.builder().name("B").scram("mirror", filePassword).build()) {
      a.start();
      b.start();
      Path file = topology(a, b, filePassword);
      try (Admin adminA = Admin.create(a.clientProperties());
          Admin adminB = Admin.create(b.clientProperties())) {
        // Given 100 records on A and two groups part-way through them
        Records.createTopic(adminA, "pc-orders", 2, Map.of());
        Records.produceSample(a, "A", "pc-orders", 2, 0, 100);
        Records.commit(adminA, "g-fo", Map.of(tp("pc-orders", 0), 20L, tp("pc-orders", 1), 30L));
        Records.commit(adminA, "g-drill", Map.of(tp("pc-orders", 0), 10L, tp("pc-orders", 1), 5L));

        // When run mirrors with the resolved credentials
        try (Replicators replicator =
            Replicators.start(
                new TopologyParser().parse(file).topology(),
                Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers()),
                Replicators.FAST)) {
          Records.readExactly(b, "A.pc-orders", 100, WAIT);

          // And failover moves g-fo (repeated until the offset index covers its position)
          String[] failover = {
            "failover", file.toString(), "--from", "A", "--to", "B", "--group", "g-fo"
          };
          List<CommandRun> runs = new ArrayList<>();
          await()
              .atMost(WAIT)
              .until(
                  () -> {
                    CommandRun run = CommandRun.of(failover);
                    runs.add(run);
                    return run.status() == ExitCode.OK;
                  });

          // And a live drill verifies g-drill
          Path base = dir.resolve("reports").resolve("pc");
          CommandRun drill =
              CommandRun.of(
                  "drill",
                  file.toString(),
                  "--from",
                  "A",
                  "--to",
                  "B",
                  "--groups",
                  "g-drill",
                  "--report",
                  base.toString());
          runs.add(drill);

          // Then both commands worked on the secured clusters
          assertThat(committed(adminB, "g-fo")).isEqualTo(Map.of(0, 20L, 1, 30L));
          assertThat(drill.status()).as(drill.out() + drill.err()).isEqualTo(ExitCode.OK);
          assertThat(drill.outLines()).contains("drill A->B (live): PASSED");
          assertThat(committed(adminB, "g-drill")).isEqualTo(Map.of(0, 10L, 1, 5L));

          // And no password shows in any output or report
          List<String> shown = new ArrayList<>();
          runs.forEach(r -> shown.add(r.out() + r.err()));
          try (Stream<Path> reports = Files.list(dir.resolve("reports"))) {
            for (Path report : reports.toList()) {
              shown.add(Files.readString(report));
            }
          }
          assertThat(shown).hasSizeGreaterThan(2);
          for (String text : shown) {
            assertThat(text).doesNotContain(envPassword).doesNotContain(filePassword);
          }
        }
      }
    }
  }

  private Path topology(EmbeddedKafkaCluster a, EmbeddedKafkaCluster b, String filePassword)
      throws Exception {
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "b.password=" + filePassword + "\n");
    String jaas =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"mirror\""
            + " password=\"%s\";";
    Path file = dir.resolve("topology.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "clusters = A, B",
            "A.bootstrap.servers = " + a.bootstrapServers(),
            "B.bootstrap.servers = " + b.bootstrapServers(),
            "A->B.enabled = true",
            "A->B.topics = pc-.*",
            "A->B.groups = g-.*",
            "refresh.topics.interval.seconds = 1",
            "refresh.groups.interval.seconds = 1",
            "emit.checkpoints.interval.seconds = 1",
            "sync.group.offsets.enabled = false",
            "config.providers = env, file",
            "config.providers.env.class ="
                + " org.apache.kafka.common.config.provider.EnvVarConfigProvider",
            "config.providers.file.class ="
                + " org.apache.kafka.common.config.provider.FileConfigProvider",
            "security.protocol = SASL_PLAINTEXT",
            "sasl.mechanism = SCRAM-SHA-256",
            "A.sasl.jaas.config = " + String.format(jaas, "${env:" + ENV + "}"),
            "B.sasl.jaas.config = " + String.format(jaas, "${file:" + secrets + ":b.password}"),
            ""));
    return file;
  }

  private static TopicPartition tp(String topic, int partition) {
    return new TopicPartition(topic, partition);
  }

  private static Map<Integer, Long> committed(Admin admin, String group) throws Exception {
    Map<Integer, Long> offsets = new TreeMap<>();
    Records.committed(admin, group).forEach((tp, x) -> offsets.put(tp.partition(), x));
    return offsets;
  }
}
