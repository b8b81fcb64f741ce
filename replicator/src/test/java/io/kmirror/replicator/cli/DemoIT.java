package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code kmirror demo --duration S}, in-process, on two of the shipped examples: embedded clusters,
 * sample traffic, the replicator, then the verdict. Each run takes its duration plus about ten
 * seconds of start, catch-up and drain.
 */
class DemoIT {

  /** A verdict row whose source and target counts are equal and non-zero, and say "ok". */
  private static Pattern okRow(String flow, String topic, String remote) {
    return Pattern.compile(
        "  "
            + Pattern.quote(flow)
            + " +"
            + Pattern.quote(topic)
            + " +"
            + Pattern.quote(remote)
            + " +([1-9][0-9]*) +\\1  ok");
  }

  private static Path example(String name) {
    return Path.of("..", "config-examples", name + ".properties");
  }

  @Test
  void quickstartRunsFifteenSecondsAndVerifiesEveryRecordOnTheTarget() {
    CommandRun run = CommandRun.of("demo", example("quickstart").toString(), "--duration", "15");

    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    List<String> out = run.outLines();
    assertThat(out)
        .anyMatch(line -> line.matches("replicator mirroring every flow \\d+ ms after its start"));
    assertThat(out)
        .anyMatch(
            line ->
                line.matches(
                    "metrics at http://localhost:\\d+/metrics \\(also /ready, /api/status\\);"
                        + " watch them: .*"));
    assertThat(out)
        .contains(
            "producing 50 records/s to each of orders, payments on A",
            "flow A->B mirrors orders -> A.orders, payments -> A.payments",
            "  time  flow    topics    copied       lag    p99 ms");
    // Two sample topics, and the heartbeats topic once the flow mirrors it.
    assertThat(out).anyMatch(line -> line.matches(" +\\d+ s  A->B +[23] +\\d+ +\\d+ +[0-9.]+"));
    assertThat(out).anyMatch(line -> okRow("A->B", "orders", "A.orders").matcher(line).matches());
    assertThat(out)
        .anyMatch(line -> okRow("A->B", "payments", "A.payments").matcher(line).matches());
    assertThat(out)
        .anyMatch(
            line ->
                line.matches(
                    "PASS: every target holds every source record exactly once \\(2 topic routes,"
                        + " 1[45]\\d\\d records produced, no loops\\)"));
    assertThat(out)
        .anyMatch(line -> line.matches("latency A->B: p99 [0-9.]+ ms over \\d+ records.*"));
  }

  @Test
  void activeActiveMirrorsBothWaysWithoutLoops() {
    CommandRun run = CommandRun.of("demo", example("active-active").toString(), "--duration", "10");

    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    List<String> out = run.outLines();
    for (String[] route :
        new String[][] {
          {"east->west", "orders", "east.orders"},
          {"east->west", "payments", "east.payments"},
          {"west->east", "orders", "west.orders"},
          {"west->east", "payments", "west.payments"}
        }) {
      assertThat(out)
          .as(String.join(" ", route))
          .anyMatch(line -> okRow(route[0], route[1], route[2]).matcher(line).matches());
    }
    assertThat(out).noneMatch(line -> line.startsWith("  LOOP:"));
    assertThat(out)
        .anyMatch(
            line ->
                line.startsWith(
                    "PASS: every target holds every source record exactly once (4 topic routes,"));
  }
}
