package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to failover, failback and drill: one exact line, exit 2, before any cluster is
 * contacted (the file's addresses point nowhere). FailoverIT and DrillIT run the real thing.
 */
class FailoverCommandTest {

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void writeActivePassive() throws Exception {
    file = dir.resolve("ap.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "clusters = primary, dr, lab",
            "primary.bootstrap.servers = 127.0.0.1:9",
            "dr.bootstrap.servers = 127.0.0.1:9",
            "lab.bootstrap.servers = embedded",
            "primary->dr.enabled = true",
            "primary->lab.enabled = true",
            ""));
  }

  @Test
  void aFlowTheFileDoesNotHaveExitsTwoNamingTheFlowsItHas() {
    CommandRun run =
        CommandRun.of(
            "failover", file.toString(), "--from", "dr", "--to", "primary", "--group", "g");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly(
            "kmirror failover: "
                + file
                + " has no flow dr->primary (flows: primary->dr, primary->lab)");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnknownClusterExitsTwoNamingTheClusters() {
    CommandRun run =
        CommandRun.of(
            "failover", file.toString(), "--from", "primry", "--to", "dr", "--all-groups");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly(
            "kmirror failover: --from primry names no cluster in "
                + file
                + " (clusters: primary, dr, lab)");
  }

  @Test
  void neitherGroupNorAllGroupsExitsTwo() {
    CommandRun run = CommandRun.of("failover", file.toString(), "--from", "primary", "--to", "dr");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly("kmirror failover: give --group G (repeatable) or --all-groups");
  }

  @Test
  void bothGroupAndAllGroupsExitsTwo() {
    CommandRun run =
        CommandRun.of(
            "failover",
            file.toString(),
            "--from",
            "primary",
            "--to",
            "dr",
            "--group",
            "g",
            "--all-groups");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly("kmirror failover: --group and --all-groups exclude each other; give one");
  }

  @Test
  void anEmbeddedClusterExitsTwoAskingForItsAddress() {
    CommandRun run =
        CommandRun.of(
            "failover", file.toString(), "--from", "primary", "--to", "lab", "--group", "g");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly(
            "kmirror failover: cluster lab is embedded in "
                + file
                + " (it lives only inside the process that started it); set lab.bootstrap.servers to its address");
  }

  @Test
  void failbackWithoutTheReverseFlowExitsTwoNamingIt() {
    CommandRun run =
        CommandRun.of(
            "failback", file.toString(), "--from", "dr", "--to", "primary", "--all-groups");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly(
            "kmirror failback: "
                + file
                + " has no flow dr->primary: failback needs the reverse flow of the failover (add dr->primary.enabled"
                + " = true and run it until primary has dr's data; flows: primary->dr, primary->lab)");
  }

  @Test
  void drillWithoutFileOrEmbeddedExitsTwo() {
    CommandRun run = CommandRun.of("drill");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly("kmirror drill: give FILE --from A --to B, or --embedded");
  }

  @Test
  void drillWithoutFromAndToExitsTwo() {
    CommandRun run = CommandRun.of("drill", file.toString());

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly("kmirror drill: give --from and --to: the flow to drill");
  }

  @Test
  void drillEmbeddedWithAFileExitsTwo() {
    CommandRun run = CommandRun.of("drill", "--embedded", file.toString());

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines())
        .containsExactly(
            "kmirror drill: --embedded runs a built-in topology (primary->dr) with its own groups;"
                + " give no FILE, --from, --to or --groups");
  }
}
