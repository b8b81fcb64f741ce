package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's bad-input paths; they end before any cluster starts. DemoIT runs the real thing. */
class DemoCommandTest {

  @Test
  void withoutAFileOutsideTheRepositoryRootItSaysWhereItLookedAndExitsTwo() {
    // Tests run in replicator/, where config-examples/ is not.
    CommandRun run = CommandRun.of("demo");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "kmirror demo: no FILE given and config-examples/quickstart.properties is not in "
                + Path.of("").toAbsolutePath()
                + "; run from the repository root or name a topology file");
  }

  @Test
  void aRateOutOfRangeExitsTwo() {
    CommandRun run = CommandRun.of("demo", "--rate", "0");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly(
            "kmirror demo: --rate 0 is out of range; expected 1..100000 records/s per topic");
  }

  @Test
  void aDurationBelowOneSecondExitsTwo() {
    CommandRun run = CommandRun.of("demo", "--duration", "0");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly("kmirror demo: --duration 0 is too short; expected at least 1 second");
  }

  @Test
  void aFlowThatGivesNoSampleTopicExitsTwoNamingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("all.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "clusters = A, B",
            "A.bootstrap.servers = embedded",
            "B.bootstrap.servers = embedded",
            "A->B.enabled = true",
            "A->B.topics = .*",
            ""));

    CommandRun run = CommandRun.of("demo", file.toString());

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "kmirror demo: flow A->B: no sample topic name can be derived from topics = .* (the"
                + " demo needs a literal name like orders or a prefix like orders.* that the flow"
                + " mirrors)");
  }
}
