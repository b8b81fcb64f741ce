package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class MainTest {

  @Test
  void helpListsTheCommandsAndExitsZero() {
    CommandRun run = CommandRun.of("--help");

    assertThat(run.status()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .startsWith("Usage: kmirror [-hqV] [--log-level=LEVEL] COMMAND")
        .contains("  validate  ");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void everyCommandHasHelpThatExitsZero() {
    for (String command :
        Main.commandLine(new Console(nowhere(), nowhere())).getSubcommands().keySet()) {
      CommandRun run = CommandRun.of(command, "--help");
      assertThat(run.status()).as(command).isEqualTo(ExitCode.OK);
      assertThat(run.out()).as(command).contains("Usage: kmirror " + command);
    }
    assertThat(CommandRun.of("help", "validate").status()).isEqualTo(ExitCode.OK);
  }

  @Test
  void versionNamesKmirrorAndTheKafkaClientVersion() {
    CommandRun run = CommandRun.of("--version");

    assertThat(run.status()).isEqualTo(ExitCode.OK);
    assertThat(run.outLines()).hasSize(2);
    assertThat(run.outLines().get(0)).startsWith("kmirror ");
    assertThat(run.outLines().get(1)).startsWith("Kafka clients 4.");
  }

  @Test
  void unknownCommandExitsTwoWithASuggestion() {
    CommandRun run = CommandRun.of("valdate", "x.properties");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "kmirror: Unmatched arguments from index 0: 'valdate', 'x.properties'",
            "Did you mean: kmirror validate?",
            "Try 'kmirror --help' for the commands and options.");
  }

  @Test
  void noCommandExitsTwo() {
    CommandRun run = CommandRun.of();

    String commands =
        String.join(
            ", ", Main.commandLine(new Console(nowhere(), nowhere())).getSubcommands().keySet());
    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(commands).contains("validate");
    assertThat(run.errLines())
        .containsExactly(
            "kmirror: Missing command: give one of " + commands,
            "Try 'kmirror --help' for the commands and options.");
  }

  @Test
  void missingArgumentAndUnknownOptionExitTwo() {
    CommandRun missing = CommandRun.of("validate");
    CommandRun unknown = CommandRun.of("validate", "--jsn", "x.properties");

    assertThat(missing.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(missing.errLines())
        .containsExactly(
            "kmirror validate: Missing required parameter: 'FILE'",
            "Try 'kmirror validate --help' for the commands and options.");
    assertThat(unknown.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(unknown.errLines()).first().isEqualTo("kmirror validate: Unknown option: '--jsn'");
  }

  @Test
  void aRuntimeFailureExitsOneWithOneLineAndNoStackTrace() {
    CommandRun run = CommandRun.with(c -> c.addSubcommand(new Failing()), "fail");

    assertThat(run.status()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.errLines()).containsExactly("kmirror fail: failed: cluster B is unreachable");
  }

  @Test
  void badInputFromACommandExitsTwoWithItsMessage() {
    CommandRun run = CommandRun.with(c -> c.addSubcommand(new Refusing()), "refuse");

    assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.errLines()).containsExactly("kmirror refuse: --from C names no cluster");
  }

  private static java.io.PrintWriter nowhere() {
    return new java.io.PrintWriter(java.io.Writer.nullWriter());
  }

  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("cluster B is unreachable");
    }
  }

  @Command(name = "refuse")
  static final class Refusing implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new BadInputException("--from C names no cluster");
    }
  }
}
