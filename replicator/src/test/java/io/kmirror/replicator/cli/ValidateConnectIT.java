package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.broker.EmbeddedKafkaCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmirror validate --connect} against a real cluster and against an address nothing listens
 * on: each check is one line, and a cluster that cannot be used makes the exit status 1.
 */
class ValidateConnectIT {

  private static EmbeddedKafkaCluster kafka;

  @TempDir Path dir;

  @BeforeAll
  static void startCluster() throws Exception {
    kafka = EmbeddedKafkaCluster.builder().name("preflight").brokers(1).build();
    kafka.start();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
    }
  }

  @AfterAll
  static void stopCluster() {
    kafka.close();
  }

  /**
   * Without an authorizer every operation is allowed, on the flow's topics and groups that do not
   * exist yet too, so none is left "not there yet".
   */
  @Test
  void reachableClustersArePassedCheckByCheckWithExitZero() throws IOException {
    // Given two aliases for one running cluster
    Path file = file(kafka.bootstrapServers(), kafka.bootstrapServers());

    // When validate --connect asks them
    CommandRun run = CommandRun.of("validate", file.toString(), "--connect");

    // Then every check passes, one line each, and nothing is reported as a problem
    assertThat(run.status()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.err()).isEmpty();
    String reached = ": reached, cluster id " + kafka.clusterId() + ", 1 broker(s)";
    assertThat(run.outLines())
        .endsWith(
            "",
            "Preflight (--connect)",
            "  cluster A at " + kafka.bootstrapServers() + reached,
            "  cluster B at " + kafka.bootstrapServers() + reached,
            "  flow A->B: 26 permission(s) granted on A and B, none missing");
  }

  @Test
  void anUnreachableClusterIsOneLineAndExitOne() throws IOException {
    // Given a target address nothing listens on
    String nowhere = "localhost:" + closedPort();
    Path file = file(kafka.bootstrapServers(), nowhere);

    // When validate --connect asks it, for at most 2 s a call
    CommandRun run = CommandRun.of("validate", file.toString(), "--connect", "--connect-timeout=2");

    // Then the source passes and the target is named in one line; exit 1
    assertThat(run.status()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0))
        .startsWith("kmirror validate: cluster B at " + nowhere + ": cannot be used within 2 s (")
        .contains("Timed out");
    assertThat(run.outLines())
        .contains(
            "  cluster A at "
                + kafka.bootstrapServers()
                + ": reached, cluster id "
                + kafka.clusterId()
                + ", 1 broker(s)");
  }

  private Path file(String a, String b) throws IOException {
    Path file = dir.resolve("topology.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "clusters = A, B",
            "A.bootstrap.servers = " + a,
            "B.bootstrap.servers = " + b,
            "A->B.enabled = true",
            "A->B.topics = orders"));
    return file;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
