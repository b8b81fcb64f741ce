package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.replicator.testing.KmirrorProcess;
import io.kmirror.replicator.testing.Scrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmirror run} as an operator runs it: a separate JVM, stopped by SIGTERM. It must drain
 * (the replicator stops before its embedded brokers go), exit 0 within the 30 s a service manager
 * allows, and leave no cluster data behind.
 */
class RunSignalIT {

  private static final Path QUICKSTART = Path.of("..", "config-examples", "quickstart.properties");

  @Test
  void sigtermDrainsTheReplicatorThenTheClustersAndExitsZeroWithin30Seconds(@TempDir Path tmp)
      throws Exception {
    // Given kmirror run on the quick-start topology, in its own JVM with its own temp folder
    Path clusterTmp = Files.createDirectory(tmp.resolve("clusters"));
    try (KmirrorProcess kmirror =
        new KmirrorProcess(QUICKSTART, tmp, List.of("-Djava.io.tmpdir=" + clusterTmp)).start()) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> kmirror.stdout().contains("kmirror running 1 flow(s)"));
      await().atMost(Duration.ofSeconds(60)).until(() -> kmirror.log().contains("worker-started"));
      int port = kmirror.httpPort(Duration.ofSeconds(10));
      assertThat(Scrape.get(port, "/health").statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(Scrape.from(port).value("kmirror_flow_up", Map.of())).isEqualTo(1));

      // When the service manager sends SIGTERM
      OptionalInt exit = kmirror.stop(Duration.ofSeconds(30));

      // Then it exits 0 within 30 s, after a complete drain, and deletes its clusters' data
      assertThat(exit).as("exit status within 30 s; stderr:%n%s", kmirror.log()).hasValue(0);
      String log = kmirror.log();
      assertThat(log).contains("event=replicator-stopped").doesNotContain("stop-incomplete");
      assertThat(log.indexOf("event=worker-stopped"))
          .as("the workers drain before the replicator reports stopped")
          .isBetween(0, log.indexOf("event=replicator-stopped"));
      try (Stream<Path> left = Files.list(clusterTmp)) {
        assertThat(left.map(Path::getFileName).map(Path::toString))
            .noneMatch(name -> name.startsWith("kmirror-"));
      }
    }
  }
}
