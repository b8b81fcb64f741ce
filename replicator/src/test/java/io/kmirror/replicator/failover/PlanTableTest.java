package io.kmirror.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The plan failover prints before it commits anything, line by line. */
class PlanTableTest {

  private static final FlowId FLOW = new FlowId("primary", "dr");
  private static final Instant CUT = Instant.parse("2026-11-22T05:00:00Z");
  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private static PlanRow row(
      String group, TopicPartition source, long committed, Long target, String note) {
    return new PlanRow(
        group,
        source,
        new TopicPartition("primary.orders", source.partition()),
        committed,
        "",
        target == null ? OptionalLong.empty() : OptionalLong.of(target),
        note.isEmpty(),
        note);
  }

  @Test
  void aLivePlanShowsEveryRowWhatTheTargetLacksAndTheRefusedGroups() {
    // Given a plan read from a reachable source, one group active on the target
    PlanBasis basis =
        new PlanBasis(
            CUT, true, "", Duration.ofSeconds(10), Optional.empty(), Map.of(P0, 0L, P1, 12L));
    FailoverPlan plan =
        new FailoverPlan(
            FLOW,
            basis,
            List.of("billing", "busy"),
            List.of(
                row("billing", P0, 357, 357L, ""),
                row(
                    "billing",
                    P1,
                    340,
                    330L,
                    "not yet replicated: mirrored up to source offset 330"),
                row("busy", P0, 5, 5L, "")),
            Map.of("busy", 2));

    // When it is printed, then it reads
    assertThat(PlanTable.lines(plan))
        .containsExactly(
            "plan primary->dr: committed offsets read from primary at 2026-11-22T05:00:00Z (the cut);"
                + " translated with kmirror's offset index on dr",
            "  group    topic on dr     partition  committed on primary  translated on dr  not yet on dr at cut"
                + "  translation",
            "  billing  primary.orders          0                   357               357                     0"
                + "  exact",
            "  billing  primary.orders          1                   340               330                    12"
                + "  not yet replicated: mirrored up to source offset 330",
            "  busy     primary.orders          0                     5                 5                     0"
                + "  refused: group active on dr",
            "refused: group busy has 2 active member(s) on dr; stop its consumers there first (nothing"
                + " committed for it)");
  }

  @Test
  void aPlanFromCheckpointsSaysTheSourceWasUnreachableAndAsOfWhen() {
    PlanBasis basis =
        new PlanBasis(
            CUT,
            false,
            "TimeoutException",
            Duration.ofSeconds(5),
            Optional.of(Instant.parse("2026-11-22T04:59:58Z")),
            Map.of());
    FailoverPlan plan =
        new FailoverPlan(
            FLOW, basis, List.of("audit"), List.of(row("audit", P0, 2, 2L, "")), Map.of());

    List<String> lines = PlanTable.lines(plan);

    assertThat(lines.get(0))
        .isEqualTo(
            "plan primary->dr: source primary UNREACHABLE within 5 s (TimeoutException); using the last"
                + " checkpoints on dr (as of 2026-11-22T04:59:58Z): a group that committed on primary after"
                + " that re-reads those records");
    assertThat(lines.get(2)).endsWith("2                 2                     ?  exact");
  }
}
