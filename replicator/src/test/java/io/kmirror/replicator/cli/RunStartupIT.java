package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.replicator.testing.KmirrorProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmirror run} in its own JVM, within {@code kmirror.startup.timeout.seconds}: a flow the
 * clients refuse for good ends the process with status 1 and one line; clusters that do not answer
 * are retried for ever, with one line saying what the process waits for once the window closes and
 * a status line per flow every {@code kmirror.status.interval.seconds}.
 */
class RunStartupIT {

  @TempDir Path tmp;

  @Test
  void aClientConfigurationTheClientsRejectEndsRunWithStatusOneAndOneLine() throws Exception {
    Path file = topology("A.security.protocol = NOPE", "kmirror.startup.timeout.seconds = 30");

    try (KmirrorProcess kmirror = run(file)) {
      assertThat(kmirror.awaitExit(Duration.ofSeconds(60)))
          .as("exit status within 60 s; stderr:%n%s", kmirror.log())
          .hasValue(1);
      List<String> lines = kmirror.log().lines().filter(l -> l.startsWith("kmirror run:")).toList();
      assertThat(lines)
          .containsExactly(
              "kmirror run: flow A->B refused: client configuration rejected: ConfigException:"
                  + " Invalid value NOPE for configuration security.protocol: String must be one"
                  + " of (case insensitive): SASL_SSL, PLAINTEXT, SSL, SASL_PLAINTEXT; this will"
                  + " not heal by itself: fix the file or the credentials");
      assertThat(kmirror.log()).containsOnlyOnce("event=flow-refused");
    }
  }

  @Test
  void clustersThatDoNotAnswerAreNamedAfterTheWindowAndRetriedWithoutExiting() throws Exception {
    Path file =
        topology("kmirror.startup.timeout.seconds = 12", "kmirror.status.interval.seconds = 2");

    try (KmirrorProcess kmirror = run(file)) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> kmirror.log().contains("kmirror run: after 12 s flow A->B"));
      String line =
          kmirror
              .log()
              .lines()
              .filter(l -> l.startsWith("kmirror run: after 12 s flow A->B"))
              .findFirst()
              .orElseThrow();
      assertThat(line)
          .startsWith("kmirror run: after 12 s flow A->B is still waiting (cluster ")
          .contains(" unreachable: ")
          .endsWith(
              "); a cluster that does not answer may yet come up, so kmirror keeps retrying with"
                  + " backoff");
      assertThat(kmirror.isAlive()).as("still running, retrying").isTrue();
      // and the periodic status line says the same, per flow
      assertThat(kmirror.log())
          .containsPattern(
              "flow=A->B event=flow-status state=RETRYING copied=0 lag=0 partitions=0 topics=0"
                  + " reason=\"cluster [AB] at localhost:\\d+ unreachable: ");

      assertThat(kmirror.stop(Duration.ofSeconds(30))).hasValue(0);
    }
  }

  /** Two external clusters on ports nothing listens on, one enabled flow, plus {@code more}. */
  private Path topology(String... more) throws IOException {
    Path file = tmp.resolve("topology.properties");
    String lines =
        String.join(
            "\n",
            "clusters = A, B",
            "A.bootstrap.servers = localhost:" + closedPort(),
            "B.bootstrap.servers = localhost:" + closedPort(),
            "A->B.enabled = true",
            "kmirror.http.port = 0",
            String.join("\n", more));
    Files.writeString(file, lines);
    return file;
  }

  private KmirrorProcess run(Path file) {
    return new KmirrorProcess(file, tmp, List.of()).start();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
