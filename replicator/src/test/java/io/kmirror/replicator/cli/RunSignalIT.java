package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.replicator.testing.Scrape;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    Path out = tmp.resolve("stdout.txt");
    Path err = tmp.resolve("stderr.txt");
    Path clusterTmp = Files.createDirectory(tmp.resolve("clusters"));
    Process kmirror =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + clusterTmp,
                // The shipped logging set-up, not the tests': stderr, and no Log4j exit hook
                // that would swallow the drain's lines.
                "-Dlog4j2.configurationFile=log4j2.xml",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                QUICKSTART.toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> read(out).contains("kmirror running 1 flow(s)"));
      await().atMost(Duration.ofSeconds(60)).until(() -> read(err).contains("worker-started"));
      Matcher url =
          Pattern.compile("metrics, health and status: http://localhost:(\\d+)/metrics")
              .matcher(read(out));
      assertThat(url.find()).as(read(out)).isTrue();
      int port = Integer.parseInt(url.group(1));
      assertThat(Scrape.get(port, "/health").statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(Scrape.from(port).value("kmirror_flow_up", Map.of())).isEqualTo(1));

      // When the service manager sends SIGTERM
      kmirror.destroy();

      // Then it exits 0 within 30 s, after a complete drain, and deletes its clusters' data
      assertThat(kmirror.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
      assertThat(kmirror.exitValue()).as("exit status; stderr:%n%s", read(err)).isZero();
      String log = read(err);
      assertThat(log).contains("event=replicator-stopped").doesNotContain("stop-incomplete");
      assertThat(log.indexOf("event=worker-stopped"))
          .as("the workers drain before the replicator reports stopped")
          .isBetween(0, log.indexOf("event=replicator-stopped"));
      try (Stream<Path> left = Files.list(clusterTmp)) {
        assertThat(left.map(Path::getFileName).map(Path::toString))
            .noneMatch(name -> name.startsWith("kmirror-"));
      }
    } finally {
      kmirror.destroyForcibly();
    }
  }

  private static String read(Path file) throws IOException {
    File f = file.toFile();
    return f.exists() ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
