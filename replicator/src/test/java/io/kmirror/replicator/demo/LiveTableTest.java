package io.kmirror.replicator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.FlowId;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LiveTableTest {

  private static final FlowId EAST_WEST = FlowId.parse("east->west");
  private static final FlowId WEST_EAST = FlowId.parse("west->east");

  @Test
  void firstTickPrintsTheHeaderThenOneAlignedLinePerFlow() {
    LiveTable table = new LiveTable(List.of(EAST_WEST, WEST_EAST));

    List<String> lines =
        table.tick(
            4,
            List.of(
                new FlowRow(EAST_WEST, 2, 1350, 10, OptionalDouble.of(125.4)),
                new FlowRow(WEST_EAST, 0, 0, 400, OptionalDouble.empty())));

    assertThat(lines)
        .containsExactly(
            "  time  flow          topics    copied       lag    p99 ms",
            "   4 s  east->west         2      1350        10       125",
            "   4 s  west->east         0         0       400         -");
  }

  @Test
  void theHeaderComesBackEveryFifteenTicks() {
    LiveTable table = new LiveTable(List.of(EAST_WEST));
    List<FlowRow> rows = List.of(new FlowRow(EAST_WEST, 1, 1, 0, OptionalDouble.empty()));

    long headers = 0;
    for (int tick = 0; tick < 31; tick++) {
      headers += table.tick(tick * 2L, rows).stream().filter(l -> l.startsWith("  time")).count();
    }

    assertThat(headers).isEqualTo(3);
  }

  @Test
  void millisecondsShowOneDecimalOnlyBelowTen() {
    assertThat(LiveTable.millis(OptionalDouble.of(3.25))).isEqualTo("3.3");
    assertThat(LiveTable.millis(OptionalDouble.of(42.4))).isEqualTo("42");
    assertThat(LiveTable.millis(OptionalDouble.empty())).isEqualTo("-");
  }
}
