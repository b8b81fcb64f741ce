package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --log-level} and {@code --quiet}, accepted by every command. */
class LogOptionsTest {

  @TempDir Path dir;

  @AfterEach
  void restoreTheTestLogging() {
    Configurator.reconfigure();
  }

  @Test
  void logLevelSetsKmirrorsOwnLoggersOnAnyCommand() throws IOException {
    CommandRun run = CommandRun.of("validate", "--log-level", "DEBUG", file().toString());

    assertThat(run.status()).isEqualTo(ExitCode.OK);
    assertThat(LogManager.getLogger("io.kmirror.replicator.runtime").getLevel())
        .isEqualTo(Level.DEBUG);
  }

  @Test
  void quietLeavesOnlyErrors() throws IOException {
    CommandRun run = CommandRun.of("validate", "--quiet", file().toString());

    assertThat(run.status()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains(": valid, 2 clusters");
    assertThat(LogManager.getLogger("io.kmirror.replicator.runtime").getLevel())
        .isEqualTo(Level.ERROR);
    assertThat(LogManager.getLogger("org.apache.kafka.clients.NetworkClient").getLevel())
        .isEqualTo(Level.ERROR);
  }

  @Test
  void anUnknownLevelExitsTwoNamingTheAcceptedOnes() throws IOException {
    CommandRun run = CommandRun.of("validate", "--log-level=LOUD", file().toString());

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "kmirror validate: Invalid value for option '--log-level': expected one of [ERROR,"
                + " WARN, INFO, DEBUG] (case-sensitive) but was 'LOUD'");
  }

  @Test
  void demoHelpKeepsEachParagraphWhole() {
    CommandRun run = CommandRun.of("demo", "--help");

    assertThat(run.outLines().subList(1, 6))
        .containsExactly(
            "Runs a topology on embedded clusters with sample traffic and shows replication",
            "live: records copied, lag and p99 latency per flow, every 2 s, until Ctrl-C or",
            "SIGTERM.",
            "With --duration, stops the traffic after that many seconds and verifies that",
            "every target holds exactly the records of its sources.");
  }

  private Path file() throws IOException {
    Path file = dir.resolve("topology.properties");
    Files.writeString(
        file,
        "clusters = A, B\nA.bootstrap.servers = a:9092\nB.bootstrap.servers = b:9092\n"
            + "A->B.enabled = true\n");
    return file;
  }
}
