package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownHookIT {

  @Test
  void aJvmThatExitsWithoutClosingItsClusterStillDeletesTheClustersData() throws Exception {
    // Given a separate JVM that starts a cluster, reports its data directory and exits
    Path report = Files.createTempFile("embedded-cluster-hook-report", ".txt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExitWithoutClose.class.getName(),
                report.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();

    // When it has exited without calling close()
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM exited").isTrue();

    // Then it exited normally and the directory it reported is gone
    assertThat(child.exitValue()).isZero();
    String dataDirectory = Files.readString(report, StandardCharsets.UTF_8).trim();
    Files.delete(report);
    assertThat(dataDirectory).startsWith(System.getProperty("java.io.tmpdir"));
    assertThat(Path.of(dataDirectory)).doesNotExist();
  }

  /** The child: start, prove the folder exists, exit the JVM with the cluster still running. */
  public static final class ExitWithoutClose {

    private ExitWithoutClose() {}

    public static void main(String[] args) throws IOException {
      EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().name("exit-hook").build();
      cluster.start();
      Path dataDirectory = cluster.dataDirectory();
      if (!Files.isDirectory(dataDirectory)) {
        Runtime.getRuntime().exit(3);
      }
      Files.writeString(Path.of(args[0]), dataDirectory.toString(), StandardCharsets.UTF_8);
      Runtime.getRuntime().exit(0);
    }
  }
}
